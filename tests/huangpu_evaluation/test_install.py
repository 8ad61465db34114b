"""Installing huangpu_evaluation: nothing of it exists before, everything after."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import inspect

from core.extensions import db
from core.migrate import upgrade_all
from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app

TABLES = {
    "huangpu_evaluation_round",
    "huangpu_evaluation_round_committee",
    "huangpu_evaluation_subject",
    "huangpu_evaluation_participant",
    "huangpu_evaluation_ballot_code",
    "huangpu_evaluation_paper_batch",
    "huangpu_evaluation_ballot",
    "huangpu_evaluation_ballot_mark",
    "huangpu_evaluation_street_evaluation",
}


def test_install_creates_tables_parameters_and_menus(db_url: str, tmp_path: Path) -> None:
    app = make_app(db_url, tmp_path)
    with app.app_context(), acting_as(SYSTEM):
        upgrade_all(app)
        assert not TABLES & set(inspect(db.engine).get_table_names())
        parameters = app.extensions["juwei"].parameters
        assert not any(k.startswith("huangpu_evaluation.") for k in parameters)
        install(app.extensions["juwei"].discovered, "huangpu_evaluation")
        assert set(inspect(db.engine).get_table_names()) >= TABLES
    dispose(app)
    after = make_app(db_url, tmp_path)
    state = after.extensions["juwei"]
    assert "huangpu_evaluation" in state.installed
    assert "huangpu_evaluation.weight.mass" in state.parameters
    assert "huangpu_evaluation.turnout.threshold" in state.parameters
    dispose(after)


def test_h2_dispatched_worker_is_a_position_kind(hp_app: Flask) -> None:
    with hp_app.app_context():
        from core.kinds import kind_of

        kind = kind_of("position", "huangpu.dispatched_worker")
        assert kind is not None and kind.label == "街道派驻社区工作者"
