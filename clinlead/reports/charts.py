"""Charts drawn on the server as SVG: no chart library and nothing from a CDN, readable without JavaScript.

Each chart is an image with a name and a description (`role="img"`, `<title>`, `<desc>`, pointed to by
aria-labelledby) and the page puts a table of the same figures beside it, so a screen reader or a printout loses
nothing. Horizontal bars, because labels such as session titles are long and read best on the left.
"""

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 8
TOP = 8
# NHS.UK colours: blue bars and dark grey text, both with enough contrast on white.
BAR_COLOUR = "#005eb8"
TEXT_COLOUR = "#212b32"


def _clip(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[tuple[str, int]], *, maximum: int | None = None,
    unit: str = "",
) -> Markup:  # fmt: skip
    """A horizontal bar chart of (label, value) as inline SVG; `maximum` fixes the scale (100 for percentages),
    else the largest value sets it. Labels too long for their column are shortened in the picture only."""
    top = max([maximum or 0, *(v for _, v in bars), 1])
    height = TOP * 2 + max(1, len(bars)) * (BAR_HEIGHT + GAP)
    room = WIDTH - LABEL_WIDTH - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" id="{escape(chart_id)}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{TOP + 16}" fill="{TEXT_COLOUR}" font-size="14">Nothing to show yet</text>')
    for index, (label, value) in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = round(room * max(0, value) / top)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}" font-size="14">'
            f"{escape(_clip(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" fill="{TEXT_COLOUR}" font-size="14">'
            f"{value:,}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every label and title escaped above; numbers are ours
