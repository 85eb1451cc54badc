"""The Leadership for Clinicians pack meets the programme's own standard, read from the files themselves."""

from collections import Counter
from functools import cache

import pytest
from django.test import Client

from clinlead.authoring import api as authoring
from clinlead.authoring.api import FLESCH_FLOOR, read_content, session_stats
from clinlead.authoring.testing import load_content as load_content_read_once
from clinlead.certificates import api as certificates
from clinlead.content.data import Programme
from clinlead.learning import api as learning
from tests.content_fixtures import STARTER
from tests.factories import answer_key_form, make_learner

PROGRAMME = "leadership-for-clinicians"


@cache
def pack() -> Programme:
    result = read_content(STARTER / PROGRAMME)
    assert result.ok, [str(problem) for problem in result.problems]
    return result.programmes[0]


def blocks_of(session, kind: str) -> list:
    return [block for page in session.pages for block in page.blocks if block.kind == kind]


def test_at_least_64_sessions() -> None:
    assert len(pack().sessions) >= 64


def test_every_core_element_is_the_main_element_of_two_sessions_and_every_senior_one_of_one() -> None:
    mains = Counter(session.main_element_key for session in pack().sessions)
    short = {}
    for domain in pack().framework.domains:
        needed = 1 if domain.senior else 2
        for element in domain.elements:
            if mains[element.key] < needed:
                short[element.key] = mains[element.key]
    assert short == {}, f"elements with too few sessions (element: sessions): {short}"


def test_the_framework_has_five_core_domains_and_two_senior_ones_of_four_elements_each() -> None:
    domains = pack().framework.domains
    assert [d.senior for d in domains] == [False] * 5 + [True] * 2
    assert all(len(d.elements) == 4 for d in domains)


def test_both_pathways_hold_exactly_the_same_sessions_once_each() -> None:
    keys = {session.key for session in pack().sessions}
    pathways = {p.key: [k for g in p.groups for k in g.session_keys] for p in pack().pathways}
    assert set(pathways) == {"by-theme", "by-domain"}
    for listed in pathways.values():
        assert sorted(listed) == sorted(keys)


def test_the_theme_pathway_has_six_to_eight_modules_each_introduced() -> None:
    by_theme = next(p for p in pack().pathways if p.key == "by-theme")
    assert 6 <= len(by_theme.groups) <= 8
    assert all(group.intro_html.strip() for group in by_theme.groups)


def test_the_domain_pathway_groups_sessions_by_their_main_elements_domain() -> None:
    by_domain = next(p for p in pack().pathways if p.key == "by-domain")
    sessions = {session.key: session for session in pack().sessions}
    assert [group.domain_key for group in by_domain.groups] == [domain.key for domain in pack().framework.domains]
    for group in by_domain.groups:
        for key in group.session_keys:
            assert sessions[key].main_element_key.split(".")[0] == group.domain_key, key


def test_each_session_has_the_shape_of_a_short_interactive_session() -> None:
    failures = {}
    for session in pack().sessions:
        exercises = blocks_of(session, "exercise")
        marked = [e for e in exercises if e.type != "reflection"]
        checks = {
            "10-20 minutes": 10 <= session.minutes <= 20,
            "6-12 pages": 6 <= len(session.pages) <= 12,
            "objectives": len(session.objectives) >= 2,
            "a case study": bool(blocks_of(session, "case-study")),
            "2 marked exercises": len(marked) >= 2,
            "a reflection": len(exercises) > len(marked),
            "trainer resources": bool(blocks_of(session, "trainer-resources")),
            "further reading": bool(blocks_of(session, "further-reading")),
        }
        missing = [name for name, ok in checks.items() if not ok]
        if missing:
            failures[session.key] = missing
    assert failures == {}


def test_every_session_has_been_reviewed_by_a_second_reader() -> None:
    unreviewed = [s.key for s in pack().sessions if not (s.reviewed_by and s.reviewed_on)]
    assert unreviewed == []


def test_every_session_reads_as_plain_english() -> None:
    hard = {s.key: session_stats(s).flesch_reading_ease for s in pack().sessions}
    assert {key: score for key, score in hard.items() if score < FLESCH_FLOOR} == {}


def test_the_library_has_24_items_with_at_least_three_for_every_domain() -> None:
    library = pack().library
    assert len(library) >= 24
    per_domain = Counter(key for item in library for key in item.domain_keys)
    assert {d.key: per_domain[d.key] for d in pack().framework.domains if per_domain[d.key] < 3} == {}


def test_library_articles_are_800_to_1500_words() -> None:
    from django.utils.html import strip_tags

    lengths = {i.key: len(strip_tags(i.html).split()) for i in pack().library if i.kind == "article"}
    assert len(lengths) >= 20  # nearly all of the library (26 of 27 items today)
    assert {key: words for key, words in lengths.items() if not 800 <= words <= 1500} == {}


@pytest.mark.django_db
def test_every_session_plays_to_the_end_with_the_answer_key(client: Client) -> None:
    load_content_read_once(STARTER)
    learner = make_learner("pack-player@nhs.net")
    client.force_login(learner)
    wrong = {}
    for session in pack().sessions:
        base = f"/programmes/{PROGRAMME}/sessions/{session.key}/v{session.version}"
        for number, page in enumerate(session.pages, start=1):
            assert client.get(f"{base}/{number}/").status_code == 200
            for block in page.blocks:
                if block.kind == "exercise":
                    response = client.post(f"{base}/{number}/", answer_key_form(block))
                    assert response.status_code == 303, (session.key, block.key)
        summary = client.get(f"{base}/summary/").content.decode()
        marked = sum(1 for b in blocks_of(session, "exercise") if b.type != "reflection")
        if f"You answered {marked} of {marked} marked exercises correctly." not in summary:
            wrong[session.key] = "not every exercise marked correct"
        if f"You viewed {len(session.pages)} of {len(session.pages)} pages." not in summary:
            wrong[session.key] = "pages not all viewed"
    assert wrong == {}
    completions = learning.completions(learner.pk)
    assert sorted(c.session_key for c in completions) == sorted(s.key for s in pack().sessions)
    assert len(certificates.for_learner(learner.pk)) == len(pack().sessions)


def test_the_marked_exercises_cannot_be_passed_by_picking_the_longest_option_or_ticking_most() -> None:
    """The limits in clinlead/authoring/stats.py, over the whole programme (docs/content-format.md)."""
    overall = sum((authoring.guessability(session) for session in pack().sessions), authoring.Guessability())
    assert overall.single_choice >= 60, "the programme lost its single-choice exercises"
    assert overall.multiple_choice >= 60, "the programme lost its multiple-choice exercises"
    assert overall.problems() == []


def test_no_session_keeps_the_right_single_choice_answer_in_one_written_position() -> None:
    """The player shows each learner the options in an order of their own; anything that shows them as written
    (the files a trainer reads from, a package for another learning system) must not give the answer away."""
    overall = sum((authoring.guessability(session) for session in pack().sessions), authoring.Guessability())
    assert overall.commonest_position_share <= 0.4, overall.right_positions
