"""Hook implementations of the sample plugin."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask, jsonify
from flask.cli import with_appcontext
from marshmallow import Schema, fields

from core import hookimpl

PLUGIN_NAME = "sample_plugin"


@hookimpl
def juwei_models() -> Iterable[type]:
    from tests.sample_plugin.models import SampleNote

    return [SampleNote]


@hookimpl
def juwei_migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"


@hookimpl
def juwei_admin_views(app: Flask) -> Iterable[Any]:
    from core.admin.base import ScopedModelView
    from tests.sample_plugin.models import SampleNote

    class SampleNoteView(ScopedModelView):
        column_list = ["text", "org_unit"]
        column_labels = {"text": "内容"}
        form_columns = ["text", "org_unit"]

    return [SampleNoteView(SampleNote, name="便签", category="测试插件", endpoint="samplenote")]


class SampleNoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    text = fields.String(required=True)
    org_unit_id = fields.Integer(required=True)
    version_id = fields.Integer()


@hookimpl
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    from core.api.resource import ModelResource
    from tests.sample_plugin.models import SampleNote

    blueprint = Blueprint("sample_plugin_api", __name__)
    ModelResource(blueprint, "sample-notes", SampleNote, SampleNoteSchema)

    @blueprint.get("/sample-ping")
    def ping() -> Any:
        return jsonify(pong=True)

    return [blueprint]


@hookimpl
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    @click.command("sample-count")
    @with_appcontext
    def sample_count() -> None:
        """Print how many sample notes exist."""
        from sqlalchemy import func, select

        from core.extensions import db
        from tests.sample_plugin.models import SampleNote

        click.echo(db.session.scalar(select(func.count()).select_from(SampleNote)))

    return [sample_count]


@hookimpl
def juwei_policy_parameters() -> Iterable[Any]:
    from core.policy import ParameterSpec, ParamType, non_negative

    return [
        ParameterSpec(
            key="sample_plugin.allowance",
            label="测试津贴",
            type=ParamType.DECIMAL,
            default="200.00",
            rule="T1",
            validator=non_negative,
        )
    ]


@hookimpl
def juwei_committee_panels(committee: Any) -> Iterable[Any]:
    from markupsafe import Markup, escape
    from sqlalchemy import func, select

    from core.extensions import db
    from core.panels import Panel
    from tests.sample_plugin.models import SampleNote

    count = db.session.execute(
        select(func.count()).select_from(SampleNote).where(SampleNote.org_unit_id == committee.id)
    ).scalar_one()
    return [Panel("示例插件", Markup("<p>示例便签 %s 条</p>") % escape(count), order=50)]


@hookimpl
def juwei_meeting_kinds() -> Iterable[Any]:
    from core.kinds import Kind

    return [Kind("sample_meeting", "示例会议", "X1")]
