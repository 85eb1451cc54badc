"""Certificates and transcripts say what they must, fit their pages, and come out byte for byte the same."""

import dataclasses
import datetime
import hashlib
import io
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
import segno
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from clinlead.certificates import drawing, transcript
from clinlead.certificates.data import CertificateData
from clinlead.certificates.pdf import FontsMissing, TranscriptRow, render_certificate, render_transcript
from clinlead.wording import minutes_in_words

NUMBER = "CL-7K3M-9QX2-P4TD-W8HN"
CERTIFICATE = CertificateData(
    number=NUMBER,
    completion_uuid="4f7c1a52-93f1-4d0e-8a1b-2f6c9d3e5a70",
    learner_name="Siobhán Ní Bhriain",
    programme_key="leading-teams",
    programme_title="Leading Teams in Clinical Practice",
    session_key="speaking-up-under-pressure",
    session_title="Speaking up when the team is under pressure",
    domains=("2 Working with Others",),
    elements=("2.4 Working within Teams", "2.3 Encouraging Contribution"),
    minutes_spent=85,
    score_percent=80,
    completed_on=datetime.date(2026, 11, 25),
)
VERIFY_URL = f"https://learn.example.org/certificates/verify/?number={NUMBER}"
EIGHT_ELEMENTS = tuple(
    f"{domain}.{n} A rather long framework element about leading people" for domain in (1, 2) for n in (1, 2, 3, 4)
)


def text_of(document: bytes) -> str:
    """All the text a reader would copy, with line breaks and runs of spaces as single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages_of(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(document)).pages]


def metadata_of(document: bytes) -> pypdf.DocumentInformation:
    metadata = pypdf.PdfReader(io.BytesIO(document)).metadata
    assert metadata is not None
    return metadata


def placed_text(document: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page number, x, baseline y, x where it ends, text) of every string drawn."""
    placed = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(document)).pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip() and font is not None:
                x, y = tm[4] + cm[4], tm[5] + cm[5]
                end = x + pdfmetrics.stringWidth(text.strip(), font["/BaseFont"].split("+")[-1], size)
                placed.append((number, x, y, end, text.strip()))

        page.extract_text(visitor_text=visit)
    return placed


def text_outside_page(document: bytes) -> list[str]:
    """Every string that starts or ends beyond the page's edges (allowing 1 pt of rounding)."""
    right, top = (float(side) for side in pypdf.PdfReader(io.BytesIO(document)).pages[0].mediabox.upper_right)
    return [text for _, x, y, end, text in placed_text(document) if x < 0 or y < 0 or y > top or end > right + 1]


# -- certificate: what it says ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Siobhán Ní Bhriain", "Zoë O'Neill-Øberg", "Łukasz Wójcik", "Ελένη Παπαδοπούλου"])
def test_certificate_names_the_learner_in_any_script(name):
    assert name in text_of(render_certificate(dataclasses.replace(CERTIFICATE, learner_name=name), VERIFY_URL))


def test_certificate_names_the_session_programme_domain_and_elements():
    text = text_of(render_certificate(CERTIFICATE, VERIFY_URL))
    assert "Certificate of completion" in text
    assert "has completed the session Speaking up when the team is under pressure" in text
    assert "Leading Teams in Clinical Practice" in text
    assert "Domain: 2 Working with Others" in text
    assert "• 2.4 Working within Teams" in text
    assert "• 2.3 Encouraging Contribution" in text


def test_certificate_gives_time_spent_in_hours_and_minutes_for_cpd():
    assert "Time spent: 1 hour 25 minutes (for your CPD record)" in text_of(render_certificate(CERTIFICATE, VERIFY_URL))


def test_certificate_gives_the_completion_date_in_words():
    assert "Completed on: 25 November 2026" in text_of(render_certificate(CERTIFICATE, VERIFY_URL))


