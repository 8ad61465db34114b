"""Demo data: an org tree, one account per role, and every plugin's demo records.

Used by ``juwei serve --demo`` and ``juwei demo``. Idempotent: a second run
finds the data and only prints the accounts again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.migrate import upgrade_all
from core.models import OrgUnit, Role, User
from core.plugins import install, new_manager
from core.scoping import SYSTEM, acting_as

DISTRICT = ("310101000000", "黄浦区")
#: (code, name, [(committee code, committee name), ...])
STREETS = [
    (
        "310101002000",
        "外滩街道",
        [
            ("310101002001", "福州路居委会"),
            ("310101002002", "金陵东路居委会"),
            ("310101002003", "北京东路居委会"),
        ],
    ),
    (
        "310101013000",
        "南京东路街道",
        [("310101013001", "贵州路居委会"), ("310101013002", "宁波路居委会")],
    ),
]

#: username, password, role, scope code (None: whole deployment)
ACCOUNTS = [
    ("admin", "admin-demo-2026", Role.SYSTEM_ADMIN, None),
    ("district", "district-demo-2026", Role.DISTRICT_ADMIN, "310101000000"),
    ("street_a", "street-a-demo-2026", Role.STREET_OFFICER, "310101002000"),
    ("street_b", "street-b-demo-2026", Role.STREET_OFFICER, "310101013000"),
    ("committee", "committee-demo-2026", Role.COMMITTEE_STAFF, "310101002001"),
    ("auditor", "auditor-demo-2026", Role.AUDITOR, "310101000000"),
]
DISPLAY_NAMES = {
    "admin": "系统管理员",
    "district": "区民政局 王科长",
    "street_a": "外滩街道 李干事",
    "street_b": "南京东路街道 张干事",
    "committee": "福州路居委会 陈主任",
    "auditor": "区审计 赵审计",
}


def _tree() -> None:
    session = db.session
    district = OrgUnit(code=DISTRICT[0], name=DISTRICT[1], kind="district")
    session.add(district)
    for code, name, committees in STREETS:
        street = OrgUnit(code=code, name=name, kind="street", parent=district)
        session.add(street)
        for c_code, c_name in committees:
            session.add(OrgUnit(code=c_code, name=c_name, kind="committee", parent=street))
    session.flush()


def _accounts() -> None:
    session = db.session
    for username, password, role, scope in ACCOUNTS:
        unit = session.scalar(select(OrgUnit).where(OrgUnit.code == scope)) if scope else None
        user = User(
            username=username,
            role=role.value,
            org_unit=unit,
            display_name=DISPLAY_NAMES[username],
        )
        user.set_password(password)
        session.add(user)


def prepare_demo(app: Flask, echo: Callable[[str], Any] = print) -> list[tuple[str, str, str, str]]:
    """Migrate, install every discovered plugin, load demo data once; returns the accounts."""
    state = app.extensions["juwei"]
    with acting_as(SYSTEM):
        upgrade_all(app, names=["core"])
        for name in state.discovered:
            echo(install(state.discovered, name))
        session = db.session
        if session.scalar(select(OrgUnit.id).limit(1)) is None:
            _tree()
            _accounts()
            manager = new_manager()
            for name in state.discovered:
                manager.register(state.discovered[name].load(), name=name)
            manager.hook.juwei_models()
            manager.hook.juwei_demo_data(session=session, district_code=DISTRICT[0])
            session.commit()
            echo("demo data loaded")
        else:
            echo("demo data already present")
    return [
        (username, password, role.value, scope or "全部辖区")
        for username, password, role, scope in ACCOUNTS
    ]
