"""The chart of monthly subsidy totals by street (rule J4), drawn as SVG on the server.

No JavaScript and no CDN: the page embeds the ``<svg>`` this module returns.
One line per street (a ``<g class="juwei-series">`` holding a ``<path>`` and
a dot with a tooltip per month), a y axis in yuan, month labels under the x
axis and a legend naming each street. Every text is escaped. Coordinates are
computed in Decimal like the amounts themselves, rounded to 0.1 px.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal

from markupsafe import Markup, escape

from plugins.jiayuguan_groups.payroll_series import StreetSeries

WIDTH = 760
HEIGHT = 320
#: Left, right, top, bottom margins: room for the y labels, the legend and the months.
LEFT, RIGHT, TOP, BOTTOM = 80, 170, 30, 50
FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', 'Microsoft YaHei', 'PingFang SC', sans-serif"
#: Distinguishable line colours (Okabe–Ito), repeated past eight streets.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
TICKS = 4
_PX = Decimal("0.1")


def svg(series: Sequence[StreetSeries], title: str = "各街道每月工作补贴合计（元）") -> Markup:
    """An ``<svg>`` line chart of ``series`` (each street's total per month), safe to embed."""
    months = sorted({month for one in series for month in one.months})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="juwei-chart" role="img" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if not months:
        parts.append(
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" '
            f'class="juwei-chart-empty">暂无数据</text>'
        )
        parts.append("</svg>")
        return Markup("".join(parts))
    top = _axis_top(max((a for one in series for a in one.amounts), default=Decimal(0)))
    plot_w = Decimal(WIDTH - LEFT - RIGHT)
    plot_h = Decimal(HEIGHT - TOP - BOTTOM)
    step = plot_w / (len(months) - 1) if len(months) > 1 else Decimal(0)

    def x(index: int) -> Decimal:
        offset = step * index if len(months) > 1 else plot_w / 2
        return (LEFT + offset).quantize(_PX)

    def y(amount: Decimal) -> Decimal:
        return (TOP + plot_h - plot_h * amount / top).quantize(_PX)

    parts.extend(_axes(months, top, x, y))
    where = {month: index for index, month in enumerate(months)}
    for number, one in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = sorted(zip(one.months, one.amounts, strict=True))
        name = escape(one.street_name)
        parts.append(f'<g class="juwei-series" data-street="{name}">')
        if points:
            d = " ".join(
                f"{'M' if i == 0 else 'L'}{x(where[m])},{y(a)}" for i, (m, a) in enumerate(points)
            )
            parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for month, amount in points:
            parts.append(
                f'<circle cx="{x(where[month])}" cy="{y(amount)}" r="3" fill="{colour}">'
                f"<title>{name} {month:%Y-%m}：{amount:,.2f} 元</title></circle>"
            )
        parts.append("</g>")
        ly = TOP + 18 * number
        lx = WIDTH - RIGHT + 16
        parts.append(
            f'<g class="juwei-legend"><rect x="{lx}" y="{ly}" width="14" height="4" '
            f'fill="{colour}"/><text x="{lx + 20}" y="{ly + 6}">{name}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _axis_top(largest: Decimal) -> Decimal:
    """A round top of the y axis at or above ``largest``: 1, 2, 2.5 or 5 × 10ⁿ per tick."""
    if largest <= 0:
        return Decimal(TICKS * 100)
    raw = largest / TICKS
    magnitude = Decimal(10) ** (raw.adjusted())
    for factor in (1, Decimal("2"), Decimal("2.5"), 5, 10):
        tick = magnitude * factor
        if tick >= raw:
            return (tick * TICKS).to_integral_value(ROUND_CEILING)
    return (magnitude * 10 * TICKS).to_integral_value(ROUND_CEILING)  # pragma: no cover


def _axes(
    months: list[dt.date],
    top: Decimal,
    x: Callable[[int], Decimal],
    y: Callable[[Decimal], Decimal],
) -> list[str]:
    """Grid lines with yuan labels, the axes, and a label under every month.

    A month is labelled ``3月``; the first month and every January carry the
    year on a second line, so twelve labels fit side by side.
    """
    bottom = HEIGHT - BOTTOM
    right = WIDTH - RIGHT
    parts = ['<g class="juwei-axes" stroke="#999" fill="#333">']
    for tick in range(TICKS + 1):
        amount = top * tick / TICKS
        ty = y(amount)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty}" x2="{right}" y2="{ty}" stroke="#e5e5e5"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4}" text-anchor="end" stroke="none" '
            f'class="juwei-y-label">{amount:,.0f}</text>'
        )
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    parts.append(
        f'<text x="14" y="{TOP + (bottom - TOP) // 2}" stroke="none" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + (bottom - TOP) // 2})">金额（元）</text>'
    )
    for index, month in enumerate(months):
        parts.append(
            f'<text x="{x(index)}" y="{bottom + 18}" text-anchor="middle" stroke="none" '
            f'class="juwei-x-label" data-month="{month:%Y-%m}">{month.month}月</text>'
        )
        if index == 0 or month.month == 1:
            parts.append(
                f'<text x="{x(index)}" y="{bottom + 34}" text-anchor="middle" stroke="none" '
                f'class="juwei-x-year">{month.year}年</text>'
            )
    parts.append("</g>")
    return parts
