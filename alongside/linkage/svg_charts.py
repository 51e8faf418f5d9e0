"""Bar charts as inline SVG, drawn here (no scripts, no network), with a text alternative."""

from html import escape


def bar_chart(
    title: str, labels: list[str], values: list[float | str | None], unit: str = ""
) -> str:
    """Horizontal bars. A value not shown draws no bar and says why, in the words of the table
    beside the chart ('fewer than 5', 'suppressed'); None says 'suppressed'."""
    width, label_w, bar_w, row_h = 640, 200, 360, 22
    height = row_h * len(labels) + 30
    top = max([v for v in values if isinstance(v, int | float)] or [1]) or 1
    parts = [
        f'<svg role="img" aria-labelledby="t-{id(labels)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" font-size="13">',
        f'<title id="t-{id(labels)}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
        )
        if not isinstance(value, int | float):
            words = escape(value) if isinstance(value, str) else "suppressed"
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}" fill="#505a5f">{words}</text>')
            continue
        w = max(bar_w * value / top, 1)
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="#1d70b8"/>'
        )
        shown = f"{value:.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
