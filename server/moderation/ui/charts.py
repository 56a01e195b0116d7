"""Small SVG charts drawn on the server (no JavaScript): stacked bars per day, and horizontal bars.

Every piece of text is escaped here, and the result is returned as Markup for the template."""
from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

STATE_COLORS = {"visible": "#3b82f6", "pending": "#f59e0b", "hidden": "#6b7280", "removed": "#dc2626"}
DEFAULT_COLORS = ("#2563eb", "#f59e0b", "#6b7280", "#dc2626", "#16a34a", "#9333ea")


def _nice_max(value: int) -> int:
    """The y axis top: a multiple of 4, so the four gridlines fall on whole numbers."""
    return max(4, -(-value // 4) * 4)


def _attr(value) -> str:
    return str(escape(value))


def daily_bars(days: list[date], series: dict[str, list[int]], *, title: str, unit: str,
               colors: dict[str, str] | None = None, width: int = 760, height: int = 260) -> Markup:
    """Stacked bars, one per day; `series` maps a label to one count per day (same order as `days`)."""
    colors = colors or {}
    left, right, top, bottom = 44, 12, 36, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    y_max = _nice_max(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    bar_w = max(slot * 0.7, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{_attr(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>']
    # y axis with four gridlines
    for i in range(5):
        value = round(y_max * i / 4)
        y = top + plot_h - plot_h * (value / y_max)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value}</text>')
    parts.append(f'<text x="12" y="{top + plot_h / 2:.1f}" transform="rotate(-90 12 {top + plot_h / 2:.1f})" '
                 f'text-anchor="middle" class="axis-label">{escape(unit)}</text>')
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        y_base = top + plot_h
        for n, (label, values) in enumerate(series.items()):
            count = values[i]
            if not count:
                continue
            h = plot_h * count / y_max
            y_base -= h
            color = colors.get(label, DEFAULT_COLORS[n % len(DEFAULT_COLORS)])
            tip = f"{day.isoformat()}: {count} {label}"
            parts.append(f'<rect x="{x:.1f}" y="{y_base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{_attr(color)}">'
                         f"<title>{escape(tip)}</title></rect>")
        if i % 5 == 0 or i == len(days) - 1:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" class="tick">'
                         f"{escape(day.strftime('%b %d'))}</text>")
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 18}" text-anchor="middle" class="axis-label">'
                 f"day (UTC)</text>")
    if len(series) > 1:  # legend
        x = left
        for n, label in enumerate(series):
            color = colors.get(label, DEFAULT_COLORS[n % len(DEFAULT_COLORS)])
            parts.append(f'<rect x="{x}" y="{height - 10}" width="10" height="10" fill="{_attr(color)}"/>'
                         f'<text x="{x + 14}" y="{height - 1}" class="tick">{escape(label)}</text>')
            x += 26 + 8 * len(label)
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(counts: dict[str, int], *, title: str, unit: str, colors: dict[str, str] | None = None,
                    width: int = 760) -> Markup:
    """One horizontal bar per label (e.g. notes per moderation state now)."""
    colors = colors or {}
    left, right, top, row = 90, 60, 28, 26
    height = top + row * max(len(counts), 1) + 30
    plot_w = width - left - right
    x_max = max(max(counts.values(), default=0), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{_attr(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>']
    for n, (label, count) in enumerate(counts.items()):
        y = top + n * row
        w = plot_w * count / x_max
        color = colors.get(label, DEFAULT_COLORS[n % len(DEFAULT_COLORS)])
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end" class="tick">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{_attr(color)}">'
                     f"<title>{escape(f'{label}: {count} {unit}')}</title></rect>")
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 16}" class="tick">{count}</text>')
    axis_y = top + row * max(len(counts), 1)
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{axis_y}" y2="{axis_y}" class="axis"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 20}" text-anchor="middle" class="axis-label">'
                 f"{escape(unit)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def dashboard(counts) -> dict:
    """The dashboard's three charts and totals, from services.dashboard's counts."""
    days = len(counts.days)
    return {
        "flags_chart": daily_bars(counts.days, {"flags": counts.flags_per_day},
                                  title=f"Flags raised per day, last {days} days", unit="flags"),
        "changes_chart": daily_bars(counts.days, counts.changes, colors=STATE_COLORS, unit="state changes",
                                    title=f"Moderation state changes per day by new state, last {days} days"),
        "current_chart": horizontal_bars(counts.current, colors=STATE_COLORS, unit="notes",
                                         title="Notes per moderation state now"),
        "total_flags": sum(counts.flags_per_day),
        "total_changes": sum(sum(per_day) for per_day in counts.changes.values()),
        "current": counts.current,
    }
