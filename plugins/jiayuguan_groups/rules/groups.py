"""Rule J2: a resident group has 3–5 members (居民小组原则上为3—5人)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class GroupSize:
    """A group's size judged by J2: errors refuse a write, warnings are shown."""

    members: int
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    explanation: str

    @property
    def ok(self) -> bool:
        """True when nothing is wrong or to be flagged."""
        return not self.errors and not self.warnings


def group_size(members: int, minimum: int = 3, maximum: int = 5) -> GroupSize:
    """Judge a group of ``members`` people (leader included) by rule J2.

    More than ``maximum`` is an error (a sixth member is refused); fewer than
    ``minimum`` is a warning (a group may be short while a member is being
    replaced, and is flagged until it is not).
    """
    errors: list[str] = []
    warnings: list[str] = []
    if members > maximum:
        errors.append(f"居民小组成员 {members} 人，超过 {maximum} 人 (J2)")
    elif members < minimum:
        warnings.append(f"居民小组成员 {members} 人，少于 {minimum} 人 (J2)")
    explanation = f"成员 {members} 人，应为 {minimum}—{maximum} 人 (J2)"
    return GroupSize(members, tuple(errors), tuple(warnings), explanation)
