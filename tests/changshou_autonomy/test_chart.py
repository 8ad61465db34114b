"""The SVG chart of fund use by committee: awarded, paid, balance; escaped, no script (S4)."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal as D

from plugins.changshou_autonomy.chart import svg


@dataclasses.dataclass(frozen=True)
class Use:
    name: str
    awarded: D
    paid: D


def test_s4_chart_shows_awarded_and_paid_per_committee_and_the_balance() -> None:
    rows = [
        Use("福州路居委会", D("10000.00"), D("4000.00")),
        Use("金陵东路<居委会>", D("15000.00"), D("0.00")),
    ]
    chart = str(svg(rows, D("5000.00")))
    assert chart.startswith("<svg") and chart.endswith("</svg>")
    assert "<script" not in chart and "http://" not in chart.replace("http://www.w3.org", "")
    assert 'data-committee="福州路居委会"' in chart
    assert 'data-committee="金陵东路&lt;居委会&gt;"' in chart  # escaped
    assert "福州路居委会 已资助：10,000.00 元" in chart
    assert "福州路居委会 已拨付：4,000.00 元" in chart
    assert "专项资金余额：5,000.00 元" in chart
    bars = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="14"[^>]*><title>', chart)
    widths = [D(w) for w in bars]
    assert len(widths) == 5  # two bars per committee and the balance
    # Bars are proportional: 15000 is 1.5 × 10000, a zero payment has no width.
    assert abs(widths[2] - widths[0] * D("1.5")) <= D("0.2")
    assert widths[3] == 0
    assert "暂无" not in chart


def test_s4_chart_of_a_fund_without_awards_still_shows_the_balance() -> None:
    chart = str(svg([], D("0.00")))
    assert "专项资金余额：0.00 元" in chart and "juwei-series" not in chart
