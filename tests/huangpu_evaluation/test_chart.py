"""The SVG charts: grade distribution per street and score history (H6, H8); no database."""

from __future__ import annotations

import re
from decimal import Decimal

from plugins.huangpu_evaluation.chart import grade_counts, grade_svg, history_svg
from plugins.huangpu_evaluation.results import Result


def _result(street: str, grade: str | None, score: str | None, year: int = 2025) -> Result:
    return Result(
        kind="annual",
        year=year,
        committee_id=1,
        committee_name="福州路居委会",
        street_id=1,
        street_name=street,
        person_id=None,
        person_name="",
        title="",
        mass=None,
        street=None,
        score=None if score is None else Decimal(score),
        grade=grade,
        explanation=f"群众 … → {grade} (H3, H6)",
        rules=("H3", "H6"),
    )


def test_h6_grade_distribution_per_street_counts_every_grade() -> None:
    results = [
        _result("外滩街道", "优秀", "95.0"),
        _result("外滩街道", "优秀", "91.0"),
        _result("外滩街道", "不合格", "50.0"),
        _result("南京东路<街道>", "合格", "80.0"),
        _result("南京东路<街道>", None, None),
    ]
    streets = grade_counts(results)
    assert [(s.street_name, s.counts) for s in streets] == [
        ("外滩街道", (2, 0, 0, 1, 0)),
        ("南京东路<街道>", (0, 1, 0, 0, 1)),
    ]
    svg = str(grade_svg(streets))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "南京东路&lt;街道&gt;" in svg and "<街道>" not in svg  # escaped
    bars = re.findall(r'data-grade="([^"]+)" data-count="(\d+)"', svg)
    assert bars == [("优秀", "2"), ("不合格", "1"), ("合格", "1"), ("未评定", "1")]
    # Widths of a street's bars add up to the plot width.
    widths = [Decimal(w) for w in re.findall(r'width="([\d.]+)" height="26"', svg)]
    assert sum(widths[:2]) == Decimal("590.0")
    assert "暂无数据" in str(grade_svg([]))


def test_h8_score_history_is_a_line_on_a_0_to_100_axis() -> None:
    history = [
        _result("外滩街道", "合格", "80.0", 2024),
        _result("外滩街道", "优秀", "97.0", 2025),
        _result("外滩街道", None, None, 2026),  # no score: not drawn
    ]
    svg = str(history_svg(history, title="福州路居委会历年综合得分"))
    assert re.findall(r'data-year="(\d+)"', svg) == ["2024", "2025"]
    assert "福州路居委会历年综合得分" in svg and "2026" not in svg
    path = re.search(r'<path d="([^"]+)"', svg)
    assert path is not None and path.group(1).startswith("M50.0,") and " L740.0," in path.group(1)
    # 80 on a 230 px high plot from y=30: 30 + 230 - 184 = 76.0.
    assert "M50.0,76.0" in path.group(1)
    assert "暂无数据" in str(history_svg([]))
