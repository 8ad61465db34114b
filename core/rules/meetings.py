"""The residents' meeting: body (C4), quorum (C5), resolutions (C6), convening (C7).

Pure: no Flask, no database. The thresholds are policy parameters
(``core.quorum.share``, ``core.resolution.share``, ``core.convening.*``,
decision 2); the caller reads them and passes them in. Every decision is made
with exact fractions (``fractions.Fraction``), never floats: a percentage is
only printed, rounded half up to one decimal (more decimals only when one
decimal would print the same figure as the threshold although the two differ).

In Chinese legal usage 过半数 and 超过 exclude the number itself (strictly
more), 以上 includes it; that is the difference between ``>`` and ``≥`` below.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import enum
import math
from fractions import Fraction

# --- formatting helpers -------------------------------------------------------

_MAX_DECIMALS = 6


def _percent_digits(value: Fraction, decimals: int) -> str:
    """``value`` as a percentage rounded half up to ``decimals`` places, without the sign."""
    scale = 10**decimals
    units = math.floor(value * 100 * scale + Fraction(1, 2))
    whole, part = divmod(units, scale)
    return f"{whole}.{part:0{decimals}d}" if decimals else str(whole)


def _percent(value: Fraction, threshold: Fraction) -> str:
    """``value`` as a printed percentage that does not look equal to ``threshold`` unless it is."""
    decimals = 1
    while (
        decimals < _MAX_DECIMALS
        and value != threshold
        and _percent_digits(value, decimals) == _percent_digits(threshold, decimals)
    ):
        decimals += 1
    return _percent_digits(value, decimals) + "%"


def _share_text(share: Fraction) -> str:
    """A threshold as printed: ``50%`` when it is a whole percentage, else ``2/3``."""
    if (share * 100).denominator == 1:
        return f"{share * 100}%"
    return f"{share.numerator}/{share.denominator}"


def _check_share(share: Fraction, rule: str) -> None:
    if not 0 <= share <= 1:
        raise ValueError(f"比例 {share} 必须在 0 到 1 之间 ({rule})")


# --- C4 body -----------------------------------------------------------------


class BodyForm(enum.StrEnum):
    """The three ways a residents' meeting may be formed, chosen per meeting (rule C4)."""

    ALL_RESIDENTS = "all_residents"
    HOUSEHOLDS = "households"
    GROUP_REPRESENTATIVES = "group_representatives"


#: Chinese names of the forms, for messages and the UI.
BODY_FORM_LABELS = {
    BodyForm.ALL_RESIDENTS: "全体18周岁以上居民",
    BodyForm.HOUSEHOLDS: "每户派代表1人",
    BodyForm.GROUP_REPRESENTATIVES: "每个居民小组推选代表2至3人",
}


@dataclasses.dataclass(frozen=True)
class BodyResult:
    """Size of the meeting's body: the chosen base plus the ex-officio representatives."""

    form: BodyForm
    base: int
    ex_officio: int
    body: int
    explanation: str


def body_size(
    form: BodyForm,
    residents_18_plus: int,
    households: int,
    group_representatives: int,
    ex_officio: int,
) -> BodyResult:
    """How many people make up a residents' meeting (rule C4).

    The base is the count that belongs to ``form`` (the other two counts are
    ignored): residents aged 18 or over, households (one representative each),
    or the representatives the resident groups elected (2–3 per group; the
    caller passes their total). ``ex_officio`` counts only the ex-officio
    representatives (当然代表: party branch members, committee members, NPC
    deputies and CPPCC members living in the area) who are *not already
    counted in the base*, so ``body = base + ex_officio`` never counts a
    person twice. The caller does that de-duplication; this function adds.
    """
    counts = {
        "18周岁以上居民数": residents_18_plus,
        "户数": households,
        "居民小组代表数": group_representatives,
        "当然代表数": ex_officio,
    }
    for name, count in counts.items():
        if count < 0:
            raise ValueError(f"{name}不能为负数：{count} (C4)")
    base = {
        BodyForm.ALL_RESIDENTS: residents_18_plus,
        BodyForm.HOUSEHOLDS: households,
        BodyForm.GROUP_REPRESENTATIVES: group_representatives,
    }[form]
    body = base + ex_officio
    if body < 1:
        raise ValueError("居民会议的组成人员不能为 0 人 (C4)")
    explanation = (
        f"组成方式：{BODY_FORM_LABELS[form]} {base} 人"
        f" + 当然代表（未在前项计入者）{ex_officio} 人 = {body} 人 (C4)"
    )
    return BodyResult(
        form=form, base=base, ex_officio=ex_officio, body=body, explanation=explanation
    )


