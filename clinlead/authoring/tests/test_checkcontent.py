"""checkcontent names each problem as `path:line: message`, and exits non-zero while any remain."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clinlead.authoring.api import check_content, read_content
from clinlead.content.data import Video
from tests.content_fixtures import edit, line_of, write_doc_example

SESSION = "sessions/speaking-up.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write_doc_example(root)
    return root


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in check_content(root)]


def test_the_format_guides_complete_example_has_no_problems(content: Path) -> None:
    assert problems(content) == []


def test_checkcontent_command_prints_each_problem_and_fails(content: Path, capsys) -> None:
    session = content / "example" / SESSION
    edit(session, '  - "1.2"', '  - "9.9"')
    with pytest.raises(CommandError, match="1 problem"):
        call_command("checkcontent", str(content))
    line = line_of(session, '"9.9"')
    assert f"content/example/{SESSION}:{line}: unknown framework element '9.9' (see framework.md)" in (
        capsys.readouterr().err
    )


def test_checkcontent_command_reports_success(content: Path, capsys) -> None:
    call_command("checkcontent", str(content))
    assert "1 programme(s), 1 session(s), no problems" in capsys.readouterr().out


def add_session_in_no_pathway(programme: Path) -> tuple[str, int]:
    source = (programme / SESSION).read_text(encoding="utf-8")
    (programme / "sessions" / "orphan.md").write_text(source.replace("key: speaking-up", "key: orphan"))
    return "sessions/orphan.md", 1


# Each case: (file, text to replace, replacement, text marking the line, expected message).
CASES: list[tuple[str, str, str, str, str]] = [
    (
        SESSION,
        "alt: Five members of a ward team stand in a circle for a morning huddle.\n",
        "",
        "```image",
        "the image block has no alt text: add 'alt:' describing the picture",
    ),
    (
        SESSION,
        "Most people who notice a problem say nothing.",
        "Most people ![](images/huddle.svg) say nothing.",
        "Most people",
        "image 'images/huddle.svg' has no alt text: write it between the [ ]",
    ),
    (
        SESSION,
        "Most people who notice a problem say nothing.",
        "Most people ![A ward](https://example.org/ward.png) say nothing.",
        "Most people",
        "image 'https://example.org/ward.png' is on another site: put it in media/ and use its path there",
    ),
    (
        SESSION,
        "    correct: true\n    feedback: Yes. Thanking",
        "    feedback: Yes. Thanking",
        "options:",
        "a single-choice exercise needs exactly one option with 'correct: true' (found 0)",
    ),
    (
        "pages/about.md",
        "(session:speaking-up)",
        "(session:speaking-down)",
        "speaking-down",
        "broken internal link 'session:speaking-down': no such session",
    ),
    (
        SESSION,
        "key: speaking-up\n",
        "key: speaking-out\n",
        "key: speaking-out",
        "key 'speaking-out' must match the file name 'speaking-up.md'",
    ),
    (
        SESSION,
        "src: images/huddle.svg",
        "src: images/missing.svg",
        "images/missing.svg",
        "image 'images/missing.svg' not found in media/",
    ),
    (
        SESSION,
        "::: case-study The quiet student",
        "::: casestudy The quiet student",
        "::: casestudy",
        "unknown block '::: casestudy' (use one of: case-study, trainer-resources, further-reading)",
    ),
    (
        SESSION,
        "  - Raise it with the person involved\n  - Escalate if it is not resolved\n",
        "",
        "items:",
        "an ordering exercise needs at least 2 items, written in the right order",
    ),
    (
        SESSION,
        "    feedback: This teaches them to stay quiet next time, and the dose may really be wrong.\n",
        "",
        "  - text: Tell them to trust the prescriber.",
        "every option needs 'feedback:' saying why it is right or wrong",
    ),
    (
        SESSION,
        "minutes: 10",
        "minutes: ten",
        "minutes: ten",
        "'minutes' must be a whole number of at least 1, not 'ten'",
    ),
    (
        "pathways/by-theme.md",
        "      - speaking-up",
        "      - speaking-up\n      - speaking-loudly",
        "speaking-loudly",
        "pathway 'by-theme' lists unknown session 'speaking-loudly'",
    ),
    (
        "library/speaking-up-article.md",
        '  - "1"',
        '  - "8"',
        '"8"',
        "unknown framework domain '8' (see framework.md)",
    ),
    (
        SESSION,
        "title: Speaking up in a team\n",
        "title: Speaking up in a team\ntitle: Again\n",
        "title: Again",
        "invalid YAML: the key 'title' appears twice",
    ),
    (
        SESSION,
        "---\n# Why people stay quiet",
        "---\nAn introduction.\n\n# Why people stay quiet",
        "An introduction.",
        "text before the first page: start each page with a line '# Page title'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "message"), CASES)
def test_each_mistake_is_named_at_its_file_and_line(
    content: Path, file: str, old: str, new: str, marker: str, message: str
) -> None:
    path = content / "example" / file
    edit(path, old, new)
    line = line_of(path, marker.split("\n")[-1]) if "\n" not in marker else _line_of_block(path, marker)
    assert problems(content) == [f"content/example/{file}:{line}: {message}"]


def _line_of_block(path: Path, block: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(block)].count("\n") + 1


def test_multiple_choice_without_a_correct_option_is_named(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "  - text: Fear of being blamed\n    correct: true\n", "  - text: Fear of being blamed\n")
    edit(path, "  - text: Believing someone else will say it\n    correct: true\n", "  - text: Believing x\n")
    text = path.read_text(encoding="utf-8")
    options_line = text[: text.index("options:", text.index("key: why-silent"))].count("\n") + 1
    assert problems(content) == [
        f"content/example/{SESSION}:{options_line}: "
        "a multiple-choice exercise needs at least one option with 'correct: true'"
    ]


def test_duplicate_exercise_key_names_both_lines(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "key: why-silent", "key: first-response")
    first = line_of(path, "```exercise")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, start=1) if line == "```exercise"][1]
    assert problems(content) == [
        f"content/example/{SESSION}:{second}: duplicate exercise key 'first-response' (first used on line {first})"
    ]


def test_invalid_yaml_names_the_line(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "summary: Why people stay quiet, and what", "summary: [Why people stay quiet, and what")
    # The '[' left open on the summary line is found to be wrong where the next field begins.
    assert problems(content) == [
        f"content/example/{SESSION}:{line_of(path, 'minutes: 10')}: invalid YAML: expected ',' or ']', but got ':'"
    ]


def test_missing_front_matter_is_named(content: Path) -> None:
    path = content / "example" / SESSION
    path.write_text(path.read_text(encoding="utf-8").removeprefix("---\n"))
    assert problems(content) == [
        f"content/example/{SESSION}:1: the file must start with front matter: a line '---', YAML fields, then '---'"
    ]


def test_session_in_no_pathway_is_named_once_per_pathway(content: Path) -> None:
    add_session_in_no_pathway(content / "example")
    assert problems(content) == [
        "content/example/sessions/orphan.md:1: session 'orphan' is in no group of pathway 'by-domain'",
        "content/example/sessions/orphan.md:1: session 'orphan' is in no group of pathway 'by-theme'",
    ]


def test_video_needs_captions_and_a_transcript(content: Path) -> None:
    path = content / "example" / SESSION
    video = "```video\ntitle: A film\nsrc: images/huddle.svg\n```\n\n"
    edit(path, "::: case-study The quiet student", video + "::: case-study The quiet student")
    line = line_of(path, "```video")
    assert problems(content) == [
        f"content/example/{SESSION}:{line}: the video block has no captions: add 'captions:' naming a .vtt file",
        f"content/example/{SESSION}:{line}: the video block has no transcript: add 'transcript: |' and the text",
    ]


def add_video_with_other_formats(content: Path, other_formats: list[str]) -> Path:
    media = content / "example" / "media" / "video"
    media.mkdir(parents=True)
    for name in ("film.mp4", "film.webm", "film.vtt"):
        (media / name).write_bytes(b"")
    listed = "".join(f"  - {path}\n" for path in other_formats)
    block = (
        "```video\ntitle: A film\nsrc: video/film.mp4\nother_formats:\n"
        + listed
        + "captions: video/film.vtt\ntranscript: |\n  The words.\n```\n\n"
    )
    path = content / "example" / SESSION
    edit(path, "::: case-study The quiet student", block + "::: case-study The quiet student")
    return path


def test_video_offers_its_other_formats_after_src(content: Path) -> None:
    add_video_with_other_formats(content, ["video/film.webm"])
    read = read_content(content)
    assert read.problems == ()
    [video] = [
        block for page in read.programmes[0].sessions[0].pages for block in page.blocks if isinstance(block, Video)
    ]
    assert (video.files.src, video.files.other_formats) == ("video/film.mp4", ("video/film.webm",))


def test_video_other_formats_must_be_video_files_that_exist(content: Path) -> None:
    path = add_video_with_other_formats(content, ["video/missing.webm", "video/film.vtt"])
    missing, not_video = line_of(path, "video/missing.webm"), line_of(path, "  - video/film.vtt")
    assert problems(content) == [
        f"content/example/{SESSION}:{missing}: video 'video/missing.webm' not found in media/",
        f"content/example/{SESSION}:{not_video}: "
        "other format 'video/film.vtt' must be a video file ending .mp4 or .webm",
    ]


def test_animation_needs_a_still_for_reduced_motion(content: Path) -> None:
    path = content / "example" / SESSION
    block = "```animation\nsrc: images/huddle.svg\nalt: A moving picture.\n```\n\n"
    edit(path, "::: case-study The quiet student", block + "::: case-study The quiet student")
    line = line_of(path, "```animation")
    assert problems(content) == [
        f"content/example/{SESSION}:{line}: the animation block has no 'still:' picture "
        "for people who ask for reduced motion"
    ]


def test_every_problem_is_reported_not_only_the_first(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "minutes: 10", "minutes: 0")
    edit(path, '  - "1.2"', '  - "4.4"')
    assert problems(content) == [
        f"content/example/{SESSION}:{line_of(path, 'minutes: 0')}: 'minutes' must be a whole number of at least 1, "
        "not '0'",
        f"content/example/{SESSION}:{line_of(path, '4.4')}: unknown framework element '4.4' (see framework.md)",
    ]


def test_a_misspelt_field_is_named_and_the_missing_one_too(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "minutes: 10", "minuts: 10")
    assert problems(content) == [
        f"content/example/{SESSION}:2: the session's front matter is missing the field 'minutes'",
        f"content/example/{SESSION}:5: unknown field 'minuts' in the session's front matter "
        "(allowed: elements, esr_competence, esr_expiry_months, key, minutes, objectives, pass_mark, reviewed_by, "
        "reviewed_on, sample, summary, "
        "title, version)",
    ]


def test_raw_html_is_named_where_it_stands(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "Most people who notice a problem", "Most <b>people</b> who notice a problem")
    edit(path, "::: trainer-resources", "<div>Box</div>\n\n::: trainer-resources")
    inline, block = line_of(path, "<b>people</b>"), line_of(path, "<div>Box</div>")
    message = "raw HTML is not allowed: use Markdown (see docs/content-format.md)"
    # <b> and </b> on one line make one problem, not two.
    assert problems(content) == [
        f"content/example/{SESSION}:{inline}: {message}",
        f"content/example/{SESSION}:{block}: {message}",
    ]


def test_session_blocks_outside_a_session_page_are_named(content: Path) -> None:
    path = content / "example" / "pages" / "about.md"
    path.write_text(path.read_text() + "\n```image\nsrc: images/nowhere.svg\n```\n\n::: case-study Lost\nText\n:::\n")
    assert problems(content) == [
        f"content/example/pages/about.md:{line_of(path, '```image')}: "
        "a ```image block can only stand on its own on a session page",
        f"content/example/pages/about.md:{line_of(path, '::: case-study')}: "
        "'::: case-study Lost' blocks can only stand on their own on a session page",
    ]


def test_a_colon_in_a_value_gets_a_hint_to_quote_it(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "feedback: Yes. Thanking them", "feedback: Yes: thanking them")
    assert problems(content) == [
        f"content/example/{SESSION}:{line_of(path, 'feedback: Yes: thanking')}: invalid YAML: mapping values are "
        "not allowed here (a value with ': ' in it must be put in quotes)"
    ]


def test_a_review_needs_a_reviewer_and_a_real_date(content: Path) -> None:
    path = content / "example" / SESSION
    edit(path, "sample: true\n", 'sample: true\nreviewed_on: "2026-13-40"\n')
    line = line_of(path, "reviewed_on")
    assert problems(content) == [
        f"content/example/{SESSION}:2: a review needs both 'reviewed_by' and 'reviewed_on'",
        f"content/example/{SESSION}:{line}: 'reviewed_on' must be a date written YYYY-MM-DD, not '2026-13-40'",
    ]


def stats_row(out: str, key: str) -> list[str]:
    return next(line for line in out.splitlines() if line.startswith(key)).split()


def test_stats_give_size_and_exercises_per_session(content: Path, capsys) -> None:
    call_command("checkcontent", str(content), "--stats")
    out = capsys.readouterr().out
    key, pages, minutes, _, marked, reflections, _ = stats_row(out, "speaking-up")[:7]
    assert (key, pages, minutes, marked, reflections) == ("speaking-up", "3", "10", "3", "1")
    assert "1 sessions; mean Flesch reading ease" in out
    assert "rewrite in plainer English" not in out  # the format guide's example reads easily (88 today)


# Every sentence has four words of one syllable, so the figures can be worked out by hand: page
# title, prose, the prompt, and each option with its feedback (4 + 8 + 4 + 8 + 8 = 32 words).
PLAIN_SESSION = """# Dogs run in parks

