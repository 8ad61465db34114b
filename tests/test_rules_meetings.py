"""Rules C4–C7: the residents' meeting's body, quorum, resolutions and convening (pure)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules.meetings import (
    BODY_FORM_LABELS,
    PROPOSER_LABELS,
    BodyForm,
    ProposerKind,
    add_months,
    body_size,
    convening_due,
    convening_proposal,
    quorum,
    resolution,
)

shares = st.fractions(min_value=0, max_value=1, max_denominator=12)


@st.composite
def body_and_present(draw: st.DrawFn) -> tuple[int, int]:
    body = draw(st.integers(min_value=1, max_value=100_000))
    return body, draw(st.integers(min_value=0, max_value=body))


@st.composite
def votes(draw: st.DrawFn) -> tuple[int, int, int, int]:
    present = draw(st.integers(min_value=1, max_value=10_000))
    for_votes = draw(st.integers(min_value=0, max_value=present))
    against = draw(st.integers(min_value=0, max_value=present - for_votes))
    abstain = draw(st.integers(min_value=0, max_value=present - for_votes - against))
    return for_votes, against, abstain, present


# --- C5 quorum ---------------------------------------------------------------


def test_c5_exactly_half_is_not_a_quorum() -> None:
    result = quorum(150, 300)
    assert not result.met
    assert (
        result.explanation == "出席 150/300 = 50.0%，未超过 50%，未达到法定人数，会议表决无效 (C5)"
    )


def test_c5_one_more_than_half_is_a_quorum() -> None:
    assert quorum(151, 300).met


def test_c5_explanation_shows_the_arithmetic() -> None:
    result = quorum(152, 300)
    assert result.met
    assert (result.present, result.body) == (152, 300)
    assert result.explanation == "出席 152/300 = 50.7% > 50%，达到法定人数 (C5)"


def test_c5_percentage_gets_more_decimals_only_when_one_would_look_like_the_threshold() -> None:
    assert quorum(1501, 3000).explanation.startswith("出席 1501/3000 = 50.03% > 50%")
    assert quorum(1499, 3000).explanation.startswith("出席 1499/3000 = 49.97%，未超过 50%")


def test_c5_share_is_a_parameter() -> None:
    assert not quorum(200, 300, Fraction(2, 3)).met
    result = quorum(201, 300, Fraction(2, 3))
    assert result.met
    assert result.explanation == "出席 201/300 = 67.0% > 2/3，达到法定人数 (C5)"


@pytest.mark.parametrize(
    ("present", "body", "share"),
    [
        (1, 0, Fraction(1, 2)),
        (-1, 10, Fraction(1, 2)),
        (11, 10, Fraction(1, 2)),
        (5, 10, Fraction(3, 2)),
    ],
)
def test_c5_invalid_counts_are_refused(present: int, body: int, share: Fraction) -> None:
    with pytest.raises(ValueError, match="C5"):
        quorum(present, body, share)


@given(body_and_present(), shares)
def test_c5_quorum_is_strictly_more_than_the_share(pb: tuple[int, int], share: Fraction) -> None:
    present, body = pb[1], pb[0]
    result = quorum(present, body, share)
    assert result.met == (present * share.denominator > share.numerator * body)
    assert result.explanation.endswith("(C5)")


# --- C6 resolution -------------------------------------------------------------


def test_c6_resolution_passes_with_more_than_half_of_those_present() -> None:
    result = resolution(80, 60, 12, 152, quorum_met=True)
    assert result.passed
    assert result.explanation == "赞成 80/152 = 52.6% > 50%，决议通过 (C6)"


def test_c6_abstentions_count_against_although_for_beats_against() -> None:
    result = resolution(70, 40, 30, 152, quorum_met=True)  # 12 present did not vote
    assert not result.passed
    assert result.explanation == (
        "赞成 70/152 = 46.1%，未超过出席人数的 50%（弃权和未投票视为不赞成），决议未通过 (C6)"
    )


def test_c6_exactly_half_of_those_present_does_not_pass() -> None:
    assert not resolution(76, 76, 0, 152, quorum_met=True).passed
    assert resolution(77, 75, 0, 152, quorum_met=True).passed


def test_c6_without_quorum_nothing_passes() -> None:
    result = resolution(150, 0, 0, 150, quorum_met=False)
    assert not result.passed
    assert result.explanation == "会议未达到法定人数，决议不能通过 (C5, C6)"


@pytest.mark.parametrize(
    ("for_votes", "against", "abstain", "present"),
    [(100, 40, 20, 152), (-1, 0, 0, 10), (0, 0, 0, 0)],
)
def test_c6_invalid_counts_are_refused(
    for_votes: int, against: int, abstain: int, present: int
) -> None:
    with pytest.raises(ValueError, match="C6"):
        resolution(for_votes, against, abstain, present, quorum_met=True)


@given(votes(), shares)
def test_c6_no_quorum_never_passes(v: tuple[int, int, int, int], share: Fraction) -> None:
    assert not resolution(*v, quorum_met=False, share=share).passed


@given(votes())
def test_c6_passes_exactly_when_more_than_half_of_present_are_for(
    v: tuple[int, int, int, int],
) -> None:
    for_votes, _, _, present = v
    assert resolution(*v, quorum_met=True).passed == (2 * for_votes > present)


@given(votes(), st.integers(min_value=1, max_value=1000))
def test_c6_more_people_present_not_voting_for_never_helps(
    v: tuple[int, int, int, int], extra_abstain: int
) -> None:
    for_votes, against, abstain, present = v
    after = resolution(
        for_votes, against, abstain + extra_abstain, present + extra_abstain, quorum_met=True
    )
    if after.passed:
        assert resolution(*v, quorum_met=True).passed


# --- C4 body -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "base"),
    [
        (BodyForm.ALL_RESIDENTS, 820),
        (BodyForm.HOUSEHOLDS, 410),
        (BodyForm.GROUP_REPRESENTATIVES, 24),
    ],
)
def test_c4_body_is_the_chosen_form_plus_ex_officio(form: BodyForm, base: int) -> None:
    result = body_size(form, 820, 410, 24, ex_officio=7)
    assert (result.base, result.ex_officio, result.body) == (base, 7, base + 7)
    assert BODY_FORM_LABELS[form] in result.explanation
    assert result.explanation.endswith(f"= {base + 7} 人 (C4)")


def test_c4_explanation_shows_the_sum() -> None:
    result = body_size(BodyForm.HOUSEHOLDS, 500, 300, 40, 5)
    assert result.explanation == (
        "组成方式：每户派代表1人 300 人 + 当然代表（未在前项计入者）5 人 = 305 人 (C4)"
    )


def test_c4_three_forms_have_chinese_labels() -> None:
    assert set(BODY_FORM_LABELS) == set(BodyForm)
    assert BodyForm("households") is BodyForm.HOUSEHOLDS


def test_c4_invalid_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="当然代表数不能为负数"):
        body_size(BodyForm.ALL_RESIDENTS, 10, 5, 3, -1)
    with pytest.raises(ValueError, match="不能为 0 人"):
        body_size(BodyForm.GROUP_REPRESENTATIVES, 10, 5, 0, 0)


@given(
    st.sampled_from(BodyForm),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**4),
    st.integers(1, 100),
)
def test_c4_body_feeds_the_quorum(
    form: BodyForm, residents: int, households: int, reps: int, ex_officio: int
) -> None:
    result = body_size(form, residents, households, reps, ex_officio)
    assert result.body == result.base + ex_officio
    assert quorum(result.body, result.body).met


# --- C7 convening --------------------------------------------------------------


def test_c7_exactly_six_months_is_still_in_time_one_day_more_is_overdue() -> None:
    # Documented choice: the due day (same calendar day six months on) is in time.
    last = dt.date(2026, 1, 15)
    on_time = convening_due(last, dt.date(2026, 7, 15))
    assert not on_time.overdue
    assert on_time.due == dt.date(2026, 7, 15)
    assert (
        on_time.explanation
        == "上次居民会议 2026-01-15，下次应不晚于 2026-07-15 召开，尚未逾期 (C7)"
    )
    late = convening_due(last, dt.date(2026, 7, 16))
    assert late.overdue
    assert late.explanation == (
        "上次居民会议 2026-01-15，应不晚于 2026-07-15 再次召开，至 2026-07-16 已逾期 (C7)"
    )


def test_c7_month_end_is_clamped() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert not convening_due(dt.date(2025, 8, 31), dt.date(2026, 2, 28)).overdue
    assert convening_due(dt.date(2025, 8, 31), dt.date(2026, 3, 1)).overdue


def test_c7_no_meeting_ever_is_overdue() -> None:
    result = convening_due(None, dt.date(2026, 3, 1))
    assert result.overdue
    assert result.due is None
    assert "没有居民会议记录" in result.explanation
    assert "每半年" in result.explanation


def test_c7_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="C7"):
        convening_due(dt.date(2026, 1, 1), dt.date(2026, 3, 1), months=0)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 400))
def test_c7_overdue_exactly_after_the_due_day(last: dt.date, days_later: int) -> None:
    on = last + dt.timedelta(days=days_later)
    result = convening_due(last, on)
    assert result.due is not None
    assert result.overdue == (on > result.due)
    assert 181 <= (result.due - last).days <= 184  # half a year, whatever the months
    assert not convening_due(last, result.due).overdue
    assert convening_due(last, result.due + dt.timedelta(days=1)).overdue


def test_c7_exactly_one_fifth_meets_inclusive_but_not_exclusive() -> None:
    inclusive = convening_proposal(ProposerKind.RESIDENTS, 60, 300, Fraction(1, 5), True)
    assert inclusive.met
    assert inclusive.explanation == "提议居民 60/300 = 20.0% ≥ 1/5，达到法定提议人数 (C7)"
    exclusive = convening_proposal(ProposerKind.RESIDENTS, 60, 300, Fraction(1, 5), False)
    assert not exclusive.met
    assert exclusive.explanation == "提议居民 60/300 = 20.0%，未超过 1/5，未达到法定提议人数 (C7)"


def test_c7_proposal_explanation() -> None:
    result = convening_proposal(ProposerKind.RESIDENTS, 61, 300, Fraction(1, 5), True)
    assert result.met
    assert result.explanation == "提议居民 61/300 = 20.3% ≥ 1/5，达到法定提议人数 (C7)"
    assert convening_proposal(ProposerKind.RESIDENTS, 61, 300, Fraction(1, 5), False).met
    short = convening_proposal(ProposerKind.HOUSEHOLDS, 59, 300, Fraction(1, 5), True)
    assert short.explanation == "提议户 59/300 = 19.7% < 1/5，未达到法定提议户数 (C7)"


def test_c7_one_third_of_resident_groups() -> None:
    groups = convening_proposal(ProposerKind.RESIDENT_GROUPS, 4, 12, Fraction(1, 3), True)
    assert groups.met
    assert groups.explanation == "提议居民小组 4/12 = 33.3% ≥ 1/3，达到法定提议小组数 (C7)"
    assert not convening_proposal(ProposerKind.RESIDENT_GROUPS, 3, 12, Fraction(1, 3), True).met


def test_c7_proposer_kinds_have_chinese_labels() -> None:
    assert set(PROPOSER_LABELS) == set(ProposerKind)


def test_c7_invalid_proposal_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="C7"):
        convening_proposal(ProposerKind.RESIDENTS, 1, 0, Fraction(1, 5), True)
    with pytest.raises(ValueError, match="C7"):
        convening_proposal(ProposerKind.RESIDENTS, 301, 300, Fraction(1, 5), True)


@given(
    st.sampled_from(ProposerKind),
    body_and_present(),
    shares,
    st.booleans(),
)
def test_c7_inclusive_is_at_least_and_exclusive_is_more_than(
    kind: ProposerKind, tp: tuple[int, int], share: Fraction, inclusive: bool
) -> None:
    total, proposers = tp
    result = convening_proposal(kind, proposers, total, share, inclusive)
    lhs, rhs = proposers * share.denominator, share.numerator * total
    assert result.met == (lhs >= rhs if inclusive else lhs > rhs)
    if not inclusive and result.met:
        assert convening_proposal(kind, proposers, total, share, True).met
