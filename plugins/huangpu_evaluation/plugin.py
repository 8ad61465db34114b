"""Hook implementations of the huangpu_evaluation plugin (hook implementations only).

Each hook hands over to the module that owns the concern: models, admin
views, API, the residents' ballot page, CLI, policy parameters, demo data,
the committee panel.
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

PLUGIN_NAME = "huangpu_evaluation"


@hookimpl
def juwei_models() -> Iterable[type]:
    from plugins.huangpu_evaluation import models

    return [getattr(models, name) for name in models.__all__]


@hookimpl
def juwei_migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"


@hookimpl
def juwei_policy_parameters() -> Iterable[ParameterSpec]:
    from plugins.huangpu_evaluation.parameters import PARAMETERS

    return PARAMETERS


@hookimpl
def juwei_permissions() -> Iterable[Permission]:
    from plugins.huangpu_evaluation.permissions import PERMISSIONS

    return PERMISSIONS


@hookimpl
def juwei_position_kinds() -> Iterable[Kind]:
    from plugins.huangpu_evaluation.kinds import POSITION_KINDS

    return POSITION_KINDS


@hookimpl
def juwei_admin_views(app: Flask) -> Iterable[BaseView]:
    from plugins.huangpu_evaluation.admin import views

    return views()


@hookimpl
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    from plugins.huangpu_evaluation.api import blueprint

    return [blueprint()]


@hookimpl
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    from plugins.huangpu_evaluation.cli import huangpu_group

    return [huangpu_group]


@hookimpl
def juwei_committee_panels(committee: Any) -> Iterable[Panel]:
    from plugins.huangpu_evaluation.panel import committee_panel

    return [committee_panel(committee)]


@hookimpl
def juwei_demo_data(session: Session, district_code: str) -> None:
    from plugins.huangpu_evaluation.demo import load_demo

    load_demo(session, district_code)


@hookimpl
def juwei_app_ready(app: Flask) -> None:
    from plugins.huangpu_evaluation.admin import register_templates
    from plugins.huangpu_evaluation.vote import register_vote_pages

    register_templates(app)
    register_vote_pages(app)
