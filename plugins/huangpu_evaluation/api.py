"""The plugin's API under /api/v1/huangpu/: rounds, ballots, street scores, results.

Resources live in their own modules; this one only assembles the blueprint.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    """The API blueprint with every resource of the plugin registered on it."""
    from plugins.huangpu_evaluation.api_ballots import register as register_ballots
    from plugins.huangpu_evaluation.api_rounds import register as register_rounds

    bp = Blueprint("huangpu_api", __name__, url_prefix="/huangpu")
    register_rounds(bp)
    register_ballots(bp)
    return bp
