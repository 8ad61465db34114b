"""Test data: two streets of one district, their committees, one account per role."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from core.extensions import db
from core.models import OrgUnit, User

DISTRICT = "310101000000"
STREET_A = "310101002000"
STREET_B = "310101013000"
COMMITTEE_A1 = "310101002001"
COMMITTEE_B1 = "310101013001"
PASSWORD = "correct-horse-battery"

ACCOUNTS = {
    "admin": ("system_admin", None),
    "district": ("district_admin", DISTRICT),
    "street_a": ("street_officer", STREET_A),
    "street_b": ("street_officer", STREET_B),
    "committee_a1": ("committee_staff", COMMITTEE_A1),
    "auditor": ("auditor", DISTRICT),
}


def load_tree() -> None:
    """District 黄浦区 with streets A and B, two committees each, and the accounts."""
    session = db.session
    district = OrgUnit(code=DISTRICT, name="黄浦区", kind="district")
    street_a = OrgUnit(code=STREET_A, name="外滩街道", kind="street", parent=district)
    street_b = OrgUnit(code=STREET_B, name="南京东路街道", kind="street", parent=district)
    session.add_all([district, street_a, street_b])
    for code, name, street in [
        (COMMITTEE_A1, "福州路居委会", street_a),
        ("310101002002", "金陵东路居委会", street_a),
        (COMMITTEE_B1, "贵州路居委会", street_b),
        ("310101013002", "宁波路居委会", street_b),
    ]:
        session.add(OrgUnit(code=code, name=name, kind="committee", parent=street))
    session.flush()
    for username, (role, scope) in ACCOUNTS.items():
        unit = unit_by_code(scope) if scope else None
        user = User(username=username, role=role, org_unit=unit, display_name=username)
        user.set_password(PASSWORD)
        session.add(user)
    session.commit()


def unit_by_code(code: str) -> OrgUnit:
    """The org unit with ``code`` (unscoped: call as the system actor)."""
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    assert unit is not None, code
    return unit


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> None:
    """Log ``client`` in through the login form and check it worked."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form at ``path``."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, f"no csrf token on {path}"
    return match.group(1)
