"""The chart of fund use by committee (rule S4), drawn as SVG on the server.

No JavaScript and no CDN: the page embeds the ``<svg>`` this module returns.
One row per committee of ``awards.fund_summary(...).committees`` (a
``<g class="juwei-series" data-committee="…">``)
with two horizontal bars, awarded and paid, each with a tooltip and its
amount; a last row shows the fund's balance. Every text is escaped;
coordinates are computed in Decimal like the amounts, rounded to 0.1 px.
The style follows ``plugins/jiayuguan_groups/chart.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Protocol

from markupsafe import Markup, escape

WIDTH = 760
LEFT, RIGHT, TOP, BOTTOM = 170, 110, 50, 40
ROW = 44
BAR = 14
FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', 'Microsoft YaHei', 'PingFang SC', sans-serif"
#: Awarded, paid, balance (Okabe–Ito colours).
AWARDED, PAID, BALANCE = "#0072B2", "#009E73", "#999999"
TICKS = 4
_PX = Decimal("0.1")
ZERO = Decimal("0.00")


class CommitteeUse(Protocol):
    """What the chart needs of a committee: ``awards.CommitteeTotal`` has it (S4)."""

    @property
    def name(self) -> str: ...

    @property
    def awarded(self) -> Decimal: ...

    @property
    def paid(self) -> Decimal: ...


def svg(
    rows: Sequence[CommitteeUse],
    balance: Decimal,
    title: str = "各居委会专项资金使用情况（元）",
) -> Markup:
    """An ``<svg>`` bar chart: awarded and paid per committee, and the balance (S4)."""
    height = TOP + ROW * (len(rows) + 1) + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="juwei-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="10" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        *_legend(),
    ]
    largest = max(
        [Decimal(balance), *(r.awarded for r in rows), *(r.paid for r in rows)], default=ZERO
    )
    top = _axis_top(largest)
    plot_w = Decimal(WIDTH - LEFT - RIGHT)

    def x(amount: Decimal) -> Decimal:
        return (LEFT + plot_w * max(amount, ZERO) / top).quantize(_PX)

    parts.extend(_axes(top, x, height))
    for number, row in enumerate(rows):
        y = TOP + ROW * number + 6
        name = escape(row.name)
        parts.append(f'<g class="juwei-series" data-committee="{name}">')
        parts.append(f'<text x="{LEFT - 8}" y="{y + BAR + 4}" text-anchor="end">{name}</text>')
        parts.append(_bar(x, y, row.awarded, AWARDED, f"{name} 已资助"))
        parts.append(_bar(x, y + BAR + 2, row.paid, PAID, f"{name} 已拨付"))
        parts.append("</g>")
    y = TOP + ROW * len(rows) + 6
    parts.append('<g class="juwei-balance">')
    parts.append(f'<text x="{LEFT - 8}" y="{y + BAR - 2}" text-anchor="end">专项资金余额</text>')
    parts.append(_bar(x, y, Decimal(balance), BALANCE, "专项资金余额"))
    parts.append("</g></svg>")
    return Markup("".join(parts))


def _bar(
    x: Callable[[Decimal], Decimal], y: int, amount: Decimal, colour: str, label: Markup | str
) -> str:
    """One bar from the axis to ``amount`` with its tooltip and its figure at the end."""
    left = x(ZERO)
    right = x(amount)
    width = max(right - left, Decimal("0.0"))
    return (
        f'<rect x="{left}" y="{y}" width="{width}" height="{BAR}" fill="{colour}">'
        f"<title>{escape(label)}：{amount:,.2f} 元</title></rect>"
        f'<text x="{right + 4}" y="{y + BAR - 3}" font-size="11">{amount:,.2f}</text>'
    )


def _legend() -> list[str]:
    parts = []
    for index, (colour, label) in enumerate(
        ((AWARDED, "已资助"), (PAID, "已拨付"), (BALANCE, "余额"))
    ):
        lx = LEFT + 90 * index
        parts.append(
            f'<g class="juwei-legend"><rect x="{lx}" y="26" width="14" height="10" '
            f'fill="{colour}"/><text x="{lx + 20}" y="35">{label}</text></g>'
        )
    return parts


def _axis_top(largest: Decimal) -> Decimal:
    """A round end of the x axis at or above ``largest``: 1, 2, 2.5 or 5 × 10ⁿ per tick."""
    if largest <= 0:
        return Decimal(TICKS * 100)
    raw = largest / TICKS
    magnitude = Decimal(10) ** (raw.adjusted())
    for factor in (1, Decimal("2"), Decimal("2.5"), 5, 10):
        tick = magnitude * factor
        if tick >= raw:
            return (tick * TICKS).to_integral_value(ROUND_CEILING)
    return (magnitude * 10 * TICKS).to_integral_value(ROUND_CEILING)  # pragma: no cover


def _axes(top: Decimal, x: Callable[[Decimal], Decimal], height: int) -> list[str]:
    """Vertical grid lines with yuan labels under the plot, and the y axis."""
    bottom = height - BOTTOM
    parts = ['<g class="juwei-axes" stroke="#999" fill="#333">']
    for tick in range(TICKS + 1):
        amount = top * tick / TICKS
        tx = x(amount)
        parts.append(
            f'<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{bottom}" stroke="#e5e5e5"/>'
            f'<text x="{tx}" y="{bottom + 16}" text-anchor="middle" stroke="none" '
            f'class="juwei-x-label">{amount:,.0f}</text>'
        )
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>')
    parts.append("</g>")
    return parts
