"""Core's own features, registered through the same hooks as any plugin.

This is the default plugin named ``core`` (see ``core.plugins``): the org
tree, users, audit trail, policy parameters, the core API and CLI, and the
parameters of the national rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click
from flask import Blueprint, Flask
from flask_admin import BaseView
from sqlalchemy.orm import Session

from core.hookspecs import hookimpl
from core.kinds import AGENDA_ITEM_KINDS, MEETING_KINDS, POSITION_KINDS, Kind
from core.permissions import Permission
from core.policy import ParameterSpec, ParamType, positive, share


@hookimpl
def juwei_models() -> Iterable[type]:
    from core import models

    return [
        getattr(models, name)
        for name in models.__all__
        if isinstance(getattr(models, name), type) and hasattr(getattr(models, name), "__table__")
    ]


@hookimpl
def juwei_migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"


@hookimpl
def juwei_admin_views(app: Flask) -> Iterable[BaseView]:
    from core.admin import imports, meetings, opinions, overview, people, structure
    from core.admin.audit import AuditEntryView
    from core.admin.org import OrgUnitView
    from core.admin.plugins_page import PluginsView
    from core.admin.policy import PolicyOverviewView, PolicyValueView
    from core.admin.users import UserView

    return [
        OrgUnitView(),
        *structure.views(),
        *overview.views(),
        *people.views(),
        *meetings.views(),
        *opinions.views(),
        *imports.views(),
        PolicyOverviewView(),
        PolicyValueView(),
        UserView(),
        AuditEntryView(),
        PluginsView(),
    ]


@hookimpl
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    from core.api.resource import ModelResource
    from core.models import OrgUnit
    from core.schemas.org import OrgUnitSchema

    blueprint = Blueprint("core_api", __name__)
    ModelResource(
        blueprint,
        "org-units",
        OrgUnit,
        OrgUnitSchema,
        write_permission="core.org.manage",
        order_by=OrgUnit.code,
        allow_delete=False,  # everything refers to org units: never deleted (decision 6)
    )
    from core.api import domain

    domain.register(blueprint)
    return [blueprint]


@hookimpl
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    from core.cli.commands import db_group, demo_command, org_group, plugins_group, users_group
    from core.cli.imports import import_command

    return [db_group, plugins_group, users_group, org_group, demo_command, import_command]


@hookimpl
def juwei_policy_parameters() -> Iterable[ParameterSpec]:
    return [
        ParameterSpec(
            key="core.quorum.share",
            label="居民会议法定人数：出席须超过的比例",
            type=ParamType.FRACTION,
            default="1/2",
            rule="C5",
            validator=share,
        ),
        ParameterSpec(
            key="core.resolution.share",
            label="决议通过：赞成须超过出席人数的比例",
            type=ParamType.FRACTION,
            default="1/2",
            rule="C6",
            validator=share,
        ),
        ParameterSpec(
            key="core.convening.residents_share",
            label="提议召开居民会议：18周岁以上居民比例",
            type=ParamType.FRACTION,
            default="1/5",
            rule="C7",
            validator=share,
        ),
        ParameterSpec(
            key="core.convening.households_share",
            label="提议召开居民会议：户数比例",
            type=ParamType.FRACTION,
            default="1/5",
            rule="C7",
            validator=share,
        ),
        ParameterSpec(
            key="core.convening.groups_share",
            label="提议召开居民会议：居民小组比例",
            type=ParamType.FRACTION,
            default="1/3",
            rule="C7",
            validator=share,
        ),
        ParameterSpec(
            key="core.convening.inclusive",
            label="提议人数达到比例即可（以上，≥）；否则须超过（>）",
            type=ParamType.BOOLEAN,
            default="true",
            rule="C7",
        ),
        ParameterSpec(
            key="core.opinion.reply_working_days",
            label="群众意见答复期限（工作日）",
            type=ParamType.INTEGER,
            default="15",
            rule="C14",
            validator=positive,
        ),
    ]


@hookimpl
def juwei_meeting_kinds() -> Iterable[Kind]:
    return MEETING_KINDS


@hookimpl
def juwei_position_kinds() -> Iterable[Kind]:
    return POSITION_KINDS


@hookimpl
def juwei_agenda_item_kinds() -> Iterable[Kind]:
    return AGENDA_ITEM_KINDS


@hookimpl
def juwei_permissions() -> Iterable[Permission]:
    from core.models import Role

    return [
        Permission(
            "core.policy.edit",
            "修改政策参数",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN}),
        ),
        Permission(
            "core.audit.read",
            "查看审计日志",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR}),
        ),
        Permission(
            "core.users.read",
            "查看用户账号",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR}),
        ),
        Permission(
            "core.org.manage",
            "维护组织机构",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
        ),
        Permission(
            "core.plugins.read",
            "查看地方插件",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR}),
        ),
        Permission(
            "core.people.identity",
            "查看完整身份证号和电话（每次查看均记入审计日志）",
            frozenset({Role.STREET_OFFICER, Role.COMMITTEE_STAFF}),
        ),
        Permission(
            "core.holidays.edit",
            "维护节假日安排（法定节假日和调休上班日）",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN}),
        ),
        Permission(
            "core.users.manage",
            "管理用户账号",
            frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN}),
        ),
    ]


@hookimpl
def juwei_demo_data(session: Session, district_code: str) -> None:
    # Core's demo org tree and users are created by core.demo before plugins run.
    return None


@hookimpl
def juwei_app_ready(app: Flask) -> None:
    from core.models import ROLE_LABELS, Role

    @app.template_global()
    def role_label(role: str) -> str:
        return ROLE_LABELS.get(Role(role), role)