# --- C5 quorum ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QuorumResult:
    """Whether a residents' meeting has its quorum, and why."""

    met: bool
    present: int
    body: int
    explanation: str


def quorum(present: int, body: int, share: Fraction = Fraction(1, 2)) -> QuorumResult:
    """Whether ``present`` of a body of ``body`` people is a quorum (rule C5).

    The meeting may be held only when *more than* ``share`` of the body
    attends (过半数 with the default 1/2): exactly half is not enough. Without
    quorum the meeting's votes decide nothing (see ``resolution``).
    """
    if body < 1:
        raise ValueError(f"会议应到人数必须至少为 1，而不是 {body} (C5)")
    if not 0 <= present <= body:
        raise ValueError(f"出席人数 {present} 必须在 0 到应到人数 {body} 之间 (C5)")
    _check_share(share, "C5")
    ratio = Fraction(present, body)
    met = ratio > share
    shown = _percent(ratio, share)
    if met:
        explanation = f"出席 {present}/{body} = {shown} > {_share_text(share)}，达到法定人数 (C5)"
    else:
        explanation = (
            f"出席 {present}/{body} = {shown}，未超过 {_share_text(share)}，"
            "未达到法定人数，会议表决无效 (C5)"
        )
    return QuorumResult(met=met, present=present, body=body, explanation=explanation)


# --- C6 resolution -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ResolutionResult:
    """Whether a resolution passed, and why."""

    passed: bool
    explanation: str


def resolution(
    for_votes: int,
    against: int,
    abstain: int,
    present: int,
    quorum_met: bool,
    share: Fraction = Fraction(1, 2),
) -> ResolutionResult:
    """Whether a resolution of a residents' meeting passed (rule C6).

    It passes only when the meeting had its quorum (C5) and *more than*
    ``share`` of the people present voted for it. The denominator is
    ``present``, not the votes cast: abstentions and people who did not vote
    count against.
    """
    for name, count in (("赞成票", for_votes), ("反对票", against), ("弃权票", abstain)):
        if count < 0:
            raise ValueError(f"{name}不能为负数：{count} (C6)")
    if present < 1:
        raise ValueError(f"出席人数必须至少为 1，而不是 {present} (C6)")
    cast = for_votes + against + abstain
    if cast > present:
        raise ValueError(
            f"赞成 {for_votes} + 反对 {against} + 弃权 {abstain} = {cast}，"
            f"超过出席人数 {present} (C6)"
        )
    _check_share(share, "C6")
    if not quorum_met:
        return ResolutionResult(
            passed=False, explanation="会议未达到法定人数，决议不能通过 (C5, C6)"
        )
    ratio = Fraction(for_votes, present)
    shown = _percent(ratio, share)
    head = f"赞成 {for_votes}/{present} = {shown}"
    if ratio > share:
        return ResolutionResult(
            passed=True, explanation=f"{head} > {_share_text(share)}，决议通过 (C6)"
        )
    return ResolutionResult(
        passed=False,
        explanation=(
            f"{head}，未超过出席人数的 {_share_text(share)}"
            "（弃权和未投票视为不赞成），决议未通过 (C6)"
        ),
    )


# --- C7 convening --------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months; a missing day becomes the month's last.

    2025-08-31 plus 6 months is 2026-02-28.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


@dataclasses.dataclass(frozen=True)
class ConveningDue:
    """Whether the next residents' meeting is overdue; ``due`` is the last day allowed."""

    overdue: bool
    due: dt.date | None
    explanation: str


