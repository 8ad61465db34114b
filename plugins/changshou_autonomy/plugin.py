"""Hook implementations of the changshou_autonomy plugin (hook implementations only).

Each hook hands over to the module that owns the concern: models, admin
views, API, CLI, policy parameters, demo data, the committee panel.
"""

from __future__ import annotations

from collections.abc import Iterable
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

PLUGIN_NAME = "changshou_autonomy"


@hookimpl
def juwei_models() -> Iterable[type]:
    from plugins.changshou_autonomy import models

    return [getattr(models, name) for name in models.__all__]


@hookimpl
def juwei_migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"


@hookimpl
def juwei_policy_parameters() -> Iterable[ParameterSpec]:
    from plugins.changshou_autonomy.parameters import PARAMETERS

    return PARAMETERS


@hookimpl
def juwei_permissions() -> Iterable[Permission]:
    from plugins.changshou_autonomy.permissions import PERMISSIONS

    return PERMISSIONS


@hookimpl
def juwei_meeting_kinds() -> Iterable[Kind]:
    from plugins.changshou_autonomy.kinds import MEETING_KINDS

    return MEETING_KINDS


@hookimpl
def juwei_admin_views(app: Flask) -> Iterable[BaseView]:
    from plugins.changshou_autonomy.admin import views

    return views()


@hookimpl
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    from plugins.changshou_autonomy.api import blueprint

    return [blueprint()]


@hookimpl
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    from plugins.changshou_autonomy.cli import changshou_group

    return [changshou_group]


@hookimpl
def juwei_committee_panels(committee: Any) -> Iterable[Panel]:
    from plugins.changshou_autonomy.panel import committee_panel

    return [committee_panel(committee)]


@hookimpl
def juwei_demo_data(session: Session, district_code: str) -> None:
    from plugins.changshou_autonomy.demo import load_demo

    load_demo(session, district_code)


@hookimpl
def juwei_app_ready(app: Flask) -> None:
    from plugins.changshou_autonomy.admin import register_templates

    register_templates(app)
