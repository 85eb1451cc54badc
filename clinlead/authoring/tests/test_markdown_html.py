"""Markdown becomes HTML that the site's Content-Security-Policy accepts: no style attributes anywhere."""

from pathlib import Path

from clinlead.authoring.api import read_content
from clinlead.content.data import Prose
from tests.content_fixtures import edit, write_doc_example

TABLE = "| Who | When | How many |\n|:--|:-:|--:|\n| Nurse | Morning | 3 |\n\n"


def test_table_column_alignment_becomes_nhsuk_classes_not_style_attributes(tmp_path: Path) -> None:
    programme = write_doc_example(tmp_path / "content")
    edit(
        programme / "sessions" / "speaking-up.md",
        "Most people who notice a problem",
        TABLE + "Most people who notice a problem",
    )
    read = read_content(tmp_path / "content")
    assert read.ok, read.problems
    html = next(
        block.html
        for page in read.programmes[0].sessions[0].pages
        for block in page.blocks
        if isinstance(block, Prose) and "<table>" in block.html
    )
    assert "style=" not in html
    assert '<th class="nhsuk-u-text-align-left">Who</th>' in html
    assert '<th class="nhsuk-u-text-align-centre">When</th>' in html
    assert '<td class="nhsuk-u-text-align-right">3</td>' in html
