"""Phases of the work and key tasks with deadlines, per street and committee (S5, S6)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned


class Phase(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A phase of the street's work in a year: publicity, deployment, mid-term… (S6)."""

    __tablename__ = "changshou_autonomy_phase"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "year", "phase", name="uq_cs_phase"),
        CheckConstraint("start_on <= end_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: A key of ``kinds.PHASES``.
    phase: Mapped[str] = mapped_column(String(20))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def scope_clause(cls, prefix: str) -> object:
        """A committee's staff see their street's phases too (C1)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix, with_ancestors=True))

    def check(self) -> None:
        """Raise ``ValueError`` unless the phase belongs to a street (S6)."""
        from plugins.changshou_autonomy.progress import check_street_record

        check_street_record(self, "工作阶段")


class KeyTask(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A key task the street sets for its committees, with its deadline (S5)."""

    __tablename__ = "changshou_autonomy_key_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: A key of ``kinds.KEY_TASKS``.
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def scope_clause(cls, prefix: str) -> object:
        """A committee's staff see their street's tasks too (C1)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix, with_ancestors=True))

    def check(self) -> None:
        """Raise ``ValueError`` unless the task belongs to a street (S5)."""
        from plugins.changshou_autonomy.progress import check_street_record

        check_street_record(self, "重点任务")

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on.isoformat()}前）"


class TaskCompletion(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A committee's completion of a key task: when, what was handed in (S5)."""

    __tablename__ = "changshou_autonomy_task_completion"
    __table_args__ = (UniqueConstraint("key_task_id", "org_unit_id", name="uq_cs_task_completion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_task_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_key_task.id",
            ondelete="CASCADE",
            name="fk_cs_task_completion_key_task_id",
        ),
        index=True,
    )
    done_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    key_task: Mapped[KeyTask] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless a committee completes its own street's task (S5)."""
        from plugins.changshou_autonomy.progress import check_completion

        check_completion(self)
