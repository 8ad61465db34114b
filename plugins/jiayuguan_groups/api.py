"""The plugin's API: groups, visits and the payroll, scoped like every endpoint."""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    """The plugin's API blueprint, mounted under ``/api/v1``."""
    return Blueprint("jiayuguan_groups_api", __name__)
