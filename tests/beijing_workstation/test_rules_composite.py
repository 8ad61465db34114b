"""Pure rules of B7: the composite score, ties, the proposed hires, the 公示 period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.rules.workdays import ChineseCalendar, WorkdayUnknown
from plugins.beijing_workstation.rules.composite import (
    Candidate,
    Weights,
    composite,
    rank,
    shortfall,
)
from plugins.beijing_workstation.rules.notice import notice_end, notice_period

D = Decimal
W = Weights(D("0.40"), D("0.60"))
DAY = dt.date(2026, 3, 5)


def test_b7_composite_is_weighted_and_rounded_half_up_once() -> None:
    result = composite(D("82.0"), D("88.5"), W)
    assert result.value == D("85.9")
    assert result.explanation == "笔试 82.0 × 40% + 面试 88.5 × 60% = 85.9 (B7)"
    # 80.5 × 0.4 + 70.1 × 0.6 = 32.2 + 42.06 = 74.26 → 74.3; 0.25 rounds up to 0.3
    assert composite(D("80.5"), D("70.1"), W).value == D("74.3")
    odd = composite(D("70.5"), D("70.0"), Weights(D("0.5"), D("0.5")))
    assert odd.value == D("70.3")  # 70.25, half up — not banker's 70.2
    assert "= 70.25，四舍五入保留一位小数为 70.3 (B7)" in odd.explanation
    missing = composite(D("82.0"), None, W)
    assert missing.value is None and "缺少面试成绩" in missing.explanation
    assert "缺少笔试、面试成绩" in composite(None, None, W).explanation


def test_b7_weights_must_sum_to_one() -> None:
    with pytest.raises(
        ValueError, match=r"笔试权重 50% 与面试权重 60% 之和为 110%，须为 100% \(B7\)"
    ):
        Weights(D("0.5"), D("0.6"))
    with pytest.raises(ValueError, match="须在 0 到 1 之间"):
        Weights(D("-0.2"), D("1.2"))
    assert Weights(D("0.375"), D("0.625")).written == D("0.375")
    assert "37.5%" in composite(D("80"), D("80"), Weights(D("0.375"), D("0.625"))).explanation


def _c(key: int, name: str, written: str | None, interview: str | None, **kw: object) -> Candidate:
    return Candidate(
        key=key,
        name=name,
        written=None if written is None else D(written),
        interview=None if interview is None else D(interview),
        applied_on=kw.pop("applied_on", DAY),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_b7_ties_broken_by_interview_written_date_then_number() -> None:
    # composite 80.0 for all of the first four: 0.4 w + 0.6 i = 80
    candidates = [
        _c(9, "甲", "80.0", "80.0", applied_on=dt.date(2026, 3, 2)),
        _c(3, "乙", "80.0", "80.0", applied_on=dt.date(2026, 3, 2)),
        _c(5, "丙", "75.5", "83.0"),  # 30.2 + 49.8 = 80.0, higher interview
        _c(4, "丁", "80.0", "80.0", applied_on=dt.date(2026, 3, 1)),  # earlier
        _c(7, "戊", "85.0", "76.7"),  # 34 + 46.02 = 80.02 → 80.0, lower interview
        _c(8, "己", "90.0", "90.0"),
        _c(6, "庚", "70.0", None),
        _c(2, "辛", "95.0", "95.0", out="“面试”环节未通过：答非所问"),
    ]
    placed = rank(candidates, W, places=2)
    names = [p.candidate.name for p in placed]
    assert names == ["己", "丙", "丁", "乙", "甲", "戊", "庚", "辛"]
    assert [p.rank for p in placed] == [1, 2, 3, 4, 5, 6, None, None]
    by = {p.candidate.name: p for p in placed}
    assert "与丁同分，面试成绩较高，排在其前" in by["丙"].explanation
    assert "与丙同分，面试成绩较低，排在其后" in by["丁"].explanation
    assert "与乙同分，面试、笔试成绩均相同，报名较早，排在其前" in by["丁"].explanation
    assert "与甲同分，面试、笔试成绩和报名日期均相同，报名编号较小" in by["乙"].explanation
    assert "与戊同分，面试成绩相同，笔试成绩较高" not in by["甲"].explanation
    assert "与甲同分，面试成绩较低" in by["戊"].explanation  # 76.7 < 80.0
    assert "80.02，四舍五入保留一位小数为 80.0" in by["戊"].explanation
    assert [p.candidate.name for p in placed if p.proposed] == ["己", "丙"]
    assert "列入拟聘用名单（考察尚未完成）" in by["己"].explanation
    assert "名额已满，未进入拟聘用名单" in by["丁"].explanation
    assert "缺少面试成绩" in by["庚"].explanation and "暂不排名" in by["庚"].explanation
    assert "答非所问，不参加排名" in by["辛"].explanation
    assert "与" not in by["己"].explanation  # no tie, no tie note
    # same interview, higher written: the written score decides
    pair = rank([_c(1, "子", "79.0", "80.0"), _c(2, "丑", "81.5", "80.0")], W, 1)
    assert "排在其前" not in pair[0].explanation  # 79.6 vs 80.6: no tie at all
    tie = rank([_c(1, "寅", "80.0", "80.0"), _c(2, "卯", "80.1", "79.9")], W, 1)
    # 80.0 vs 32.04 + 47.94 = 79.98 → 80.0: tie, higher interview first
    assert [p.candidate.name for p in tie] == ["寅", "卯"]
    tie = rank([_c(1, "辰", "80.0", "80.0"), _c(2, "巳", "80.1", "80.0")], W, 1)
    # 80.0 vs 80.04 → 80.0: tie, same interview, higher written first
    assert [p.candidate.name for p in tie] == ["巳", "辰"]
    assert "与辰同分，面试成绩相同，笔试成绩较高，排在其前" in tie[0].explanation


def test_b7_proposed_hires_skip_a_failed_check_and_say_the_shortfall() -> None:
    candidates = [
        _c(1, "一", "90.0", "90.0", check_passed=False),
        _c(2, "二", "85.0", "85.0", check_passed=True),
        _c(3, "三", "70.0", "70.0", check_passed=True),
        _c(4, "四", "60.0", "60.0", out="在“考察”环节放弃"),
    ]
    placed = rank(candidates, W, places=3)
    assert [p.candidate.name for p in placed if p.proposed] == ["二", "三"]
    assert "考察未通过，不列入拟聘用名单" in placed[0].explanation
    assert placed[1].explanation.endswith("列入拟聘用名单")
    assert shortfall(placed, 3) == (
        "招聘 3 人，符合条件的拟聘用人员只有 2 人，其余 1 个名额空缺 (B7)"
    )
    assert shortfall(placed, 2) == ""


def test_b7_notice_counts_working_days_from_the_first_day() -> None:
    calendar = ChineseCalendar()
    end, explanation = notice_end(dt.date(2026, 4, 13), 7, calendar)
    assert end == dt.date(2026, 4, 21)  # Monday to the next Tuesday
    assert explanation.startswith("公示 7 个工作日：2026-04-13 至 2026-04-21")
    assert explanation.endswith("期满后方可签订聘用协议 (B7)")
    # National Day 2026: 1–7 October off, Saturday 10 October worked
    period = notice_period(dt.date(2026, 9, 28), 7, calendar)
    assert (period.start, period.end) == (dt.date(2026, 9, 28), dt.date(2026, 10, 12))
    assert "其间周一至周五因节假日放假 5 天，不计" in period.explanation
    assert "调休上班日 2026-10-10 计为工作日" in period.explanation
    # posted on a Saturday: counting starts on Monday
    weekend = notice_period(dt.date(2026, 4, 11), 7, calendar)
    assert (weekend.start, weekend.end) == (dt.date(2026, 4, 13), dt.date(2026, 4, 21))
    assert weekend.explanation.startswith("2026-04-11 为休息日，自下一个工作日 2026-04-13 起算")
    assert notice_end(dt.date(2026, 4, 13), 1, calendar)[0] == dt.date(2026, 4, 13)
    with pytest.raises(ValueError, match="至少为 1 个工作日"):
        notice_period(dt.date(2026, 4, 13), 0, calendar)
    with pytest.raises(WorkdayUnknown):
        notice_period(dt.date(2099, 12, 28), 7, calendar)
