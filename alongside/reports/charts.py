"""Charts for the reports as inline SVG (no scripts), each shown beside its table."""

from html import escape

from alongside.linkage.svg_charts import bar_chart

from .tables import PublishedTable


def chart_for(published: PublishedTable) -> str:
    table = published.table
    if not table.chart or not published.chart_values:
        return ""
    if table.chart_kind == "flow":
        return flow_chart(table.title, published)
    labels = [label for label, _ in published.chart_values]
    values = [value for _, value in published.chart_values]
    return bar_chart(table.title, labels, values)


def flow_chart(title: str, published: PublishedTable) -> str:
    """Where parents moved from (left) and to (right): a line per move, as thick as its count;
    a move not shown (small numbers) is a thin dashed line with no number."""
    table = published.table
    columns = [c for c, _ in table.columns]
    moves = [
        (texts[columns.index("from")], texts[columns.index("to")], value)
        for (_, texts), (_, value) in zip(published.rows, published.chart_values, strict=True)
    ]
    sources = sorted({a for a, _, _ in moves})
    targets = sorted({b for _, b, _ in moves})
    row_h, width = 26, 640
    height = max(len(sources), len(targets)) * row_h + 40
    top = max([v for *_, v in moves if isinstance(v, float) and v] or [1])
    y_of = lambda names, name: 30 + names.index(name) * row_h  # noqa: E731
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        '<text x="10" y="16" font-weight="bold">From</text>',
        f'<text x="{width - 10}" y="16" text-anchor="end" font-weight="bold">To</text>',
    ]
    for a, b, value in moves:
        y1, y2 = y_of(sources, a) - 4, y_of(targets, b) - 4
        if isinstance(value, str):  # not shown: the table beside says why
            parts.append(
                f'<path d="M 220 {y1} C 320 {y1}, 320 {y2}, 420 {y2}" fill="none" '
                'stroke="#505a5f" stroke-width="1" stroke-dasharray="4 3"/>'
            )
        else:
            w = max(1.5, 12 * value / top)
            parts.append(
                f'<path d="M 220 {y1} C 320 {y1}, 320 {y2}, 420 {y2}" fill="none" '
                f'stroke="#1d70b8" stroke-opacity="0.6" stroke-width="{w:.1f}"/>'
            )
    for name in sources:
        parts.append(
            f'<text x="214" y="{y_of(sources, name)}" text-anchor="end">{escape(name[:34])}</text>'
        )
    for name in targets:
        parts.append(f'<text x="426" y="{y_of(targets, name)}">{escape(name[:34])}</text>')
    parts.append("</svg>")
    return "".join(parts)
