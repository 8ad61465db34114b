"""One-time ballot codes: issuing, voiding, looking up and checking them (D1).

A code is 8 characters of an unambiguous alphabet (no 0/O/1/I/L), shown as
``XXXX-XXXX`` on a printable slip once, stored only as its SHA-256 (D1: the
slip carries no name and the code no holder). A code is the voter's only
credential: ``code_scope`` finds its committee before there is an actor, and
``voter_actor`` is the anonymous actor narrowed to that committee.
``usable_code`` and ``check_open`` are the checks ``ballots.cast_ballot``
runs before it claims a code. ``BallotError`` is defined here, the lowest
module of the ballot code, and raised by ``ballots`` too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets

from sqlalchemy import func, select

from core.extensions import SessionLike
from core.models import OrgUnit
from core.models.users import Role
from core.scoping import Actor
from plugins.huangpu_evaluation.kinds import BALLOT_KINDS, ROUND_KINDS, STATUSES
from plugins.huangpu_evaluation.models import BallotCode, Participant, RoundCommittee

#: 31 characters that cannot be mistaken for one another: no 0/O, 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
#: At most this many codes in one issue (one slip page per 8).
MAX_ISSUE = 500
#: The audit trail's name of the anonymous actor casting a ballot by code.
VOTER_NAME = "评议码投票"


class BallotError(ValueError):
    """A ballot operation the rules refuse; the message is Chinese and names the rule."""


# --- codes ------------------------------------------------------------------------


def normalise(code: str) -> str:
    """The code as stored before hashing: upper case, no spaces or dashes."""
    drop = str.maketrans("", "", " \t\r\n-－—_　")
    return (code or "").translate(drop).upper()


def code_hash(code: str) -> str:
    """SHA-256 of the normalised code: the only thing stored (D1)."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def new_code() -> str:
    """A fresh random code, ``XXXX-XXXX``, from ``secrets``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def _check_can_issue(rc: RoundCommittee) -> None:
    round_ = rc.round
    if round_.kind not in BALLOT_KINDS:
        raise BallotError(
            f"{ROUND_KINDS.get(round_.kind, round_.kind)}不用选票，不能发放评议码 (D1)"
        )
    if round_.status not in ("draft", "open"):
        status = STATUSES.get(round_.status, round_.status)
        raise BallotError(f"测评“{round_.title}”{status}，不能再发放或作废评议码")


def outstanding(session: SessionLike, rc: RoundCommittee) -> int:
    """Codes of ``rc`` issued and still usable (neither used nor voided)."""
    return int(
        session.scalar(
            select(func.count(BallotCode.id)).where(
                BallotCode.round_committee_id == rc.id,
                BallotCode.used.is_(False),
                BallotCode.voided.is_(False),
            )
        )
        or 0
    )


def issue_codes(session: SessionLike, rc: RoundCommittee, count: int | None = None) -> list[str]:
    """New codes for ``rc``, returned once in plain text for the slips; stored hashed (D1).

    Without ``count``, one per participant not yet covered by a usable code.
    Only while the round is a draft or open, and only for ballot rounds.
    """
    _check_can_issue(rc)
    if count is None:
        body = int(
            session.scalar(
                select(func.count(Participant.id)).where(Participant.round_committee_id == rc.id)
            )
            or 0
        )
        count = max(body - outstanding(session, rc), 0)
    if count < 0 or count > MAX_ISSUE:
        raise BallotError(f"一次发放的评议码数量须在 0 至 {MAX_ISSUE} 之间")
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_code())
    plain = sorted(codes)
    secrets.SystemRandom().shuffle(plain)
    for code in plain:
        session.add(
            BallotCode(
                round_committee_id=rc.id,
                org_unit_id=rc.org_unit_id,
                code_hash=code_hash(code),
                used=False,
                voided=False,
            )
        )
    session.flush()
    return plain


def void_unused(session: SessionLike, rc: RoundCommittee) -> int:
    """Void every usable code of ``rc`` (lost slips, a reprint); returns how many."""
    _check_can_issue(rc)
    rows = session.scalars(
        select(BallotCode).where(
            BallotCode.round_committee_id == rc.id,
            BallotCode.used.is_(False),
            BallotCode.voided.is_(False),
        )
    ).all()
    for row in rows:
        row.voided = True
    session.flush()
    return len(rows)


def code_counts(session: SessionLike, rc: RoundCommittee) -> dict[str, int]:
    """``{"issued", "used", "voided", "usable"}`` codes of ``rc``."""
    issued, used, voided = session.execute(
        select(
            func.count(BallotCode.id),
            func.count(BallotCode.id).filter(BallotCode.used.is_(True)),
            func.count(BallotCode.id).filter(BallotCode.voided.is_(True)),
        ).where(BallotCode.round_committee_id == rc.id)
    ).one()
    usable = int(issued) - int(used) - int(voided)
    return {"issued": int(issued), "used": int(used), "voided": int(voided), "usable": usable}


# --- who may look a code up -------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CodeScope:
    """The round committee of a code, and its committee: all the voter's actor may see."""

    round_committee_id: int
    unit_id: int
    unit_prefix: str


