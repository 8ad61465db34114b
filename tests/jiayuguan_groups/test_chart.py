"""The server-rendered chart of monthly subsidy totals by street (rule J4), without a database."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from plugins.jiayuguan_groups.chart import _axis_top, svg
from plugins.jiayuguan_groups.payroll_series import StreetSeries

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = [dt.date(2025, m, 1) for m in range(4, 13)] + [dt.date(2026, m, 1) for m in (1, 2, 3)]


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{{{NS['svg']}}}text")]


def test_j4_chart_is_well_formed_svg_with_one_series_per_street() -> None:
    series = [
        StreetSeries("雄关街道", MONTHS, [Decimal("12345.00") + i * 50 for i in range(12)]),
        StreetSeries("钢城街道", MONTHS, [Decimal("8000.50")] * 12),
    ]
    root = _parse(svg(series))
    assert root.tag == f"{{{NS['svg']}}}svg"
    groups = root.findall("svg:g[@class='juwei-series']", NS)
    assert [g.get("data-street") for g in groups] == ["雄关街道", "钢城街道"]
    for group in groups:
        assert len(group.findall("svg:path", NS)) == 1
        assert len(group.findall("svg:circle", NS)) == 12
    texts = _texts(root)
    assert "雄关街道" in texts and "钢城街道" in texts  # the legend
    assert "金额（元）" in texts
    assert "4月" in texts and "3月" in texts and "2025年" in texts and "2026年" in texts
    # Yuan labels on the axis: round ticks up to at least the largest total.
    labels = [t for t in texts if t.replace(",", "").isdigit()]
    assert labels[0] == "0"
    assert int(labels[-1].replace(",", "")) >= 12895
    tooltip = "".join(groups[1].find("svg:circle/svg:title", NS).itertext())  # type: ignore[union-attr]
    assert tooltip == "钢城街道 2025-04：8,000.50 元"


def test_chart_escapes_every_text() -> None:
    name = '<script>alert("x")</script>&街道'
    markup = svg([StreetSeries(name, MONTHS[:2], [Decimal(1), Decimal(2)])], title="<b>标题</b>")
    assert "<script>" not in markup and "<b>" not in markup
    root = _parse(markup)
    assert name in _texts(root)
    assert root.find("svg:g[@class='juwei-series']", NS).get("data-street") == name  # type: ignore[union-attr]


def test_chart_uses_cjk_fonts_and_no_script() -> None:
    markup = str(svg([StreetSeries("雄关街道", MONTHS[:1], [Decimal("300.00")])]))
    assert "Noto Sans CJK SC" in markup
    assert "<script" not in markup and "http://" not in markup.replace(NS["svg"], "")
    root = _parse(markup)  # one month: a single dot, still well formed
    assert len(root.findall(".//svg:circle", NS)) == 1


def test_chart_without_data_says_so() -> None:
    root = _parse(svg([]))
    assert "暂无数据" in _texts(root)
    assert not root.findall("svg:g[@class='juwei-series']", NS)


def test_axis_top_is_round_and_not_below_the_largest_amount() -> None:
    assert _axis_top(Decimal(0)) == 400
    assert _axis_top(Decimal("950")) == 1000
    assert _axis_top(Decimal("12895")) == 20000
    assert _axis_top(Decimal("1234567.89")) >= Decimal("1234567.89")
