"""Seats on licences: who holds one, taking them (for one learner on a first launch, or for many people at once
when a manager enrols them, all or none), and releasing them when an employment ends (docs/decisions/0022).

Every take locks the licences' rows (SELECT ... FOR UPDATE, in primary-key order so that two takes never wait on
each other crosswise) before counting their open seats, so two takes at once never hold more seats than a
licence has. SQLite writes one transaction at a time, so there the lock is not needed.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from .access import current_employments
from .data import LicenceAccess, SeatsTaken
from .models import Employment, Licence, Organisation, Seat
from .tree import ancestor_ids

BATCH = 2000  # people per query when checking who holds a seat already


def _covering(organisation_ids: set[int], programme_key: str) -> list[Licence]:
    """Licences granted at these organisations that cover the programme: the nearest organisation first (the
    deepest in the tree), then the one ending last. JSON "contains" is not on SQLite, so the keys are checked here.
    """
    found = Licence.objects.filter(organisation_id__in=organisation_ids).select_related("organisation")
    covering = [lic for lic in found if programme_key in lic.programme_keys]
    return sorted(covering, key=lambda lic: (-lic.organisation.path.count("/"), -lic.ends_on.toordinal(), lic.pk))


def _in_use(licence_ids: list[int]) -> dict[int, int]:
    """Open seats per licence, counted by the database (a licence may have tens of thousands)."""
    rows = (
        Seat.objects.filter(licence_id__in=licence_ids, released_at__isnull=True)
        .values("licence_id")
        .annotate(n=Count("pk"))
        .values_list("licence_id", "n")
    )
    return dict(rows)


def _holders(licence_ids: list[int], user_ids: list[int]) -> set[int]:
    """Which of these people hold an open seat on any of these licences."""
    found: set[int] = set()
    for start in range(0, len(user_ids), BATCH):
        found |= set(
            Seat.objects.filter(
                licence_id__in=licence_ids, released_at__isnull=True, user_id__in=user_ids[start : start + BATCH]
            ).values_list("user_id", flat=True)
        )
    return found


def _lock(licence_ids: list[int]) -> None:
    list(Licence.objects.select_for_update().filter(pk__in=licence_ids).order_by("pk").values_list("pk", flat=True))


def _of_user(user_id: int, programme_key: str, today: datetime.date) -> list[Licence]:
    paths = current_employments(user_id, today).values_list("organisation__path", flat=True)
    return _covering({pk for path in paths for pk in ancestor_ids(path)}, programme_key)


def _access(user_id: int, licences: list[Licence], today: datetime.date) -> LicenceAccess:
    current = [lic for lic in licences if lic.starts_on <= today <= lic.ends_on]
    if current:
        held = set(
            Seat.objects.filter(
                licence_id__in=[lic.pk for lic in current], user_id=user_id, released_at__isnull=True
            ).values_list("licence_id", flat=True)
        )
        for lic in current:
            if lic.pk in held:
                return LicenceAccess(LicenceAccess.HELD, lic.pk, lic.organisation.name)
        in_use = _in_use([lic.pk for lic in current])
        for lic in current:
            if in_use.get(lic.pk, 0) < lic.seats:
                return LicenceAccess(LicenceAccess.FREE, lic.pk, lic.organisation.name)
        return LicenceAccess(LicenceAccess.FULL, None, current[0].organisation.name)
    ended = [lic for lic in licences if lic.ends_on < today]
    if ended:
        last = max(ended, key=lambda lic: lic.ends_on)
        return LicenceAccess(LicenceAccess.EXPIRED, last.pk, last.organisation.name, last.ends_on)
    return LicenceAccess(LicenceAccess.NONE)


def licence_access(user_id: int, programme_key: str, *, today: datetime.date | None = None) -> LicenceAccess:
    """What the licences of the organisations the person works at (and those above them) give them for the
    programme today. Four queries at most, however many seats."""
    today = today or timezone.localdate()
    return _access(user_id, _of_user(user_id, programme_key, today), today)


def take_seat(user_id: int, programme_key: str, *, today: datetime.date | None = None) -> LicenceAccess:
    """Take a seat for the person if they hold none and one is free (a first launch): HELD, or why not."""
    today = today or timezone.localdate()
    licences = _of_user(user_id, programme_key, today)
    access = _access(user_id, licences, today)
    if access.state != LicenceAccess.FREE:
        return access  # held already (every later page of a session), or none to take: no lock, nothing written
    with transaction.atomic():
        _lock(sorted(lic.pk for lic in licences if lic.starts_on <= today <= lic.ends_on))
        access = _access(user_id, licences, today)  # counted again under the lock
        if access.state != LicenceAccess.FREE or access.licence_id is None:
            return access
        try:
            with transaction.atomic():
                Seat.objects.create(licence_id=access.licence_id, user_id=user_id, taken_at=timezone.now())
        except IntegrityError:
            pass  # the person's other request took it a moment ago: they hold it either way
        return LicenceAccess(LicenceAccess.HELD, access.licence_id, access.organisation_name)


def _seats_word(count: int) -> str:
    return f"{count} seat" if count == 1 else f"{count} seats"


def take_seats(
    organisation_id: int, programme_key: str, user_ids: list[int], *, today: datetime.date | None = None
) -> SeatsTaken:
    """A seat for each of these people on the current licences that cover the programme at the organisation
    (granted there or above it), all or none: if fewer seats are free than people without one, nothing is
    taken, and the message says how many seats are left and what happens."""
    today = today or timezone.localdate()
    wanted = list(dict.fromkeys(user_ids))
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        licences = [
            lic
            for lic in _covering(set(ancestor_ids(organisation.path)), programme_key)
            if lic.starts_on <= today <= lic.ends_on
        ]
        if not licences:
            return SeatsTaken(
                False,
                0,
                0,
                0,
                f"{organisation.name} has no current licence for {programme_key}: nobody was given a seat. "
                "A platform administrator can record one.",
            )
        # Lock before counting: a take that waits here counts again once the first has committed.
        _lock([lic.pk for lic in licences])
        licence_ids = [lic.pk for lic in licences]
        holders = _holders(licence_ids, wanted)
        already = [user for user in wanted if user in holders]
        need = [user for user in wanted if user not in holders]
        in_use = _in_use(licence_ids)
        free = {lic.pk: lic.seats - in_use.get(lic.pk, 0) for lic in licences}
        left = sum(max(count, 0) for count in free.values())
        if len(need) > left:
            return SeatsTaken(
                False,
                0,
                len(already),
                left,
                f"Only {_seats_word(left)} left on {licences[0].organisation.name}'s licence for {programme_key}, and "
                f"{len(need)} of these people need one: nobody was given a seat. Choose {left} people or fewer, or "
                "ask a platform administrator for more seats.",
            )
        now, new_seats = timezone.now(), []
        queue = iter(need)
        for lic in licences:
            for user in [u for _, u in zip(range(max(free[lic.pk], 0)), queue, strict=False)]:
                new_seats.append(Seat(licence_id=lic.pk, user_id=user, taken_at=now))
        Seat.objects.bulk_create(new_seats, batch_size=BATCH)
    return SeatsTaken(
        True,
        len(new_seats),
        len(already),
        left - len(new_seats),
        f"{_seats_word(len(new_seats))} taken ({len(already)} of these people held one already); "
        f"{_seats_word(left - len(new_seats))} left.",
    )


def end_employment(user_id: int, organisation_id: int, ended_on: datetime.date) -> None:
    """End the person's employment at the organisation, and release the seats it held: those on licences
    covering that organisation, unless another of their current employments is covered by the same licence."""
    with transaction.atomic():
        Employment.objects.filter(user_id=user_id, organisation_id=organisation_id).update(ended_on=ended_on)
        path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
        if path is None:
            return
        # Ended now even if `ended_on` is later: the caller is recording that the post is over.
        other_posts = current_employments(user_id).exclude(organisation_id=organisation_id)
        still_under = {pk for p in other_posts.values_list("organisation__path", flat=True) for pk in ancestor_ids(p)}
        released = [pk for pk in ancestor_ids(path) if pk not in still_under]
        Seat.objects.filter(user_id=user_id, released_at__isnull=True, licence__organisation_id__in=released).update(
            released_at=timezone.now()
        )


def end_vouched_employment(user_id: int, organisation_id: int, ended_on: datetime.date) -> bool:
    """End a post that only a sign-in vouched for (single sign-on) once it no longer does: only while it carries
    nothing a staff list gave it (job role, staff group, ESR number), which makes it the staff list's to end."""
    bare = Employment.objects.filter(
        user_id=user_id,
        organisation_id=organisation_id,
        ended_on__isnull=True,
        job_role="",
        staff_group="",
        esr_assignment_number="",
    )
    if not bare.exists():
        return False
    end_employment(user_id, organisation_id, ended_on)
    return True
