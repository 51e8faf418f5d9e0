"""Line charts over time as inline SVG, drawn on the server with presentation attributes only
(the Content-Security-Policy allows no inline style or script). Always shown beside a table of
the same numbers."""

from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[date, float]]
    colour: str = "#1d70b8"
    dashed: bool = False
    marker: str = "circle"  # circle or square, so the series differ by more than colour


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[Series],
    y_min: float,
    y_max: float,
    reference: tuple[float, str] | None = None,
) -> str:
    width, height = 560, 260
    left, right, top, bottom = 48, 20, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    days = sorted({d for s in series for d, _ in s.points})
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def x(on: date) -> float:
        if len(days) < 2:
            return left + plot_w / 2
        return left + plot_w * (on - days[0]).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - y_min) / ((y_max - y_min) or 1))

    out = [
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="arial, sans-serif" font-size="13" class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    steps = 4
    for n in range(steps + 1):
        value = y_min + (y_max - y_min) * n / steps
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#0b0c0c">'
            f"{_number(value)}</text>"
        )
    if reference is not None:
        value, label = reference
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{left + plot_w}" y="{y(value) - 5:.1f}" text-anchor="end" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
    for on in days if len(days) <= 6 else [days[0], days[len(days) // 2], days[-1]]:
        out.append(
            f'<text x="{x(on):.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'fill="#0b0c0c">{on:%-d %b %y}</text>'
        )
    for s in series:
        coords = [(x(d), y(v)) for d, v in s.points]
        if len(coords) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
            dash = ' stroke-dasharray="8 4"' if s.dashed else ""
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{s.colour}" '
                f'stroke-width="3"{dash}/>'
            )
        for px, py in coords:
            if s.marker == "square":
                out.append(
                    f'<rect x="{px - 5:.1f}" y="{py - 5:.1f}" width="10" height="10" '
                    f'fill="{s.colour}"/>'
                )
            else:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{s.colour}"/>')
    if len(series) > 1:
        for n, s in enumerate(series):
            lx = left + n * 180
            ly = height - 8
            if s.marker == "square":
                out.append(
                    f'<rect x="{lx}" y="{ly - 10}" width="10" height="10" fill="{s.colour}"/>'
                )
            else:
                out.append(f'<circle cx="{lx + 5}" cy="{ly - 5}" r="5" fill="{s.colour}"/>')
            out.append(f'<text x="{lx + 16}" y="{ly}" fill="#0b0c0c">{escape(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)
