"""Dates and amounts of time read the same on every page, certificate and transcript, whatever the machine."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation

from clinlead.wording import date_in_words, minutes_from_seconds, minutes_in_words, number_of, seconds_in_words

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (datetime.date(2026, 12, 2), "2 December 2026"),
        (datetime.date(2026, 11, 25), "25 November 2026"),
        (datetime.date(2027, 1, 1), "1 January 2027"),
        (datetime.date(2026, 9, 28), "28 September 2026"),
    ],
)
def test_dates_read_day_month_in_full_and_year(day: datetime.date, words: str) -> None:
    assert date_in_words(day) == words


def test_dates_stay_english_whatever_language_django_has_active() -> None:
    with translation.override("fr"):
        assert translation.gettext("December") == "décembre"  # so the override below does bite
        assert date_in_words(datetime.date(2026, 12, 2)) == "2 December 2026"


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        # 23:30 in UTC is already the next day in London in summer (BST), not in winter (GMT).
        (datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026"),
        (datetime.datetime(2026, 12, 2, 23, 30, tzinfo=UTC), "2 December 2026"),
        (datetime.datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), "31 December 2026"),
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "29 March 2026"),  # the clocks go forward at 01:00
        # Half past midnight in India is still the evening before in London.
        (datetime.datetime(2026, 12, 2, 0, 30, tzinfo=ZoneInfo("Asia/Kolkata")), "1 December 2026"),
    ],
)
def test_datetimes_are_dated_in_the_sites_time_zone(moment: datetime.datetime, words: str) -> None:
    assert date_in_words(moment) == words


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(0, 0), (29, 0), (30, 0), (31, 1), (89, 1), (90, 2), (149, 2), (150, 2), (151, 3), (3600, 60), (5100, 85)],
)
def test_minutes_from_seconds_rounds_to_the_nearest_minute_halves_to_even(seconds: int, minutes: int) -> None:
    assert minutes_from_seconds(seconds) == minutes


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0 minutes"),
        (1, "1 minute"),
        (59, "59 minutes"),
        (60, "1 hour"),
        (61, "1 hour 1 minute"),
        (85, "1 hour 25 minutes"),
        (120, "2 hours"),
        (125, "2 hours 5 minutes"),
        (9540, "159 hours"),
    ],
)
def test_minutes_read_as_hours_and_minutes(minutes: int, words: str) -> None:
    assert minutes_in_words(minutes) == words


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        minutes_in_words(-5)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "less than a minute"),
        (30, "less than a minute"),
        (31, "1 minute"),
        (89, "1 minute"),
        (90, "2 minutes"),
        (3600, "1 hour"),
        (3900, "1 hour 5 minutes"),
        (7260, "2 hours 1 minute"),
    ],
)
def test_seconds_read_as_hours_and_minutes_and_under_one_as_less_than_a_minute(seconds: int, words: str) -> None:
    assert seconds_in_words(seconds) == words


@pytest.mark.parametrize(("count", "words"), [(0, "0 sessions"), (1, "1 session"), (2, "2 sessions")])
def test_counts_name_their_noun_in_the_singular_only_for_one(count: int, words: str) -> None:
    assert number_of(count, "session") == words


def test_page_filters_write_dates_and_time_as_the_certificates_do() -> None:
    template = engines["jinja2"].from_string("{{ day | long_date }}|{{ unset | long_date }}|{{ seconds | duration }}")
    rendered = template.render({"day": datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "unset": None, "seconds": 5})
    assert rendered == "1 July 2026||less than a minute"
