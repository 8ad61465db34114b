"""Secret ballots: casting a ballot by code, paper batches, comments (D1, D3).

The codes themselves (issuing, voiding, the look-up before there is an
actor, the checks) are ``codes.py``'s. ``cast_ballot`` writes the ballot, its
marks and the code's use in one transaction; the code is claimed with a
conditional UPDATE, so two submissions of one code cannot both succeed.
Staff enter paper ballots in batches (D3), never more ballots than people
who took part (D1). A ballot's comment (the opinion box, D3) may become a
core opinion with the C14 follow-up.

Blanks: an item left unanswered is stored as none and counted as blank; a
ballot needs no answer at all to be valid (弃权 is a choice).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update

from core.extensions import SessionLike
from core.models.opinions import Opinion
from plugins.huangpu_evaluation.codes import BallotError, check_open, usable_code
from plugins.huangpu_evaluation.kinds import Form, forms_of
from plugins.huangpu_evaluation.models import (
    Ballot,
    BallotCode,
    BallotMark,
    PaperBatch,
    Participant,
    RoundCommittee,
)

MAX_COMMENT = 2000

#: ``{subject id (None: the committee's work): answers per item}``; answer 1 is the
#: form's first, None a blank.
Marks = Mapping[int | None, Sequence[int | None]]


@dataclasses.dataclass(frozen=True)
class PaperBallot:
    """One paper ballot as staff read it off the paper (D3)."""

    marks: Marks
    comment: str = ""


# --- the ballot's form and marks ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BallotSubject:
    """One part of the ballot: the committee's work (id None) or a staff member."""

    subject_id: int | None
    label: str
    form: Form


def ballot_subjects(rc: RoundCommittee) -> list[BallotSubject]:
    """The parts of ``rc``'s ballot, in order: the committee's work, then each staff member."""
    committee_form, staff_form = forms_of(rc.round.kind)
    parts = []
    if committee_form is not None:
        parts.append(BallotSubject(None, f"{rc.org_unit.name}工作", committee_form))
    if staff_form is not None:
        parts.extend(BallotSubject(s.id, str(s), staff_form) for s in rc.subjects)
    return parts


def _answer(value: Any, form: Form, label: str, item: str) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BallotError(f"“{label}”的“{item}”答案无效")
    try:
        number = int(value)
    except ValueError:
        raise BallotError(f"“{label}”的“{item}”答案无效") from None
    if not 1 <= number <= len(form.answers):
        raise BallotError(
            f"“{label}”的“{item}”只能选 {'、'.join(form.answers)} 之一（或不选，按弃权计）"
        )
    return number


def validate_marks(rc: RoundCommittee, marks: Marks) -> list[tuple[int | None, list[int | None]]]:
    """``[(subject id, five answers)]`` for every part of the ballot, or ``BallotError``.

    A part or item not answered is blank; a subject that is not on this
    ballot is refused.
    """
    parts = {part.subject_id: part for part in ballot_subjects(rc)}
    unknown = [key for key in marks if key not in parts]
    if unknown:
        raise BallotError("选票中有不属于本次评议的评议对象，未保存")
    result = []
    for subject_id, part in parts.items():
        given = list(marks.get(subject_id) or [])
        if len(given) > len(part.form.items):
            raise BallotError(f"“{part.label}”只有 {len(part.form.items)} 个评议项目")
        answers = [
            _answer(value, part.form, part.label, part.form.items[i])
            for i, value in enumerate(given)
        ]
        result.append((subject_id, [*answers, None, None, None, None, None][:5]))
    return result


def _write_ballot(
    session: SessionLike,
    rc: RoundCommittee,
    checked: list[tuple[int | None, list[int | None]]],
    comment: str,
    channel: str,
    batch_id: int | None = None,
) -> Ballot:
    # Unit and round committee set explicitly on every row: results group by them.
    ballot = Ballot(
        id=secrets.token_hex(16),
        round_committee_id=rc.id,
        org_unit_id=rc.org_unit_id,
        channel=channel,
        batch_id=batch_id,
        comment=comment,
    )
    session.add(ballot)
    for subject_id, answers in checked:
        ballot.marks.append(
            BallotMark(
                round_committee_id=rc.id,
                org_unit_id=rc.org_unit_id,
                subject_id=subject_id,
                a1=answers[0],
                a2=answers[1],
                a3=answers[2],
                a4=answers[3],
                a5=answers[4],
            )
        )
    return ballot


