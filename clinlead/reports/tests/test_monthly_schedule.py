"""The monthly reports go by themselves: a daily task on the queue sends what has not gone this month."""

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from clinlead.tasks.api import start
from clinlead.tasks.testing import beat_schedule, wait_for

from ..background import SEND_MONTHLY_REPORTS
from .conftest import Staff


def test_the_task_is_on_the_daily_schedule_before_the_working_day() -> None:
    entry = beat_schedule()[f"every day: {SEND_MONTHLY_REPORTS}"]
    assert entry["args"] == (SEND_MONTHLY_REPORTS,)
    assert str(entry["schedule"]).startswith("<crontab: 0 6 ")


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_sends_each_report_once_a_month(staff: Staff, tasks_in_process: Any) -> None:
    staff.manager.post(reverse("reports:subscribe"), {"query": "staff_group=Nursing"})
    with transaction.atomic():
        first = start(SEND_MONTHLY_REPORTS, None)
    assert wait_for(first).result == {"sent": 1, "already_sent": 0, "not_allowed": 0}
    with transaction.atomic():
        second = start(SEND_MONTHLY_REPORTS, None)  # the next day's run, in the same month
    assert wait_for(second).result == {"sent": 0, "already_sent": 1, "not_allowed": 0}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0].startswith("report-by-person-")
