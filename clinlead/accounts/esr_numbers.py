"""ESR staff numbers people give on their profile, read for the Electronic Staff Record's export."""

from collections.abc import Sequence

from .models import Profile

_CHUNK = 2000  # a database limits how many values one query may carry


def esr_staff_numbers(user_ids: Sequence[int]) -> dict[int, str]:
    """The ESR staff number of each of these people who gave one."""
    wanted, found = sorted(set(user_ids)), {}
    for start in range(0, len(wanted), _CHUNK):
        rows = (
            Profile.objects.filter(user_id__in=wanted[start : start + _CHUNK])
            .exclude(esr_staff_number="")
            .values_list("user_id", "esr_staff_number")
        )
        found.update(dict(rows))
    return found


def esr_staff_number_holders(numbers: Sequence[str]) -> dict[str, list[int]]:
    """Everyone, anywhere, who gave each of these staff numbers (so a number two people gave can be found)."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, list[int]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = (
            Profile.objects.filter(esr_staff_number__in=wanted[start : start + _CHUNK])
            .order_by("user_id")
            .values_list("esr_staff_number", "user_id")
        )
        for number, user_id in rows:
            found.setdefault(number, []).append(user_id)
    return found
