"""A horizontal bar chart drawn on the server as SVG: no chart library, nothing fetched, readable without
JavaScript. It is an image with a title and a description; the same figures are in a table beside it."""

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

ROW_HEIGHT = 34
LABEL_WIDTH = 260
BAR_WIDTH = 300
LABEL_CHARS = 38


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    total: int  # what the value is out of


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> Markup:
    """The bars, longest first as given, each with its label and "value of total"."""
    height = ROW_HEIGHT * len(bars) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 80
    top = max((b.total for b in bars), default=0) or 1
    parts = [
        f'<svg class="clinlead-chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for n, bar in enumerate(bars):
        y = 5 + n * ROW_HEIGHT
        label = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
        length = round(BAR_WIDTH * bar.value / top)
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 20}" text-anchor="end" font-size="14" fill="#212b32">'
            f"{escape(label)}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW_HEIGHT - 10}" fill="#005eb8"></rect>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 20}" font-size="14" fill="#212b32">'
            f"{bar.value} of {bar.total}</text>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it is escaped above
