"""Installing jiayuguan_groups: nothing of it shows before, everything after (J1–J10)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import inspect

from core.extensions import db
from tests.conftest import dispose, make_app

TABLES = {
    "jiayuguan_groups_employment",
    "jiayuguan_groups_evaluation",
    "jiayuguan_groups_group_change",
    "jiayuguan_groups_leader_choice",
    "jiayuguan_groups_payroll_line",
    "jiayuguan_groups_payroll_month",
    "jiayuguan_groups_training",
    "jiayuguan_groups_visit",
}


def test_nothing_shows_before_install_and_everything_after(
    app: Flask, db_url: str, tmp_path: Path
) -> None:
    with app.app_context():
        assert not TABLES & set(inspect(db.engine).get_table_names())
    assert "jiayuguan" not in app.cli.commands
    assert not any(r.rule.startswith("/admin/jiayuguan") for r in app.url_map.iter_rules())
    assert not any(k.startswith("jiayuguan_groups.") for k in app.extensions["juwei"].parameters)

    result = app.test_cli_runner().invoke(args=["plugins", "install", "jiayuguan_groups"])
    assert result.exit_code == 0, result.output
    installed = make_app(db_url, tmp_path)
    try:
        with installed.app_context():
            assert set(inspect(db.engine).get_table_names()) >= TABLES
        assert "jiayuguan" in installed.cli.commands
        keys = installed.extensions["juwei"].parameters
        assert "jiayuguan_groups.rate.group_leader" in keys
    finally:
        dispose(installed)
