"""The monthly report by email: a manager subscribes to a report with its filters; each month's run emails it once
with the CSV attached, however often it runs; someone who has lost their role gets nothing."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, organisation_id

from ..models import Subscription
from ..monthly import send_monthly_reports
from .conftest import Staff

pytestmark = pytest.mark.django_db


def test_a_subscribed_report_is_emailed_once_a_month_with_its_filters(staff: Staff) -> None:
    response = staff.manager.post(reverse("reports:subscribe"), {"query": "staff_group=Nursing"})
    assert response.status_code == 302
    staff.manager.post(reverse("reports:subscribe"), {"query": "staff_group=Nursing"})  # twice: one subscription
    assert Subscription.objects.count() == 1

    counts = send_monthly_reports(datetime.date(2026, 5, 1))
    assert (counts.sent, counts.already_sent) == (1, 0)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["manager@northshire-th.nhs.uk"]
    assert "May 2026" in email.subject
    name, content, kind = email.attachments[0]
    assert name == "report-by-person-2026-05.csv"
    assert kind == "text/csv"
    rows = list(csv.reader(io.StringIO(str(content).removeprefix("\ufeff"))))
    assert {r[0] for r in rows[1:]} == {"Ada Adams", "Ben Brown"}  # Nursing only

    again = send_monthly_reports(datetime.date(2026, 5, 20))  # a retried run in the same month
    assert (again.sent, again.already_sent) == (0, 1)
    assert len(mail.outbox) == 1
    call_command("send_monthly_reports", stdout=io.StringIO())  # today: another month, sent once more
    assert len(mail.outbox) == 2


def test_a_report_outside_the_managers_scope_cannot_be_subscribed_to(staff: Staff) -> None:
    query = f"organisation={organisation_id('ZZ2')}"
    assert staff.manager.post(reverse("reports:subscribe"), {"query": query}).status_code == 404
    assert staff.manager.post(reverse("reports:subscribe"), {"query": "session=nothing"}).status_code == 404
    assert Subscription.objects.count() == 0


def test_a_manager_who_lost_their_role_gets_no_report(staff: Staff) -> None:
    staff.manager.post(reverse("reports:subscribe"), {"query": ""})
    assert Subscription.objects.count() == 1
    platform = make_learner("platform@nhs.net")
    grant(platform.pk, "platform-administrator", None)
    held = next(r for r in organisations.role_holders(organisation_id("ZZ1")) if r.user_id == staff.manager_id)
    organisations.revoke_role(platform.pk, held.grant_id, organisation_id("ZZ1"))
    counts = send_monthly_reports(datetime.date(2026, 5, 1))
    assert counts.not_allowed == 1
    assert mail.outbox == []