def convening_due(
    last_residents_meeting: dt.date | None, on: dt.date, months: int = 6
) -> ConveningDue:
    """Whether, on ``on``, the committee is late convening a residents' meeting (rule C7).

    The committee convenes one at least once every half year. The next one is
    due by the same calendar day ``months`` months after the last (or the
    month's last day when that day does not exist); the due day itself is
    still in time, so the meeting is overdue only when the last one is *more
    than* ``months`` months before ``on``. With no meeting on record it is
    overdue.
    """
    if months < 1:
        raise ValueError(f"召开间隔必须至少为 1 个月，而不是 {months} (C7)")
    every = "每半年" if months == 6 else f"每 {months} 个月"
    if last_residents_meeting is None:
        return ConveningDue(
            overdue=True,
            due=None,
            explanation=f"没有居民会议记录；居民会议应{every}至少召开一次，应尽快召开 (C7)",
        )
    due = add_months(last_residents_meeting, months)
    last = last_residents_meeting.isoformat()
    if on > due:
        explanation = (
            f"上次居民会议 {last}，应不晚于 {due.isoformat()} 再次召开，"
            f"至 {on.isoformat()} 已逾期 (C7)"
        )
    else:
        explanation = f"上次居民会议 {last}，下次应不晚于 {due.isoformat()} 召开，尚未逾期 (C7)"
    return ConveningDue(overdue=on > due, due=due, explanation=explanation)


class ProposerKind(enum.StrEnum):
    """Who may propose a residents' meeting (rule C7)."""

    RESIDENTS = "residents"
    HOUSEHOLDS = "households"
    RESIDENT_GROUPS = "resident_groups"


#: Chinese names of the proposers, for the UI.
PROPOSER_LABELS = {
    ProposerKind.RESIDENTS: "18周岁以上居民",
    ProposerKind.HOUSEHOLDS: "户",
    ProposerKind.RESIDENT_GROUPS: "居民小组",
}

# (who proposes, what is counted) in an explanation.
_PROPOSER_WORDS = {
    ProposerKind.RESIDENTS: ("居民", "人数"),
    ProposerKind.HOUSEHOLDS: ("户", "户数"),
    ProposerKind.RESIDENT_GROUPS: ("居民小组", "小组数"),
}


@dataclasses.dataclass(frozen=True)
class ProposalResult:
    """Whether a proposal to convene a residents' meeting has enough support, and why."""

    met: bool
    explanation: str


def convening_proposal(
    kind: ProposerKind, proposers: int, total: int, share: Fraction, inclusive: bool
) -> ProposalResult:
    """Whether ``proposers`` of ``total`` oblige the committee to convene a meeting (rule C7).

    ``share`` is the policy's fraction for ``kind`` (1/5 of residents aged
    18+, 1/5 of households, 1/3 of resident groups by default). With
    ``inclusive`` (以上) reaching the share is enough (≥); without it (超过)
    the proposers must be strictly more (>).
    """
    if total < 1:
        raise ValueError(f"{PROPOSER_LABELS[kind]}总数必须至少为 1，而不是 {total} (C7)")
    if not 0 <= proposers <= total:
        raise ValueError(f"提议数 {proposers} 必须在 0 到总数 {total} 之间 (C7)")
    _check_share(share, "C7")
    ratio = Fraction(proposers, total)
    met = ratio >= share if inclusive else ratio > share
    who, counted = _PROPOSER_WORDS[kind]
    shown = _percent(ratio, share)
    threshold = f"{share.numerator}/{share.denominator}"
    head = f"提议{who} {proposers}/{total} = {shown}"
    if met:
        sign = "≥" if inclusive else ">"
        explanation = f"{head} {sign} {threshold}，达到法定提议{counted} (C7)"
    elif inclusive:
        explanation = f"{head} < {threshold}，未达到法定提议{counted} (C7)"
    else:
        explanation = f"{head}，未超过 {threshold}，未达到法定提议{counted} (C7)"
    return ProposalResult(met=met, explanation=explanation)
