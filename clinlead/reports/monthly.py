"""The monthly report by email (docs/decisions/0025): a manager subscribes to a report with its filters, and
`send_monthly_reports` emails each subscriber the report as a CSV attachment once a month.

Idempotent per month: the `MonthlySend` row for (subscription, month) is inserted in the transaction that sends the
email, so a retried or repeated run finds it and sends nothing, and a run that fails before the email leaves no row
and is sent next time. The report is built with the manager's scope on the day it is sent: someone who has lost
their role gets nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from . import building, exports
from .filters import ReportForm
from .models import MonthlySend, Subscription
from .syllabus import syllabus


def report_for(user_id: int, query: str) -> building.Population | None:
    """The report with these filters as the manager may see it now; None if they may not, or the filters no longer
    hold (an organisation or session gone)."""
    where = organisations.scope(user_id, organisations.Action.VIEW_REPORTS)
    found = syllabus()
    if where.nowhere or found is None:
        return None
    data = QueryDict(query)
    chosen = data.get("organisation", "")
    if chosen.isdigit() and not organisations.can(user_id, organisations.Action.VIEW_REPORTS, int(chosen)):
        return None
    choices = organisations.organisations_in(where)
    groups, roles = organisations.staff_groups_and_job_roles(where)
    form = ReportForm(data, organisation_choices=choices, groups=groups, roles=roles, syllabus=found)
    if not form.is_valid():
        return None
    return building.population(user_id, form, found, choices)


def subscribe(user_id: int, query: str) -> bool:
    """Subscribe the manager to this report monthly (once however often asked); False if the report is not one
    they may have."""
    cleaned = QueryDict(query).copy()
    cleaned.pop("page", None)
    if report_for(user_id, cleaned.urlencode()) is None:
        return False
    Subscription.objects.get_or_create(manager_id=user_id, query=cleaned.urlencode())
    return True


@dataclass(frozen=True)
class SendCounts:
    sent: int
    already_sent: int
    not_allowed: int


def send_monthly_reports(today: datetime.date | None = None) -> SendCounts:
    """Email every subscription's report for this month that has not gone yet."""
    month = (today or timezone.localdate()).replace(day=1)
    sent = already = refused = 0
    for subscription in Subscription.objects.order_by("pk"):
        try:
            with transaction.atomic():
                # The row first: a second run at the same time waits here and then fails the unique constraint.
                MonthlySend.objects.create(subscription=subscription, month=month, sent_at=timezone.now())
                found = report_for(subscription.manager_id, subscription.query)
                if found is None:
                    raise _NotAllowed
                _email(subscription.manager_id, month, found)
        except IntegrityError:
            already += 1
        except _NotAllowed:
            refused += 1
        else:
            sent += 1
    return SendCounts(sent, already, refused)


class _NotAllowed(Exception):
    """Rolls the month's row back: nothing was sent."""


def _email(manager_id: int, month: datetime.date, found: building.Population) -> None:
    manager = accounts.people([manager_id])[manager_id]
    body = "".join(exports.csv_stream(exports.person_lines(found)))
    message = EmailMessage(
        subject=f"Your staff's learning: report for {month:%B %Y}",
        body=(
            f"Hello {manager.name},\n\nAttached is the monthly report you asked for: {len(found.user_ids):,} people "
            f"and what each has done, with the filters you chose.\n\nTo stop it, ask your organisation's "
            "administrator.\n"
        ),
        to=[manager.email],
    )
    message.attach(f"report-by-person-{month:%Y-%m}.csv", body, "text/csv")
    message.send()
