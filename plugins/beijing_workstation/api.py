"""The plugin's API under /api/v1/beijing/: recruitment, agreements, appraisals, structure.

Resources live in their own modules; this one only assembles the blueprint.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint() -> Blueprint:
    """The API blueprint with every resource of the plugin registered on it."""
    from plugins.beijing_workstation.api_recruitment import register as register_recruitment
    from plugins.beijing_workstation.api_station import register as register_station

    bp = Blueprint("beijing_api", __name__, url_prefix="/beijing")
    register_recruitment(bp)
    register_station(bp)
    return bp
