"""Users, their API tokens and the login attempts that throttle guessing."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from core.models.base import Timestamped, Versioned, utcnow
from core.models.org import OrgUnit

if TYPE_CHECKING:
    from core.models.people import Person


class Role(enum.StrEnum):
    """The five roles of decision 5."""

    SYSTEM_ADMIN = "system_admin"
    DISTRICT_ADMIN = "district_admin"
    STREET_OFFICER = "street_officer"
    COMMITTEE_STAFF = "committee_staff"
    AUDITOR = "auditor"


#: Chinese names of the roles.
ROLE_LABELS = {
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.DISTRICT_ADMIN: "区管理员",
    Role.STREET_OFFICER: "街道工作人员",
    Role.COMMITTEE_STAFF: "居委会工作人员",
    Role.AUDITOR: "审计员（只读）",
}


class User(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """Someone who logs in; sees and writes only inside the scope of their org unit."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, unique.
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    #: Name shown in the UI and the audit trail.
    display_name: Mapped[str] = mapped_column(String(100), default="")
    #: werkzeug hash (scrypt); the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: One of :class:`Role`.
    role: Mapped[str] = mapped_column(String(32))
    #: The org unit whose subtree the user may see; none only for system admins.
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    #: A deactivated user cannot log in or use tokens.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The person on record this account belongs to, if any: opinions about
    #: that person never show this account who gave them (rule C14).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)

    org_unit: Mapped[OrgUnit | None] = relationship(lazy="joined")
    person: Mapped[Person | None] = relationship()

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Users whose own scope lies inside ``prefix`` (core.scoping)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix))

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    # Flask-Login protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __str__(self) -> str:
        return self.display_name or self.username


def hash_token(token: str) -> str:
    """The SHA-256 of an API token; only this is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Timestamped, db.Model):  # type: ignore[name-defined]
    """A per-user bearer token for the REST API; shown once, stored hashed."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    #: What the token is for, e.g. the script that uses it.
    name: Mapped[str] = mapped_column(String(100), default="")
    #: SHA-256 of the token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: A revoked token is refused.
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")

    @staticmethod
    def new_secret() -> str:
        """A fresh random token (prefixed so it is recognisable in logs and leaks)."""
        return "jw_" + secrets.token_urlsafe(32)


class LoginAttempt(db.Model):  # type: ignore[name-defined]
    """One login attempt; failures in a window throttle the username and the address.

    Kept in the database, not in memory, so the limit holds across gunicorn
    workers and hosts (decision 11).
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_remote_addr_at", "remote_addr", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
