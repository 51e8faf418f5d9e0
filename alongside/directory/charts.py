"""Bar charts as inline SVG (no script, no network), in the way of linkage/svg_charts.py. Every
chart is shown with a table of the same numbers, which is its text alternative."""

from html import escape

COLOURS = ("#1d70b8", "#f47738")  # GOV.UK blue and orange: tell apart in greyscale by label too


def grouped_bar_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[int]]]
) -> str:
    """Horizontal bars, one group per label, one bar per series, each bar labelled with its
    number and series name so no meaning rests on colour."""
    width, label_w, bar_w, bar_h, gap = 640, 170, 330, 16, 10
    group_h = bar_h * len(series) + gap
    height = group_h * len(labels) + 10
    top = max([v for _, values in series for v in values] or [1]) or 1
    parts = [
        f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12" '
        'class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for i, label in enumerate(labels):
        y0 = 5 + i * group_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y0 + bar_h}" text-anchor="end">{escape(label)}</text>'
        )
        for j, (name, values) in enumerate(series):
            y = y0 + j * bar_h
            value = values[i]
            w = max(bar_w * value / top, 1)
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 4}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
            parts.append(
                f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 4}">'
                f"{value} ({escape(name)})</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