def test_certificate_shows_its_number_and_where_to_verify_it():
    text = text_of(render_certificate(CERTIFICATE, VERIFY_URL))
    assert f"Certificate number: {NUMBER}" in text
    assert f"Check this certificate at: https://learn.example.org/certificates/verify/?number={NUMBER}" in text


def test_qr_code_is_segnos_code_for_the_verify_url_drawn_as_squares():
    page = pypdf.PdfReader(io.BytesIO(render_certificate(CERTIFICATE, VERIFY_URL))).pages[0]
    contents = page.get_contents()
    assert contents is not None
    drawn = {
        (int(row), int(start) + i)
        for start, row, length in re.findall(rb"(\d+) (\d+) (\d+) 1 re", contents.get_data())
        for i in range(int(length))
    }
    matrix = segno.make(VERIFY_URL, error=drawing.QR_ERROR, mask=drawing.QR_MASK, micro=False).matrix
    assert drawn == {(row, column) for row, cells in enumerate(matrix) for column, dark in enumerate(cells) if dark}
    assert not page.images


def test_certificate_metadata_names_the_document_and_session():
    metadata = metadata_of(render_certificate(CERTIFICATE, VERIFY_URL))
    assert metadata.title == "Certificate of completion"
    assert metadata.author == "clinlead"
    assert metadata.subject == CERTIFICATE.session_title


# -- certificate: fitting the page ------------------------------------------------------------------


def test_long_session_title_and_eight_elements_fit_on_one_page():
    title = "Leading a multidisciplinary team through a serious incident review without blame " * 2
    document = render_certificate(
        dataclasses.replace(CERTIFICATE, session_title=title, elements=EIGHT_ELEMENTS), VERIFY_URL
    )
    assert len(pages_of(document)) == 1
    text = text_of(document)
    assert " ".join(title.split()) in text
    assert all(element in text for element in EIGHT_ELEMENTS)
    assert text_outside_page(document) == []


def test_overlong_names_and_element_lists_are_cut_visibly_rather_than_overflow():
    content = dataclasses.replace(
        CERTIFICATE,
        learner_name="Zoë O'Neill-Øberg " * 10,
        session_title="An extraordinarily long session title " * 12,
        elements=EIGHT_ELEMENTS * 5,
    )
    document = render_certificate(content, VERIFY_URL)
    assert len(pages_of(document)) == 1
    assert text_outside_page(document) == []
    text = text_of(document)
    assert "…" in text
    assert re.search(r"and \d+ more \(see your transcript\)", text)


def test_unbroken_long_verify_url_wraps_inside_the_page():
    url = "https://learn.example.org/certificates/verify/?number=" + "X" * 150
    assert text_outside_page(render_certificate(CERTIFICATE, url)) == []


# -- certificate: the same bytes --------------------------------------------------------------------


def test_same_certificate_renders_to_identical_bytes():
    assert render_certificate(CERTIFICATE, VERIFY_URL) == render_certificate(CERTIFICATE, VERIFY_URL)


def test_certificate_with_another_number_renders_differently():
    other = dataclasses.replace(CERTIFICATE, number="CL-AAAA-BBBB-CCCC-DDDD")
    assert render_certificate(other, VERIFY_URL) != render_certificate(CERTIFICATE, VERIFY_URL)


def test_certificate_bytes_do_not_depend_on_when_it_is_rendered(monkeypatch):
    today = render_certificate(CERTIFICATE, VERIFY_URL)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # ReportLab would date the file from it
    monkeypatch.setattr(time, "time", lambda: time.mktime((2031, 6, 1, 12, 0, 0, 0, 0, -1)))
    assert render_certificate(CERTIFICATE, VERIFY_URL) == today


