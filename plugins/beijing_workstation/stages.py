"""The stages of a posting and the record of each move between them (B7).

The shared ground of the recruitment service (:mod:`.pipeline` for postings,
applications and scores; :mod:`.hiring` for the ranking, the 公示 and the
agreement): the error the rules raise (``PipelineError``), a posting's stages
(the policy parameter ``recruitment.stages`` snapshotted in
``Posting.stages``), their Chinese names, the parameter look-up, the check
that an applicant is still in the running, and the ``StageChange`` that
records each move.

Functions flush and never commit: the caller commits, or rolls back on a
``ValueError``. Messages are Chinese and name the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.extensions import SessionLike
from core.models import OrgUnit
from core.policy import resolve
from core.rules.policy import NoValueInForce
from core.scoping import current_actor
from plugins.beijing_workstation.kinds import STAGES
from plugins.beijing_workstation.models import Applicant, Posting, StageChange
from plugins.beijing_workstation.parameters import STAGES_KEY, parse_stages


class PipelineError(ValueError):
    """A recruitment step the rules refuse (B7); the message is Chinese and names the rule."""


def stages_of(session: SessionLike, posting: Posting) -> tuple[str, ...]:
    """The posting's pipeline: its snapshot, else the parameter on its publication day (B7)."""
    if posting.stages:
        return parse_stages(posting.stages)
    day = posting.published_on or posting.apply_from or dt.date.today()
    return parse_stages(str(param(session, STAGES_KEY, day, posting.org_unit)))


def stage_label(stage: str) -> str:
    """The Chinese name of a stage, e.g. 笔试 (B7)."""
    return STAGES.get(stage, stage)


def param(session: SessionLike, key: str, day: dt.date, unit: OrgUnit | None) -> Any:
    """The value of policy parameter ``key`` for ``unit`` on ``day``; none in force refuses (B7)."""
    try:
        return resolve(session, key, day, unit).value
    except NoValueInForce as exc:
        raise PipelineError(f"{exc} (B7)") from exc


def actor_name(by: str) -> str:
    """Who made a move: ``by``, else the current actor's name, else ``system`` (50 characters)."""
    actor = current_actor()
    return (by or (actor.name if actor is not None else "system"))[:50]


def require_active(applicant: Applicant) -> None:
    """Refuse a step for an applicant out of the running or of a cancelled posting (B7)."""
    if applicant.status != "active":
        raise PipelineError(
            f"{applicant.name}已{status_word(applicant.status)}，不能再办理招聘环节 (B7)"
        )
    if applicant.posting is not None and applicant.posting.status == "cancelled":
        raise PipelineError(f"“{applicant.posting.title}”已取消招聘 (B7)")


def status_word(status: str) -> str:
    """The Chinese words for an applicant's final status, e.g. 放弃 for ``withdrawn``."""
    return {"rejected": "被确定为未通过", "hired": "被聘用", "withdrawn": "放弃"}.get(
        status, status
    )


def record_change(
    applicant: Applicant, to: str, outcome: str, today: dt.date, by: str, reason: str = ""
) -> StageChange:
    """Append a ``StageChange`` of ``applicant`` to ``to``; not before the application (B7)."""
    if today < applicant.applied_on:
        raise PipelineError(f"{today.isoformat()} 早于{applicant.name}的报名日期 (B7)")
    change = StageChange(
        from_stage=applicant.stage,
        to_stage=to,
        outcome=outcome,
        changed_on=today,
        reason=reason.strip(),
        by=actor_name(by),
    )
    applicant.changes.append(change)  # through the collection: it cascades into the session
    return change
