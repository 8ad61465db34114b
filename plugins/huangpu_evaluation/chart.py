"""Charts of the evaluation results, drawn as SVG on the server (H6, H8).

No JavaScript and no CDN: the pages embed the ``<svg>`` these functions
return, like ``plugins/jiayuguan_groups/chart.py``. :func:`grade_svg` draws
the grade distribution per street (one stacked bar per street: how many
committees got each H6 grade); :func:`history_svg` draws a committee's (or a
person's) score across years on a 0–100 axis. Every text is escaped;
coordinates are Decimal, rounded to 0.1 px.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from plugins.huangpu_evaluation.kinds import GRADES
from plugins.huangpu_evaluation.results import Result

WIDTH = 760
FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', 'Microsoft YaHei', 'PingFang SC', sans-serif"
#: One colour per H6 grade, best first (Okabe–Ito); 未评定 is grey.
GRADE_COLOURS = ("#009E73", "#0072B2", "#E69F00", "#D55E00")
UNGRADED = "未评定"
UNGRADED_COLOUR = "#BBBBBB"
_PX = Decimal("0.1")


@dataclasses.dataclass(frozen=True)
class StreetGrades:
    """How many results of one street got each grade (H6), best first, then 未评定."""

    street_name: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """All results of the street."""
        return sum(self.counts)


def grade_counts(results: Sequence[Result]) -> list[StreetGrades]:
    """The grade distribution of ``results`` per street, in the order streets first appear."""
    order: list[str] = []
    counts: dict[str, list[int]] = {}
    for result in results:
        if result.street_name not in counts:
            order.append(result.street_name)
            counts[result.street_name] = [0] * (len(GRADES) + 1)
        index = GRADES.index(result.grade) if result.grade in GRADES else len(GRADES)
        counts[result.street_name][index] += 1
    return [StreetGrades(name, tuple(counts[name])) for name in order]


def _open(height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="juwei-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="10" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]


def _empty(parts: list[str], height: int) -> Markup:
    parts.append(
        f'<text x="{WIDTH // 2}" y="{height // 2}" text-anchor="middle" '
        f'class="juwei-chart-empty">暂无数据</text></svg>'
    )
    return Markup("".join(parts))


def grade_svg(streets: Sequence[StreetGrades], title: str = "各街道居委会测评等次分布") -> Markup:
    """A stacked bar per street: the share of each grade, with the counts (H6)."""
    left, right, top, bar, gap = 150, 20, 56, 26, 14
    height = top + max(1, len(streets)) * (bar + gap) + 10
    parts = _open(height, title)
    labels = (*GRADES, UNGRADED)
    colours = (*GRADE_COLOURS, UNGRADED_COLOUR)
    for i, (label, colour) in enumerate(zip(labels, colours, strict=True)):
        lx = 10 + i * 90
        parts.append(
            f'<g class="juwei-legend"><rect x="{lx}" y="28" width="14" height="10" '
            f'fill="{colour}"/><text x="{lx + 18}" y="37">{escape(label)}</text></g>'
        )
    if not streets or not any(s.total for s in streets):
        return _empty(parts, height)
    plot_w = Decimal(WIDTH - left - right)
    for row, street in enumerate(streets):
        y = top + row * (bar + gap)
        name = escape(street.street_name)
        parts.append(f'<g class="hp-grade-bar" data-street="{name}">')
        parts.append(f'<text x="{left - 8}" y="{y + bar // 2 + 4}" text-anchor="end">{name}</text>')
        x = Decimal(left)
        for label, colour, count in zip(labels, colours, street.counts, strict=True):
            if not count:
                continue
            w = (plot_w * count / street.total).quantize(_PX)
            parts.append(
                f'<rect x="{x.quantize(_PX)}" y="{y}" width="{w}" height="{bar}" fill="{colour}" '
                f'data-grade="{escape(label)}" data-count="{count}">'
                f"<title>{name} {escape(label)}：{count} 个</title></rect>"
            )
            if w >= 24:
                parts.append(
                    f'<text x="{(x + w / 2).quantize(_PX)}" y="{y + bar // 2 + 4}" '
                    f'text-anchor="middle" fill="#fff">{count}</text>'
                )
            x += w
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def history_svg(results: Sequence[Result], title: str = "历年综合得分") -> Markup:
    """A line of ``results``' scores by year on 0–100, with the H6 cut-offs as guides (H8)."""
    left, right, top, bottom, height = 50, 20, 30, 40, 300
    parts = _open(height, title)
    points = [(r.year, r.score, r) for r in results if r.score is not None]
    if not points:
        return _empty(parts, height)
    years = sorted({year for year, _, _ in points})
    plot_w = Decimal(WIDTH - left - right)
    plot_h = Decimal(height - top - bottom)
    step = plot_w / (len(years) - 1) if len(years) > 1 else Decimal(0)

    def x(year: int) -> Decimal:
        offset = step * years.index(year) if len(years) > 1 else plot_w / 2
        return (left + offset).quantize(_PX)

    def y(score: Decimal) -> Decimal:
        return (top + plot_h - plot_h * score / 100).quantize(_PX)

    base = height - bottom
    parts.append('<g class="juwei-axes" stroke="#999" fill="#333">')
    for tick in (0, 20, 40, 60, 80, 100):
        ty = y(Decimal(tick))
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{WIDTH - right}" y2="{ty}" stroke="#eee"/>'
            f'<text x="{left - 6}" y="{ty + 4}" text-anchor="end" stroke="none">{tick}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}"/>')
    for year in years:
        parts.append(
            f'<text x="{x(year)}" y="{base + 18}" text-anchor="middle" stroke="none" '
            f'class="juwei-x-label">{year}年</text>'
        )
    parts.append("</g>")
    ordered = sorted(points, key=lambda p: p[0])
    d = " ".join(
        f"{'M' if i == 0 else 'L'}{x(year)},{y(score)}"
        for i, (year, score, _) in enumerate(ordered)
    )
    parts.append(
        f'<g class="juwei-series"><path d="{d}" fill="none" stroke="#0072B2" stroke-width="2"/>'
    )
    for year, score, result in ordered:
        parts.append(
            f'<circle cx="{x(year)}" cy="{y(score)}" r="4" fill="#0072B2" data-year="{year}">'
            f"<title>{year}年 {score} {escape(result.grade or '')}："
            f"{escape(result.explanation)}</title></circle>"
            f'<text x="{x(year)}" y="{y(score) - 8}" text-anchor="middle">{score}</text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))
