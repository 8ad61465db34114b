"""Stored values of policy parameters: effective-dated and org-scoped (decision 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import Timestamped, Versioned
from core.models.org import OrgUnit


class PolicyValue(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One value of a declared parameter, in force from a date, for an org subtree.

    A value with no org unit applies to the whole deployment (the shipped
    default); a district's value overrides it, a street's the district's, a
    committee's the street's. Resolution is the pure ``core.rules.policy``.
    """

    __tablename__ = "policy_value"
    __table_args__ = (Index("ix_policy_value_key_from", "key", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The declared key, e.g. ``jiayuguan_groups.rate.group_leader``.
    key: Mapped[str] = mapped_column(String(120))
    #: The value, in the text form of the parameter's type (``"300.00"``, ``"true"``).
    value: Mapped[str] = mapped_column(Text)
    #: First day the value is in force.
    effective_from: Mapped[dt.date] = mapped_column(Date)
    #: The subtree it applies to; none for the whole deployment.
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    #: Why it was set (the decision, the document number).
    note: Mapped[str] = mapped_column(String(255), default="")

    org_unit: Mapped[OrgUnit | None] = relationship(lazy="joined")

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Values that apply to the actor's units: deployment-wide, ancestors', own subtree's.

        A street officer must read the district's rates that their street uses,
        so the ancestors of the scope (by code: ``310101000000`` above
        ``310101002``) are included.
        """
        from core.scoping import units_under

        return or_(
            cls.org_unit_id.is_(None),
            cls.org_unit_id.in_(units_under(prefix, with_ancestors=True)),
        )


class InstalledPlugin(Timestamped, db.Model):  # type: ignore[name-defined]
    """A plugin that district IT installed into this database (decision 3)."""

    __tablename__ = "installed_plugin"

    #: The entry-point name, e.g. ``jiayuguan_groups``.
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The plugin version installed.
    version: Mapped[str] = mapped_column(String(32), default="")