def code_scope(session: SessionLike, code: str) -> CodeScope | None:
    """Where ``code`` belongs, or None for an unknown code.

    This is the one look-up made before there is an actor (the code is the
    credential, as the user name is at login), so it is unscoped and reads
    only the code's round committee and committee, nothing else.
    """
    normalised = normalise(code)
    if len(normalised) != CODE_LENGTH or any(c not in ALPHABET for c in normalised):
        return None
    row = session.execute(
        select(BallotCode.round_committee_id, OrgUnit.id, OrgUnit.code, OrgUnit.kind)
        .join(OrgUnit, OrgUnit.id == BallotCode.org_unit_id)
        .where(BallotCode.code_hash == code_hash(normalised)),
        execution_options={"juwei_unscoped": True},
    ).first()
    if row is None:
        return None
    from core.rules.divisions import OrgKind, scope_prefix

    return CodeScope(int(row[0]), int(row[1]), scope_prefix(str(row[2]), OrgKind(row[3])))


def voter_actor(scope: CodeScope | None) -> Actor:
    """The anonymous actor of a ballot cast by code: the code's committee and nothing more.

    Core gives an anonymous request no actor, which would leave every query
    unnarrowed; this actor narrows every read and write to the committee of
    the code (``prefix "-"`` — nothing at all — before a code is known).
    COMMITTEE_STAFF is the least role that may write; the pages using this
    actor call no permission-checked code.
    """
    if scope is None:
        return Actor(user_id=None, name=VOTER_NAME, role=Role.COMMITTEE_STAFF, prefix="-")
    return Actor(
        user_id=None,
        name=VOTER_NAME,
        role=Role.COMMITTEE_STAFF,
        prefix=scope.unit_prefix,
        org_unit_id=scope.unit_id,
    )


def usable_code(session: SessionLike, code: str) -> BallotCode:
    """The code's record if a ballot may be cast with it now, else ``BallotError`` (D1)."""
    row = session.scalar(select(BallotCode).where(BallotCode.code_hash == code_hash(code)))
    if row is None:
        raise BallotError("评议码不正确，请核对评议票上的评议码")
    if row.used:
        raise BallotError("该评议码已使用，每个评议码只能投一次票 (D1)")
    if row.voided:
        raise BallotError("该评议码已作废，请向居委会工作人员领取新的评议票")
    check_open(row.round_committee)
    return row


def check_open(rc: RoundCommittee) -> None:
    """``BallotError`` unless ballots may be taken in ``rc`` now."""
    round_ = rc.round
    if round_.kind not in BALLOT_KINDS:
        raise BallotError(f"{ROUND_KINDS.get(round_.kind, round_.kind)}不用选票 (D1)")
    if round_.status == "draft":
        raise BallotError("本轮评议尚未开始，请在评议开始后再投票")
    if round_.status != "open":
        raise BallotError("本轮评议已结束，不再接受投票")
