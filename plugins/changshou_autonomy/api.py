"""The plugin's API under /api/v1/changshou/: ledgers, projects, scores, awards.

Resources live in their own modules; this one only assembles the blueprint.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    """The API blueprint with every resource of the plugin registered on it."""
    from plugins.changshou_autonomy.api_ledger import register as register_ledger
    from plugins.changshou_autonomy.api_projects import register as register_projects

    bp = Blueprint("changshou_api", __name__, url_prefix="/changshou")
    register_ledger(bp)
    register_projects(bp)
    return bp