def test_certificate_bytes_are_the_same_in_a_fresh_python_process():
    script = (
        "import hashlib, sys\n"
        "import django; django.setup()\n"  # dates are written in words by Django (clinlead.wording)
        "from clinlead.certificates.pdf import render_certificate\n"
        "from clinlead.certificates.tests.test_pdf import CERTIFICATE, VERIFY_URL\n"
        "sys.stdout.write(hashlib.sha256(render_certificate(CERTIFICATE, VERIFY_URL)).hexdigest())\n"
    )
    # Another hash seed reorders sets and dicts keyed by strings, should any of them reach the file.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    root = Path(__file__).resolve().parents[3]
    fresh = subprocess.run(  # noqa: S603 -- runs this interpreter on a fixed script
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert fresh.stdout == hashlib.sha256(render_certificate(CERTIFICATE, VERIFY_URL)).hexdigest()


def test_certificates_rendered_on_several_threads_at_once_come_out_the_same():
    contents = [dataclasses.replace(CERTIFICATE, learner_name=name) for name in ("Siobhán Ní Bhriain", "Łukasz Wójcik")]
    expected = [render_certificate(content, VERIFY_URL) for content in contents]
    switch_interval = sys.getswitchinterval()
    # Handing the GIL over as often as possible interleaves the renders: without the module's lock,
    # most runs of this test (not every one) catch one thread's settings leaking into another's file.
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            rendered = list(pool.map(render_certificate, contents * 20, [VERIFY_URL] * 40))
    finally:
        sys.setswitchinterval(switch_interval)
    assert rendered == expected * 20


def test_cached_font_subsets_are_exactly_what_reportlab_would_embed(monkeypatch):
    for name in ["Siobhán Ní Bhriain", "Ελένη Παπαδοπούλου"]:  # one from the cache, one beyond the common letters
        content = dataclasses.replace(CERTIFICATE, learner_name=name)
        cached = render_certificate(content, VERIFY_URL)
        with monkeypatch.context() as patch:
            patch.setattr(drawing._CachedSubsetFont, "addObjects", TTFont.addObjects)
            assert render_certificate(content, VERIFY_URL) == cached


def test_missing_fonts_are_reported_with_the_path_and_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(drawing, "FONT_DIR", tmp_path)
    monkeypatch.setattr(drawing, "_fonts_registered", False)
    with pytest.raises(FontsMissing, match=rf"{tmp_path}/DejaVuSans\.ttf is missing.*fonts-dejavu-core"):
        render_certificate(CERTIFICATE, VERIFY_URL)


# -- transcript -------------------------------------------------------------------------------------


def transcript_rows(count: int) -> list[TranscriptRow]:
    return [
        TranscriptRow(
            session_title=f"Session {n}: giving and receiving feedback" + " in a busy ward" * (n % 3),
            programme_title="Leading Teams in Clinical Practice",
            completed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            minutes_spent=20 + n,
            score_percent=None if n % 5 == 0 else 40 + n % 60,
            certificate_number=f"CL-7K3M-9QX2-P4TD-{n:04d}",
        )
        for n in range(count)
    ]


def test_long_transcript_runs_over_numbered_pages_each_with_the_table_heading():
    pages = pages_of(render_transcript("Siobhán Ní Bhriain", transcript_rows(120), datetime.date(2026, 11, 25)))
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Session and programme Completed Time spent Score Certificate" in page
    assert "Transcript of completed learning Siobhán Ní Bhriain Generated on 25 November 2026" in pages[0]
    assert "Transcript of completed learning: Siobhán Ní Bhriain" in pages[1]


def test_transcript_lists_every_session_once_with_its_certificate_number():
    rows = transcript_rows(120)
    text = text_of(render_transcript("Siobhán Ní Bhriain", rows, datetime.date(2026, 11, 25)))
    for row in rows:
        assert text.count(row.certificate_number) == 1


def test_wide_certificate_numbers_and_dates_stay_whole_on_one_line():
    row = dataclasses.replace(
        transcript_rows(1)[0], certificate_number="CL-WWWW-MMMM-WWWW-MMMM", completed_on=datetime.date(2026, 9, 28)
    )
    document = render_transcript("Siobhán Ní Bhriain", [row], datetime.date(2026, 11, 25))
    # Each drawn as one string: text_of would join the halves of a wrapped one with a space.
    drawn = {text: (x, end) for _, x, _, end, text in placed_text(document)}
    assert "28 September 2026" in drawn
    assert "CL-WWWW-MMMM-WWWW-MMMM" in drawn
    # ... and inside its own column.
    left = transcript.TRANSCRIPT_MARGIN
    columns = {}
    for heading, width in transcript.COLUMNS:
        columns[heading] = (left, left + width)
        left += width
    for text, heading in (("28 September 2026", "Completed"), ("CL-WWWW-MMMM-WWWW-MMMM", "Certificate")):
        (x, end), (column_left, column_right) = drawn[text], columns[heading]
        assert x >= column_left, (text, x, column_left)
        assert end <= column_right, (text, end, column_right)


def test_transcript_row_gives_date_time_and_score_or_a_dash():
    rows = transcript_rows(2)
    text = text_of(render_transcript("Zoë O'Neill-Øberg", rows, datetime.date(2026, 11, 25)))
    assert "1 January 2026 20 minutes — CL-7K3M-9QX2-P4TD-0000" in text
    assert "2 January 2026 21 minutes 41% CL-7K3M-9QX2-P4TD-0001" in text


def test_transcript_totals_sessions_and_time():
    rows = transcript_rows(120)  # 20 + 21 + ... + 139 minutes = 9540 minutes = 159 hours
    text = text_of(render_transcript("Siobhán Ní Bhriain", rows, datetime.date(2026, 11, 25)))
    assert "Total: 120 sessions, 159 hours spent" in text
    one = text_of(render_transcript("Siobhán Ní Bhriain", rows[65:66], datetime.date(2026, 11, 25)))
    assert "Total: 1 session, 1 hour 25 minutes spent" in one


def test_totals_stay_above_the_page_number_taking_a_page_of_their_own_if_need_be():
    totals_alone = 0
    for count in range(1, 40):  # between them, these end a page at every point of a row
        document = render_transcript("Siobhán Ní Bhriain", transcript_rows(count), datetime.date(2026, 11, 25))
        placed = placed_text(document)
        last_page = placed[-1][0]
        on_last_page = [text for page, _, _, _, text in placed if page == last_page]
        assert on_last_page[-2:] == [
            f"Total: {sessions(count)}, {minutes_in_words(sum(range(20, 20 + count)))} spent",
            f"Page {last_page} of {last_page}",
        ]
        lowest = min(y for _, _, y, _, text in placed if not text.startswith("Page "))
        assert lowest >= transcript.TABLE_BOTTOM, f"{count} rows: text at {lowest} pt runs into the page number"
        totals_alone += "Session and programme" not in on_last_page
    assert totals_alone > 0


def sessions(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def test_empty_transcript_says_there_is_nothing_yet():
    text = text_of(render_transcript("Siobhán Ní Bhriain", [], datetime.date(2026, 11, 25)))
    assert "No completed sessions yet. Total: 0 sessions, 0 minutes spent Page 1 of 1" in text


def test_same_transcript_renders_to_identical_bytes_with_its_title():
    rows = transcript_rows(40)
    first = render_transcript("Siobhán Ní Bhriain", rows, datetime.date(2026, 11, 25))
    assert render_transcript("Siobhán Ní Bhriain", rows, datetime.date(2026, 11, 25)) == first
    assert metadata_of(first).title == "Transcript of completed learning"


def test_transcript_text_stays_inside_its_pages():
    rows = [dataclasses.replace(row, session_title="A very long session title " * 30) for row in transcript_rows(30)]
    assert text_outside_page(render_transcript("Siobhán Ní Bhriain", rows, datetime.date(2026, 11, 25))) == []
