"""以奖代补 matching: order, bands, where the money runs out (rule S4); pure, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.changshou_autonomy.parameters import parse_bands
from plugins.changshou_autonomy.rules.matching import Candidate, match, money, order_key

BANDS = parse_bands("90:100%,80:80%,70:60%,60:40%")
MAY = dt.date(2026, 5, 1)


def c(id_: int, score: str | None, requested: str, day: int = 1, committee: str = "") -> Candidate:
    return Candidate(
        id=id_,
        score=None if score is None else Decimal(score),
        requested=Decimal(requested),
        submitted_on=dt.date(2026, 5, day),
        committee=committee or f"居委会{id_}",
        title=f"项目{id_}",
    )


# 92 → 100% of 10000; 85 → 80% of 20000; 72 → 60% of 10000; 55 → below 60: 32000 in all.
FOUR = [c(1, "85.0", "20000.00"), c(2, "55.0", "5000.00"), c(3, "92.0", "10000.00"),
        c(4, "72.0", "10000.00")]  # fmt: skip


@pytest.mark.parametrize("shortfall", ["partial", "stop"])
def test_s4_fund_runs_out_exactly_at_the_last_eligible_project(shortfall: str) -> None:
    result = match(FOUR, BANDS, Decimal("32000.00"), shortfall)
    assert [line.candidate.id for line in result.lines] == [3, 1, 4, 2]
    assert [line.rank for line in result.lines] == [1, 2, 3, 4]
    assert [line.amount for line in result.lines] == [
        Decimal("10000.00"), Decimal("16000.00"), Decimal("6000.00"), Decimal("0.00")
    ]  # fmt: skip
    assert result.total == Decimal("32000.00") and result.left == Decimal("0.00")
    assert result.ran_out_at is None
    last = result.lines[2]
    assert last.explanation == (
        "评分 72.0 → 60% 档，申请 10000.00 × 60% = 6000.00，"
        "资助 6000.00，余额 0.00，资金恰好用完 (S4)"
    )
    assert result.lines[3].explanation == "评分 55.0 未达最低档 60 分，不予资助 (S4)"


def test_s4_fund_one_yuan_short_partial_and_stop() -> None:
    partial = match(FOUR, BANDS, Decimal("31999.00"), "partial")
    assert [line.amount for line in partial.lines][:3] == [
        Decimal("10000.00"), Decimal("16000.00"), Decimal("5999.00")
    ]  # fmt: skip
    assert partial.left == Decimal("0.00") and partial.ran_out_at == 3
    assert partial.lines[2].explanation == (
        "评分 72.0 → 60% 档，申请 10000.00 × 60% = 6000.00；余额仅 5999.00，按余额资助 5999.00；"
        "资金已用完，其后项目不再资助 (S4)"
    )
    assert "资金在第 3 名（居委会4“项目4”）处不足，其后 1 个项目不再资助" in partial.explanation
    stop = match(FOUR, BANDS, Decimal("31999.00"), "stop")
    assert [line.amount for line in stop.lines][:3] == [
        Decimal("10000.00"), Decimal("16000.00"), Decimal("0.00")
    ]  # fmt: skip
    assert stop.left == Decimal("5999.00") and stop.total == Decimal("26000.00")
    assert "余额仅 5999.00，不足以按档资助，不予资助；其后项目不再资助" in stop.lines[2].explanation


def test_s4_money_runs_out_mid_list_and_later_smaller_ones_get_nothing() -> None:
    applications = [c(1, "92.0", "5000.00"), c(2, "82.0", "20000.00"), c(3, "75.0", "1000.00")]
    result = match(applications, BANDS, Decimal("14000.00"))
    assert result.lines[1].explanation == (
        "评分 82.0 → 80% 档，申请 20000.00 × 80% = 16000.00；余额仅 9000.00，按余额资助 9000.00；"
        "资金已用完，其后项目不再资助 (S4)"
    )
    # 600.00 would fit in nothing left; the order of the assessment is never overtaken.
    assert result.lines[2].amount == 0 and "资金已用完，不予资助" in result.lines[2].explanation
    # With the money gone exactly, the next eligible one is where it ran out.
    gone = match(applications, BANDS, Decimal("5000.00"))
    assert gone.ran_out_at == 2 and gone.total == Decimal("5000.00")
    assert "余额已为 0.00，资金已用完，不予资助" in gone.lines[1].explanation


def test_s4_tied_scores_go_by_submission_then_id_and_unscored_last() -> None:
    applications = [
        c(5, "85.0", "10000.00", day=3),
        c(2, None, "10000.00"),
        c(7, "85.0", "10000.00", day=1),
        c(4, "85.0", "10000.00", day=3),
        c(1, "90.0", "10000.00", day=9),
    ]
    result = match(applications, BANDS, Decimal("100000.00"))
    assert [line.candidate.id for line in result.lines] == [1, 7, 4, 5, 2]
    assert [line.rank for line in result.lines] == [1, 2, 3, 4, None]
    assert not result.lines[0].tied and result.lines[1].tied
    assert result.lines[1].explanation.startswith("同分，按申报先后（2026-05-01 申报）排第 2 位；")
    assert result.lines[2].explanation.startswith(
        "同分且同日申报，按申报序号（2026-05-03 申报）排第 3 位"
    )
    assert (
        result.lines[4].amount == 0 and result.lines[4].explanation == "尚未评分，不参与资助 (S4)"
    )
    with pytest.raises(ValueError, match="未知的余额不足处理方式"):
        match(applications, BANDS, Decimal(1), "queue")


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
scores = st.one_of(st.none(), st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=1))
band_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=100).map(Decimal),
        st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda band: band[0],
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.tuples(scores, amounts, st.integers(min_value=1, max_value=30)), max_size=12),
    balance=st.decimals(min_value=Decimal(0), max_value=Decimal("300000.00"), places=2),
    bands=band_lists,
    shortfall=st.sampled_from(["partial", "stop"]),
)
def test_s4_total_awards_never_above_the_balance(
    data: list[tuple[Decimal | None, Decimal, int]],
    balance: Decimal,
    bands: list[tuple[Decimal, Decimal]],
    shortfall: str,
) -> None:
    candidates = [
        Candidate(i, s, a, dt.date(2026, 5, d)) for i, (s, a, d) in enumerate(data, start=1)
    ]
    result = match(candidates, tuple(sorted(bands, reverse=True)), balance, shortfall)
    assert result.total == sum((line.amount for line in result.lines), Decimal(0))
    assert result.total <= balance and result.left == balance - result.total
    keys = [order_key(line.candidate) for line in result.lines]
    assert keys == sorted(keys)
    short = False
    for line in result.lines:
        share = line.share or Decimal(0)
        assert Decimal(0) <= line.amount <= money(line.candidate.requested * share)
        if short:  # after the first line the balance did not cover, nothing
            assert line.amount == 0
        short = short or line.amount < line.due
