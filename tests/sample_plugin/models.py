"""The sample plugin's one table."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned


class SampleNote(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A note kept by a committee."""

    __tablename__ = "sample_plugin_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))

    def __str__(self) -> str:
        return self.text
