"""Licences as platform administrators record them, and how their seats were used (docs/decisions/0022).

A licence is granted to one organisation and covers it and every organisation below it. It is recorded as
agreed elsewhere: invoicing and payment are not clinlead's.
"""

import datetime
import re
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .data import LicenceData, LicenceProblems
from .models import Licence, Organisation, Seat
from .permissions import Scope

PROGRAMME_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_IN_USE = Count("seat_rows", filter=Q(seat_rows__released_at__isnull=True))


def _with_counts(query: QuerySet[Licence]) -> QuerySet[Licence]:
    return query.select_related("organisation").annotate(in_use=_IN_USE)


def as_data(found: Licence) -> LicenceData:
    return LicenceData(
        id=found.pk,
        organisation_id=found.organisation_id,
        organisation_code=found.organisation.code,
        organisation_name=found.organisation.name,
        organisation_path=found.organisation.path,
        programme_keys=tuple(found.programme_keys),
        seats=found.seats,
        seats_in_use=getattr(found, "in_use", 0),
        starts_on=found.starts_on,
        ends_on=found.ends_on,
        reference=found.reference,
    )


def licence(licence_id: int) -> LicenceData | None:
    found = _with_counts(Licence.objects.filter(pk=licence_id)).first()
    return as_data(found) if found else None


def licences_in(where: Scope) -> list[LicenceData]:
    """Licences granted to organisations in the scope, latest ending first."""
    in_scope = Q()
    if not where.everywhere:
        in_scope = Q(pk__in=[])
        for path in where.paths:
            in_scope |= Q(organisation__path__startswith=path)
    found = _with_counts(Licence.objects.filter(in_scope)).order_by("-ends_on", "organisation__name", "pk")
    return [as_data(f) for f in found]


def _problems(
    organisation: Organisation | None,
    code: str,
    programme_keys: Sequence[str],
    seats: int,
    dates: tuple[datetime.date, datetime.date],
    reference: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if organisation is None:
        errors["organisation_code"] = (
            f"There is no organisation with the code {code!r}: enter an ODS code (such as RX1) or a local code "
            "(such as L-ELMS) from the registry"
            if code
            else "Enter the code of the organisation the licence is for"
        )
    if not programme_keys:
        errors["programme_keys"] = "Choose at least one programme the licence covers"
    elif bad := [key for key in programme_keys if not PROGRAMME_KEY.fullmatch(key)]:
        errors["programme_keys"] = f"{bad[0][:100]!r} is not a programme key (lower-case letters, digits, hyphens)"
    if seats < 1:
        errors["seats"] = "Enter a number of seats of 1 or more"
    if dates[1] < dates[0]:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    if len(reference) > 100:
        errors["reference"] = f"Enter a reference of 100 characters or fewer (this one has {len(reference)})"
    return errors


def save_licence(
    *,
    licence_id: int | None = None,
    organisation_code: str,
    programme_keys: Sequence[str],
    seats: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reference: str = "",
) -> LicenceData:
    """Create a licence, or change one (by id); LicenceProblems names each field that is wrong, nothing saved."""
    code = organisation_code.strip().upper()
    keys = sorted({key.strip() for key in programme_keys if key.strip()})
    reference = reference.strip()
    with transaction.atomic():
        organisation = Organisation.objects.filter(code=code).first() if code else None
        errors = _problems(organisation, code, keys, seats, (starts_on, ends_on), reference)
        existing = None
        if licence_id is not None:
            # Locked, so that nobody takes a seat between counting the seats in use and saving fewer seats.
            existing = Licence.objects.select_for_update().get(pk=licence_id)
            in_use = Seat.objects.filter(licence=existing, released_at__isnull=True).count()
            if "seats" not in errors and seats < in_use:
                errors["seats"] = f"{in_use} people hold seats on this licence: enter {in_use} seats or more"
        if errors or organisation is None:
            raise LicenceProblems(errors)
        saved = existing or Licence()
        saved.organisation = organisation
        saved.programme_keys = keys
        saved.seats = seats
        saved.starts_on, saved.ends_on = starts_on, ends_on
        saved.reference = reference
        saved.save()
    return as_data(_with_counts(Licence.objects.filter(pk=saved.pk)).get())


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def seat_use_by_month(licence_id: int, today: datetime.date | None = None) -> list[tuple[datetime.date, int]]:
    """For each month of the licence up to today (the first of the month, seats in use): the seats held at any
    time in that month. Two queries however many seats and months."""
    period = Licence.objects.filter(pk=licence_id).values_list("starts_on", "ends_on").first()
    if period is None:
        return []
    today = today or timezone.localdate()
    months = _months(period[0], min(period[1], today))
    held = [
        (timezone.localtime(taken).date(), timezone.localtime(released).date() if released else None)
        for taken, released in Seat.objects.filter(licence_id=licence_id).values_list("taken_at", "released_at")
    ]
    use = []
    for month in months:
        month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        in_use = sum(1 for taken, released in held if taken <= month_end and (released is None or released >= month))
        use.append((month, in_use))
    return use
