"""The risk and strengths chart: one line per factor over time, as inline SVG drawn on the
server with presentation attributes only (the Content-Security-Policy allows no inline style or
script). Each factor differs by marker shape and line pattern as well as colour, and the chart
is always shown beside a table of the same numbers."""

from datetime import date
from html import escape

from .models import Factor, Rating

# Colour, marker and dash pattern for each factor: never colour alone. Each colour has at
# least 3:1 contrast with the white background.
STYLES: dict[str, tuple[str, str, str]] = {
    Factor.DOMESTIC_ABUSE: ("#1d70b8", "circle", ""),
    Factor.SUBSTANCE_USE: ("#d4351c", "square", "8 4"),
    Factor.MENTAL_HEALTH: ("#00703c", "triangle", "2 4"),
    Factor.HOUSING: ("#4c2c92", "diamond", "12 4 2 4"),
    Factor.LEARNING_NEEDS: ("#912b88", "cross", "4 4"),
    Factor.STRENGTHS: ("#0b0c0c", "ring", "16 4"),
}


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" '
            f'fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 7:.1f} '
            f'{x - 6:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x - 5:.1f},{y + 5:.1f} '
            f'L{x + 5:.1f},{y - 5:.1f}" stroke="{colour}" stroke-width="3"/>'
        )
    if shape == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{colour}" '
            'stroke-width="3"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def ratings_chart(*, chart_id: str, title: str, assessments) -> str:
    """The assessments (oldest first) as a line per factor, rating (1 to 5) against date."""
    width = 560
    left, right, top, plot_h = 140, 44, 16, 200
    plot_w = width - left - right
    legend_top = top + plot_h + 44
    rows = (len(Factor) + 1) // 2
    height = legend_top + rows * 24
    days = sorted({a.assessed_on for a in assessments})
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def x(on: date, n: int) -> float:
        # Each factor a little to the side of the next, so equal ratings stay visible.
        nudge = (n - (len(Factor) - 1) / 2) * 3
        if len(days) < 2:
            return left + plot_w / 2 + nudge
        return left + 10 + (plot_w - 20) * (on - days[0]).days / span + nudge

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - 1) / 4)

    first, last = days[0], days[-1]
    description = (
        f"A line for each factor, rated at {len(assessments)} assessment"
        f"{'s' if len(assessments) != 1 else ''} from {first.day} {first:%B %Y} to "
        f"{last.day} {last:%B %Y}, on a scale from 1 (serious concern) to 5 (a strength). "
        "The table beside the chart gives every rating."
    )
    out = [
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="arial, sans-serif" font-size="13" class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for rating in Rating:
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(rating):.1f}" y2="{y(rating):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{y(rating) + 4:.1f}" text-anchor="end" fill="#0b0c0c">'
            f"{rating.value} {escape(rating.label)}</text>"
        )
    for on in days if len(days) <= 5 else [days[0], days[len(days) // 2], days[-1]]:
        out.append(
            f'<text x="{x(on, 2.5):.1f}" y="{top + plot_h + 22}" text-anchor="middle" '
            f'fill="#0b0c0c">{on.day} {on:%b %Y}</text>'
        )
    for n, factor in enumerate(Factor):
        colour, shape, dash = STYLES[factor]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(a.assessed_on, getattr(a, factor.value)) for a in assessments]
        # A factor not rated at an assessment breaks its line there.
        segments: list[list[tuple[float, float]]] = [[]]
        for on, value in points:
            if value is None:
                segments.append([])
            else:
                segments[-1].append((x(on, n), y(value)))
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
                out.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dashes}/>'
                )
            out.extend(_marker(shape, px, py, colour) for px, py in segment)
        column, row = n % 2, n // 2
        lx, ly = 12 + column * (width // 2), legend_top + row * 24
        out.append(
            f'<line x1="{lx}" x2="{lx + 36}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5"{dashes}/>'
        )
        out.append(_marker(shape, lx + 18, ly, colour))
        out.append(f'<text x="{lx + 46}" y="{ly + 4}" fill="#0b0c0c">{escape(factor.label)}</text>')
    out.append("</svg>")
    return "".join(out)