The dog ran fast. The cat sat still.

```exercise
key: which-pet
type: single
prompt: Which pet ran fast?
options:
  - text: The dog ran fast
    correct: true
    feedback: Yes, the dog ran.
  - text: The cat ran fast
    feedback: No, the cat sat.
```
"""


def test_stats_count_the_words_a_learner_reads_and_score_them_by_the_flesch_formula(content: Path, capsys) -> None:
    path = content / "example" / SESSION
    front_matter = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    path.write_text(f"---\n{front_matter}---\n{PLAIN_SESSION}", encoding="utf-8")
    call_command("checkcontent", str(content), "--stats")
    _, pages, _, words, marked, reflections, flesch = stats_row(capsys.readouterr().out, "speaking-up")[:7]
    assert (pages, words, marked, reflections) == ("1", "32", "1", "0")
    # Flesch reading ease = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word)
    assert flesch == f"{206.835 - 1.015 * 4 - 84.6 * 1:.1f}"  # 118.2


def test_stats_flag_a_session_written_in_hard_english(content: Path, capsys) -> None:
    path = content / "example" / SESSION
    dense = (
        "Organisational psychological safety necessitates comprehensive institutional commitment "
        "notwithstanding considerable interprofessional hierarchical differentiation. "
    )
    edit(path, "Most people who notice a problem say nothing.", dense * 40)
    call_command("checkcontent", str(content), "--stats")
    assert "below 50: rewrite in plainer English" in capsys.readouterr().out


def guess_row(out: str, key: str) -> list[str]:
    """The row of the guessability table (the second table --stats prints) for this session, or overall."""
    return [line for line in out.splitlines() if line.startswith(key)][-1].split()


def test_stats_say_whether_the_right_answer_is_the_longest_and_where_it_sits(content: Path, capsys) -> None:
    path = content / "example" / SESSION
    front_matter = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    path.write_text(f"---\n{front_matter}---\n{PLAIN_SESSION}", encoding="utf-8")
    call_command("checkcontent", str(content), "--stats")
    assert guess_row(capsys.readouterr().out, "speaking-up") == ["speaking-up", "1", "100%", "1/0", "0", "0/0"]

    edit(path, "  - text: The cat ran fast", "  - text: The old grey cat ran fast")
    call_command("checkcontent", str(content), "--stats")
    out = capsys.readouterr().out
    assert guess_row(out, "speaking-up") == ["speaking-up", "1", "0%", "1/0", "0", "0/0"]
    assert "over the limit" not in out


def test_stats_flag_a_programme_whose_answers_can_be_guessed(content: Path, capsys) -> None:
    call_command("checkcontent", str(content), "--stats")
    out = capsys.readouterr().out
    # The format guide's example: its one single-choice answer, first of two, is the longer; 2 of 3 options right.
    assert guess_row(out, "overall") == ["overall", "1", "100%", "1/0", "1", "2/3"]
    assert "over the limit: the right answer is the longest option in 1 of 1 single-choice questions" in out
    assert "over the limit: 2 of 3 multiple-choice options are right (67%; keep it between 30% and 60%)" in out
