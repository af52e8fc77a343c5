"""Charts drawn on the server as SVG that screen readers can name: role="img", a <title>
and <desc> referenced by aria-labelledby, text labels on every bar and point. Colours
have at least 4.5:1 contrast on white. A value of None draws nothing but keeps its
label (a suppressed or missing figure)."""

from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1f5fa8"  # 6.4:1 on white
TEXT = "#212529"
GRID = "#6c757d"  # 4.7:1 on white
_ids = count(1)

Item = tuple[str, float | None, str]  # (label, value to draw, text shown)


def _frame(title: str, desc: str, width: int, height: int, body: str) -> SafeString:
    n = next(_ids)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="dash-chart" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-t{n} chart-d{n}" font-family="system-ui, sans-serif" '
        f'font-size="13"><title id="chart-t{n}">{escape(title)}</title>'
        f'<desc id="chart-d{n}">{escape(desc)}</desc>{body}</svg>'
    )


def _fit(label: str, chars: int) -> str:
    """A label cut to fit its column (the data table has it whole)."""
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _scale(items: list[Item]) -> float:
    return max([v for _, v, _ in items if v is not None] + [1])


def bar_chart(title: str, desc: str, items: list[Item], *, width: int = 640) -> SafeString:
    """Horizontal bars, one row per item, the label on the left and the value at the end."""
    label_w, row_h, pad = 210, 26, 8
    top = _scale(items)
    room = width - label_w - 100  # the value is written after the longest bar
    parts = []
    for i, (label, value, shown) in enumerate(items):
        y = pad + i * row_h
        length = 0 if value is None else max(room * value / top, 1 if value else 0)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_fit(label, 28))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
            f'fill="{BAR}"/><text x="{label_w + length + 6:.1f}" y="{y + 17}" '
            f'fill="{TEXT}">{escape(shown)}</text>'
        )
    return _frame(title, desc, width, pad * 2 + row_h * max(len(items), 1), "".join(parts))


def funnel(title: str, desc: str, items: list[Item], *, width: int = 640) -> SafeString:
    """Stages top to bottom, each bar centred, so the narrowing reads as a funnel."""
    label_w, row_h, pad = 290, 28, 8
    top = _scale(items)
    room = width - label_w - 20
    centre = label_w + room / 2
    parts = []
    for i, (label, value, shown) in enumerate(items):
        y = pad + i * row_h
        length = 0 if value is None else max(room * value / top, 2 if value else 0)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 18}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_fit(label, 32))}: {escape(shown)}</text>"
            f'<rect x="{centre - length / 2:.1f}" y="{y + 4}" width="{length:.1f}" '
            f'height="{row_h - 8}" fill="{BAR}"/>'
        )
    return _frame(title, desc, width, pad * 2 + row_h * max(len(items), 1), "".join(parts))


def line_chart(
    title: str, desc: str, items: list[Item], *, width: int = 640, height: int = 240
) -> SafeString:
    """Points joined in order, values above the points and labels below, as many as fit."""
    left, right, top_pad, bottom = 40, 40, 24, 40
    top = _scale(items)
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(items) - 1, 1)
    base = top_pad + plot_h
    # Labels that would overlap are thinned out (the data table has every one).
    label_every = -(-len(items) // 8)
    values_shown = len(items) <= 16
    parts = [f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{GRID}"/>']
    points = []
    for i, (label, value, shown) in enumerate(items):
        x = left + i * step
        if value is not None:
            y = base - plot_h * value / top
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BAR}"/>')
            if values_shown:
                parts.append(
                    f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" fill="{TEXT}" '
                    f'font-size="11">{escape(shown)}</text>'
                )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle" fill="{TEXT}" '
                f'font-size="11">{escape(label)}</text>'
            )
    if len(points) > 1:
        parts.insert(
            1,
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{BAR}" stroke-width="2"/>',
        )
    return _frame(title, desc, width, height, "".join(parts))