def _comment(text: str | None) -> str:
    comment = (text or "").strip()
    if len(comment) > MAX_COMMENT:
        raise BallotError(f"意见建议不能超过 {MAX_COMMENT} 字")
    return comment


def cast_ballot(session: SessionLike, code: str, marks: Marks, comment: str = "") -> None:
    """Cast one ballot with ``code``: ballot, marks and the code's use in one flush (D1).

    Refuses an unknown, used or voided code, a round not open, and marks
    that do not fit the round's forms; on refusal nothing is written (the
    caller rolls back). The code is claimed with ``UPDATE … WHERE used =
    false`` first: a second submission of the same code, even concurrent,
    finds no row to claim and is refused.
    """
    row = usable_code(session, code)
    rc = row.round_committee
    checked = validate_marks(rc, marks)
    text = _comment(comment)
    claimed = session.execute(
        update(BallotCode)
        .where(
            BallotCode.id == row.id,
            BallotCode.used.is_(False),
            BallotCode.voided.is_(False),
        )
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise BallotError("该评议码已使用，每个评议码只能投一次票 (D1)")
    # Set on the record too, so the audit trail records (anonymously) that a code was used.
    row.used = True
    _write_ballot(session, rc, checked, text, "code")
    session.flush()


# --- paper ballots (D3) -------------------------------------------------------------


def counts(session: SessionLike, rc: RoundCommittee) -> tuple[int, int]:
    """``(took part, ballots received)`` of ``rc`` (D1)."""
    took = session.scalar(
        select(func.count(Participant.id)).where(
            Participant.round_committee_id == rc.id, Participant.took_part.is_(True)
        )
    )
    ballots = session.scalar(
        select(func.count(Ballot.id)).where(Ballot.round_committee_id == rc.id)
    )
    return int(took or 0), int(ballots or 0)


def enter_paper_batch(
    session: SessionLike, rc: RoundCommittee, ballots: Sequence[PaperBallot], note: str = ""
) -> PaperBatch:
    """Enter a batch of paper ballots of ``rc``, all or nothing (D1, D3).

    The round must be open; paper and code ballots together may not exceed
    the participants who took part.
    """
    check_open(rc)
    if not ballots:
        raise BallotError("本批没有选票")
    checked = []
    for number, paper in enumerate(ballots, start=1):
        try:
            checked.append((validate_marks(rc, paper.marks), _comment(paper.comment)))
        except BallotError as exc:
            raise BallotError(f"第 {number} 张选票：{exc}") from None
    took, received = counts(session, rc)
    if received + len(ballots) > took:
        raise BallotError(
            f"本批 {len(ballots)} 张加上已收的 {received} 张共 {received + len(ballots)} 张，"
            f"超过已参与评议的 {took} 人，整批未录入；请先核对签到 (D1, D3)"
        )
    batch = PaperBatch(
        round_committee_id=rc.id, org_unit_id=rc.org_unit_id, count=len(ballots), note=note
    )
    session.add(batch)
    session.flush()
    for marks, comment in checked:
        _write_ballot(session, rc, marks, comment, "paper", batch.id)
    session.flush()
    return batch


# --- comments → opinions (D3, C14) ----------------------------------------------------


def comment_to_opinion(session: SessionLike, ballot: Ballot, today: dt.date) -> Opinion:
    """Make ``ballot``'s comment a core opinion (channel 评议卡、意见箱) with the C14 follow-up.

    The opinion has no submitter: the ballot is secret (D1). Its reply
    deadline is set by ``core.opinions.check_opinion`` on flush.
    """
    if ballot.opinion_id is not None:
        raise BallotError("这条意见已转为群众意见")
    content = (ballot.comment or "").strip()
    if not content:
        raise BallotError("这张选票没有填写意见建议")
    rc = ballot.round_committee
    opinion = Opinion(
        org_unit_id=rc.org_unit_id,
        org_unit=rc.org_unit,
        received_on=today,
        channel="card",
        content=content,
        submitter_name="",
        submitter_contact="",
        about_text=f"{rc.round.title}（评议意见）"[:200],
        status="open",
    )
    session.add(opinion)
    session.flush()
    ballot.opinion_id = opinion.id
    session.flush()
    return opinion
