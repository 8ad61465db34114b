"""Plugins: discovery, install into the database, uninstall, and what each adds."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from sqlalchemy import inspect

from core.extensions import db
from core.models import PolicyValue
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.factories import login, unit_by_code

LOCALITIES = {"huangpu_evaluation", "changshou_autonomy", "jiayuguan_groups", "beijing_workstation"}


def _tables(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def _rules(app: Flask) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


def test_plugins_list_json_shows_every_discovered_plugin(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["name"] for row in rows} >= LOCALITIES | {"sample_plugin"}
    for row in rows:
        assert set(row) == {"name", "version", "description", "installed"}
        assert row["installed"] is False
    huangpu = next(r for r in rows if r["name"] == "huangpu_evaluation")
    assert huangpu["description"].startswith("黄浦区")


def test_install_unknown_plugin_fails_clearly(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["plugins", "install", "no_such_plugin"])
    assert result.exit_code != 0
    assert "unknown plugin(s): no_such_plugin" in result.output
    assert "Nothing was installed" in result.output


def test_sample_plugin_appears_after_install_and_vanishes_after_uninstall(
    app: Flask, db_url: str, tmp_path: Path
) -> None:
    # Discovered, not installed: no table, no route, no view, no command.
    assert "sample_plugin_note" not in _tables(app)
    assert not any("sample" in r for r in _rules(app))
    assert "sample-count" not in app.cli.commands

    result = app.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"])
    assert result.exit_code == 0, result.output
    assert "installed sample_plugin 0.0.1: 1 tables, 1 policy defaults stored" in result.output

    installed = make_app(db_url, tmp_path)
    try:
        assert "sample_plugin_note" in _tables(installed)
        rules = _rules(installed)
        assert "/admin/samplenote/" in rules
        assert "/api/v1/sample-ping" in rules
        assert "sample-count" in installed.cli.commands
        client = installed.test_client()
        login(client, "street_a")
        page = client.get("/admin/samplenote/").get_data(as_text=True)
        assert "便签" in page and "测试插件" in page
        out = installed.test_cli_runner().invoke(args=["sample-count"])
        assert out.output.strip() == "0"
        with installed.app_context():
            assert (
                db.session.query(PolicyValue).filter_by(key="sample_plugin.allowance").count() == 1
            )
    finally:
        dispose(installed)

    result = installed.test_cli_runner().invoke(args=["plugins", "uninstall", "sample_plugin"])
    assert result.exit_code == 0, result.output
    gone = make_app(db_url, tmp_path)
    try:
        assert "sample_plugin_note" not in _tables(gone)
        assert not any("sample" in r for r in _rules(gone))
        assert "sample-count" not in gone.cli.commands
        with gone.app_context():
            assert (
                db.session.query(PolicyValue).filter_by(key="sample_plugin.allowance").count() == 0
            )
    finally:
        dispose(gone)


def test_uninstall_plugin_holding_data_is_refused(app: Flask, db_url: str, tmp_path: Path) -> None:
    assert app.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"]).exit_code == 0
    installed = make_app(db_url, tmp_path)
    try:
        from tests.sample_plugin.models import SampleNote

        with installed.app_context(), acting_as(SYSTEM):
            db.session.add(SampleNote(text="留存", org_unit=unit_by_code("310101002001")))
            db.session.commit()
        runner = installed.test_cli_runner()
        refused = runner.invoke(args=["plugins", "uninstall", "sample_plugin"])
        assert refused.exit_code == 1
        assert "still holds data" in refused.output
        assert "would drop sample_plugin_note: 1 rows" in refused.output
        assert "sample_plugin_note" in _tables(installed)
        dropped = runner.invoke(args=["plugins", "uninstall", "sample_plugin", "--drop-data"])
        assert dropped.exit_code == 0, dropped.output
        assert "sample_plugin_note" not in _tables(installed)
    finally:
        dispose(installed)


def test_db_upgrade_on_database_holding_data_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "core: at 0002_core_domain" in first.output
    with app.app_context(), acting_as(SYSTEM):
        assert unit_by_code("310101002001").name == "福州路居委会"


def test_db_upgrade_on_empty_database_then_install(db_url: str, tmp_path: Path) -> None:
    fresh = make_app(db_url, tmp_path)
    try:
        result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert {"org_unit", "user_account", "audit_entry", "policy_value"} <= _tables(fresh)
        result = fresh.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"])
        assert result.exit_code == 0, result.output
    finally:
        dispose(fresh)
    again = make_app(db_url, tmp_path)
    try:
        result = again.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert "sample_plugin: at 0001_sample" in result.output
    finally:
        dispose(again)
