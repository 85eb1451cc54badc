"""Filters by type, framework domain and length narrow a search, alone and together; unknown values are ignored."""

import pytest

from clinlead.search import api as search

pytestmark = pytest.mark.django_db


def find(query: str, **filters: list[str]) -> list[str]:
    params = {"q": [query], **filters}
    page = search.search(search.criteria_from(params))
    return sorted(result.url.rstrip("/").rsplit("/", 1)[-1] for result in page.results)


def test_filter_by_type(loaded_search_content):
    assert find("zebra", type=["session"]) == ["ward-routines", "zebra-crossings"]
    assert find("zebra", type=["article"]) == ["stripes-article"]
    assert find("zebra", type=["article", "session"]) == ["stripes-article", "ward-routines", "zebra-crossings"]
    assert find("zebra", type=["video"]) == []


def test_filter_by_length(loaded_search_content):
    assert find("zebra", length=["over-15"]) == ["stripes-article"]  # 25 minutes
    assert find("zebra", length=["11-to-15"]) == ["ward-routines", "zebra-crossings"]  # 12 minutes
    assert find("zebra", length=["10-or-less"]) == []


def total(query: str, **filters: list[str]) -> int:
    return search.search(search.criteria_from({"q": [query], **filters})).total


def test_filter_by_domain_on_the_shipped_programme(loaded_starter):
    assert 0 < total("feedback", domain=["2"]) < total("feedback", domain=["2", "5"]) < total("feedback")
    page = search.search(search.criteria_from({"q": "feedback", "domain": ["2"]}))
    assert all(any(d.startswith("2 ") for d in result.domains) for result in page.results)


def test_filter_by_video_on_the_shipped_programme(loaded_starter):
    videos = search.search(search.criteria_from({"q": "leadership", "type": ["video"]}))
    assert [result.kind_label for result in videos.results] == ["Video"]


def test_filters_combine(loaded_search_content):
    assert find("zebra", type=["session"], length=["over-15"]) == []
    assert find("zebra", type=["article"], length=["over-15"], domain=["1"]) == ["stripes-article"]


def test_unknown_filter_values_are_ignored(loaded_search_content):
    everything = find("zebra")
    assert find("zebra", type=["podcast"], length=["forever"]) == everything
    assert find("zebra", domain=["99"]) == []  # a domain nobody is in finds nothing, as a domain filter should


def test_the_options_list_every_domain_once_in_the_framework_order_and_show_what_is_chosen(loaded_starter):
    page = search.search(search.criteria_from({"q": "team", "length": "over-15", "domain": ["3"]}))
    assert [option.value for option in page.domains] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [option.value for option in page.domains if option.checked] == ["3"]
    assert [option.value for option in page.lengths if option.checked] == ["over-15"]
    assert [option.label for option in page.kinds] == ["Session", "E-article", "Video"]
