"""The end of a session: whether it is complete (and if not, what is left), each exercise's result, the
certificate, and the next session in the pathway the learner is following.

A learner's completion is learning's (recorded once, whichever version); an anonymous visitor of a sample has
none, so their summary applies the session's completion rule to what their browser session holds.
"""

from dataclasses import dataclass

from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import PathwaySummary, PlayableSession, ProgrammeSummary, SessionCard
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning

from .screens import _page_url, _playable
from .state import Visitor, state_for


@dataclass(frozen=True)
class ResultRow:
    prompt_html: str
    answered: bool
    correct: bool | None
    reflection: bool
    required: bool
    href: str


@dataclass(frozen=True)
class PageLeft:
    """A page the visitor has not opened yet."""

    number: int
    title: str
    href: str


@dataclass(frozen=True)
class NextInPathway:
    """Where to go after this session in the pathway the learner is following.

    `card` is the next session after this one, skipping those the learner has completed (and, for a visitor
    without an account, those that are not samples); None at the end of the pathway.
    """

    pathway: PathwaySummary
    pathways: tuple[PathwaySummary, ...]  # every pathway of the programme, to switch
    card: SessionCard | None
    last_in_pathway: bool  # this session is the pathway's last one
    samples_only: bool


@dataclass(frozen=True)
class SummaryScreen:
    session: PlayableSession
    programme: ProgrammeSummary
    page_title: str
    signed_in: bool
    complete: bool
    completion: learning.CompletionData | None
    certificate: certificates.CertificateData | None
    visited: int
    total: int
    pages_left: list[PageLeft]
    required_left: list[ResultRow]
    results: list[ResultRow]
    answered: int
    marked_total: int
    marked_correct: int
    pass_mark: int | None
    score_percent: int | None
    below_pass_mark: bool
    next_in_pathway: NextInPathway | None
    back_url: str


def _next_in_pathway(
    session: PlayableSession, pathway_key: str, completed: set[str], samples_only: bool
) -> NextInPathway | None:
    """The session after this one in the chosen pathway (the programme's first, by-theme, when none is chosen)."""
    found = catalogue.pathways_of([session.programme.key], pathway_key).get(session.programme.key)
    if found is None:
        return None
    cards = [card for group in found.pathway.groups for card in group.sessions]
    keys = [card.key for card in cards]
    if session.key not in keys:
        return None
    after = cards[keys.index(session.key) + 1 :]
    following = (card for card in after if card.key not in completed and (card.sample or not samples_only))
    pathway = PathwaySummary(found.pathway.key, found.pathway.title, found.pathway.summary)
    return NextInPathway(pathway, found.pathway.pathways, next(following, None), not after, samples_only)


def summary_screen(visitor: Visitor, place: tuple[str, str, int], pathway_key: str = "") -> SummaryScreen:
    """The end of a session (programme, session, version), with the next session in the pathway followed."""
    programme_key, session_key, version = place
    session = _playable(visitor, programme_key, session_key, version)
    state = state_for(visitor, session)
    rule = session.completion_rule
    results, correct = [], {}
    for number, page in enumerate(session.pages, start=1):
        for exercise in page.exercises:
            given = state.answers.get(exercise.key)
            correct[exercise.key] = exercise.is_correct(given) if given else None
            results.append(
                ResultRow(
                    prompt_html=exercise.prompt_html,
                    answered=given is not None,
                    correct=correct[exercise.key],
                    reflection=not exercise.marked,
                    required=exercise.key in rule.required_exercise_keys,
                    href=f"{_page_url(session, number)}#exercise-{exercise.key}",
                )
            )
    visited = set(state.visited)
    score_percent = rule.score_percent(correct)
    if visitor.user_id is not None:
        completion = learning.session_completion(visitor.user_id, programme_key, session_key)
        complete = completion is not None
        completed_keys = {
            c.session_key for c in learning.completions(visitor.user_id) if c.programme_key == programme_key
        }
    else:
        completion = None
        complete = rule.is_met(visited, state.answers.keys(), score_percent)
        completed_keys = set()
    return SummaryScreen(
        session=session,
        programme=session.programme,
        page_title=f"Summary – {session.title}",
        signed_in=visitor.user_id is not None,
        complete=complete,
        completion=completion,
        certificate=certificates.for_completion(completion.uuid) if completion else None,
        visited=len(visited),
        total=len(session.pages),
        pages_left=[
            PageLeft(number, page.title, _page_url(session, number))
            for number, page in enumerate(session.pages, start=1)
            if number not in visited
        ],
        required_left=[row for row in results if row.required and not row.answered],
        results=results,
        answered=sum(1 for row in results if row.answered),
        marked_total=len(rule.marked_exercise_keys),
        marked_correct=sum(1 for key in rule.marked_exercise_keys if correct.get(key)),
        pass_mark=rule.pass_mark,
        score_percent=score_percent,
        below_pass_mark=not rule.passed(score_percent),
        next_in_pathway=_next_in_pathway(session, pathway_key, completed_keys, visitor.user_id is None),
        back_url=_page_url(session, len(session.pages)),
    )
