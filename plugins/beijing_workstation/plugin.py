"""Hook implementations of the beijing_workstation plugin (hook implementations only).

Each hook hands over to the module that owns the concern: models, admin
views, API, CLI, policy parameters, kinds, record checks, demo data, the
committee panel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask
from flask_admin import BaseView
from sqlalchemy.orm import Session

from core import hookimpl
from core.kinds import Kind
from core.panels import Panel
from core.permissions import Permission
from core.policy import ParameterSpec

PLUGIN_NAME = "beijing_workstation"


@hookimpl
def juwei_models() -> Iterable[type]:
    from plugins.beijing_workstation import models

    return [getattr(models, name) for name in models.__all__]


@hookimpl
def juwei_migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"


@hookimpl
def juwei_policy_parameters() -> Iterable[ParameterSpec]:
    from plugins.beijing_workstation.parameters import PARAMETERS

    return PARAMETERS


@hookimpl
def juwei_permissions() -> Iterable[Permission]:
    from plugins.beijing_workstation.permissions import PERMISSIONS

    return PERMISSIONS


@hookimpl
def juwei_meeting_kinds() -> Iterable[Kind]:
    from plugins.beijing_workstation.kinds import MEETING_KINDS

    return MEETING_KINDS


@hookimpl
def juwei_agenda_item_kinds() -> Iterable[Kind]:
    from plugins.beijing_workstation.kinds import AGENDA_ITEM_KINDS

    return AGENDA_ITEM_KINDS


@hookimpl
def juwei_position_kinds() -> Iterable[Kind]:
    from plugins.beijing_workstation.kinds import POSITION_KINDS

    return POSITION_KINDS


@hookimpl
def juwei_record_checks() -> Iterable[tuple[type, Callable[[Any], None]]]:
    from core.models import Position
    from plugins.beijing_workstation.committee import check_deputies, check_station_director

    return [(Position, check_deputies), (Position, check_station_director)]


@hookimpl
def juwei_meeting_body(meeting: Any) -> tuple[int, str] | None:
    from plugins.beijing_workstation.sessions import assembly_body

    return assembly_body(meeting)


@hookimpl
def juwei_admin_views(app: Flask) -> Iterable[BaseView]:
    from plugins.beijing_workstation.admin import views

    return views()


@hookimpl
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    from plugins.beijing_workstation.api import blueprint

    return [blueprint()]


@hookimpl
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    from plugins.beijing_workstation.cli import beijing_group

    return [beijing_group]


@hookimpl
def juwei_committee_panels(committee: Any) -> Iterable[Panel]:
    from plugins.beijing_workstation.panel import committee_panel

    return [committee_panel(committee)]


@hookimpl
def juwei_demo_data(session: Session, district_code: str) -> None:
    from plugins.beijing_workstation.demo import load_demo

    load_demo(session, district_code)


@hookimpl
def juwei_app_ready(app: Flask) -> None:
    from plugins.beijing_workstation.admin import register_templates

    register_templates(app)
