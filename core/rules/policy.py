"""Which stored value of a policy parameter is in force for a unit on a date (decision 2).

Pure: the caller passes the candidate values (the deployment-wide ones and
those of the unit and its ancestors); this module picks one and explains it.
The most specific unit wins (committee over street over district over the
deployment-wide default); within one unit, the latest value in force on the
date. No value in force is an error, never a guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable


class NoValueInForce(LookupError):
    """No stored value of the parameter is in force on the date; the message is Chinese."""


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A stored value: its text, first day in force, and the unit it applies to.

    ``unit_code`` is None for a deployment-wide value; ``depth`` is 0 for
    deployment-wide, 1 district, 2 street, 3 committee.
    """

    value: str
    effective_from: dt.date
    depth: int
    unit_code: str | None = None
    unit_name: str = ""


@dataclasses.dataclass(frozen=True)
class Chosen:
    """The value in force and why."""

    value: str
    candidate: Candidate
    explanation: str


def choose(key: str, candidates: Iterable[Candidate], on: dt.date) -> Chosen:
    """The candidate in force on ``on``: deepest unit first, then latest start date."""
    in_force = [c for c in candidates if c.effective_from <= on]
    if not in_force:
        raise NoValueInForce(
            f"参数 {key} 在 {on.isoformat()} 没有生效的取值，请先在“政策参数”中设置"
        )
    best = max(in_force, key=lambda c: (c.depth, c.effective_from))
    where = best.unit_name or best.unit_code or "全部辖区"
    explanation = f"{key} = {best.value}（{where}，自 {best.effective_from.isoformat()} 起）"
    return Chosen(value=best.value, candidate=best, explanation=explanation)
