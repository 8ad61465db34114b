"""The UI in Chinese by default and in English after ``?lang=en``.

Message ids are the Chinese texts; English comes from
core/translations/en/LC_MESSAGES/messages.po. The last tests extract every
marked text from core/ (as pybabel would) so a new text without English fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask
from sqlalchemy import select

import core
from core.extensions import db
from core.models import OrgUnit, User
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, login

CORE = Path(core.__file__).parent
EN_PO = CORE / "translations" / "en" / "LC_MESSAGES" / "messages.po"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalogue() -> Catalog:
    with EN_PO.open("rb") as po_file:
        return read_po(po_file)


def _menu(html: str) -> str:
    """The brand and menu of the admin navbar, without the user's name and language links."""
    start = html.index('class="navbar-brand"')
    return html[start : html.index("navbar-right", start)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# (a) the admin UI


def test_admin_is_chinese_by_default(client: Any) -> None:
    login(client, "district")
    html = client.get("/admin/orgunit/").get_data(as_text=True)
    menu = _text(_menu(html))
    for label in ["居委会管理系统", "组织机构", "政策参数", "参数一览", "系统管理", "审计日志"]:
        assert label in menu
    assert "区划代码" in html and "上级单位" in html
    assert "Division code" not in html


def test_admin_switches_to_english_and_back(client: Any) -> None:
    login(client, "district")
    html = client.get("/admin/orgunit/?lang=en").get_data(as_text=True)
    menu = _text(_menu(html))
    for label in [
        "Residents' Committee Management System",
        "Home",
        "Org units",
        "Policy parameters",
        "Parameter overview",
        "Parameter values",
        "Administration",
        "Users",
        "Audit log",
        "Local plugins",
    ]:
        assert label in menu, label
    assert not CJK.search(menu), f"Chinese left in the English menu: {menu}"
    assert ">Log out<" in html

    thead = _text(html[html.index("<thead") : html.index("</thead>")])
    for header in ["Division code", "Name", "Type", "Parent unit"]:
        assert header in thead, header
    assert not CJK.search(thead), thead
    assert "Committee" in _text(html)  # the kinds' labels in the rows
    assert "区划代码" not in html

    # The choice is kept in the session, other pages follow it ...
    users = client.get("/admin/user/").get_data(as_text=True)
    assert "Jurisdiction" in users and "Street officer" in users and "管辖范围" not in users
    home = _text(client.get("/admin/").get_data(as_text=True))
    assert "Welcome to the Residents' Committee Management System" in home
    assert "Role: District administrator" in home
    overview = client.get("/admin/policyoverview/").get_data(as_text=True)
    assert "Policy parameters overview" in overview and "The values in force on" in overview

    # ... until Chinese is chosen again.
    chinese = client.get("/admin/orgunit/?lang=zh_CN").get_data(as_text=True)
    assert "组织机构" in _menu(chinese) and "区划代码" in chinese
    assert "Division code" not in chinese


def test_one_users_language_is_not_anothers(app: Flask) -> None:
    english, chinese = app.test_client(), app.test_client()
    login(english, "district")
    login(chinese, "district")
    assert "Division code" in english.get("/admin/orgunit/?lang=en").get_data(as_text=True)
    assert "区划代码" in chinese.get("/admin/orgunit/").get_data(as_text=True)


def test_messages_of_the_views_are_english(app: Flask, client: Any) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == COMMITTEE_A1))
    login(client, "district")
    response = client.post(
        "/admin/user/new/?lang=en",
        data={
            "username": "no-password",
            "display_name": "x",
            "role": "committee_staff",
            "org_unit": str(unit_id),
            "active": "y",
            "new_password": "",
        },
    )
    html = response.get_data(as_text=True)
    assert "Not saved: A new account needs a password" in html
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(User).where(User.username == "no-password")) is None


# (b) the login page


def test_login_page_in_english(client: Any) -> None:
    chinese = _text(client.get("/login").get_data(as_text=True))
    assert "用户名" in chinese and "密码" in chinese and "登录" in chinese

    english = _text(client.get("/login?lang=en").get_data(as_text=True))
    for text in ["Log in", "Username", "Password", "Residents' Committee Management System"]:
        assert text in english, text
    # Only the link to Chinese, named in Chinese, is left.
    assert CJK.findall(english.replace("中文", "")) == [], english

    failed = client.post("/login", data={"username": "district", "password": "wrong"})
    assert failed.status_code == 401
    assert "Wrong username or password." in failed.get_data(as_text=True)


# (c) the catalogue


def test_every_message_has_english() -> None:
    catalogue = _catalogue()
    assert catalogue.locale is not None and str(catalogue.locale) == "en"
    messages = [message for message in catalogue if message.id]
    assert messages
    for message in messages:
        assert isinstance(message.id, str) and isinstance(message.string, str), message.id
        assert message.string.strip(), f"no English for {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        assert not CJK.search(message.string), f"Chinese in the English of {message.id!r}"
        assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
            PLACEHOLDER.findall(message.string)
        ), f"placeholders differ: {message.id!r}"


# (d) every marked text has English


def _marked_texts() -> dict[str, str]:
    """Chinese msgid -> where it is, for every text marked in core/ (python and templates)."""
    method_map = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(CORE), method_map=method_map, keywords=keywords
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text and CJK.search(text):
                found.setdefault(text, f"core/{filename}:{lineno}")
    return found


def test_every_marked_text_has_english() -> None:
    marked = _marked_texts()
    # The extraction sees the admin views, the login form and the templates.
    for text in ["区划代码", "保存失败：%(reason)s", "用户名或密码错误。", "政策参数一览", "登录"]:
        assert text in marked, text
    known = {message.id for message in _catalogue() if message.id}
    missing = {text: where for text, where in marked.items() if text not in known}
    assert not missing, f"marked texts without English in {EN_PO}: {missing}"


def test_labels_kept_in_chinese_elsewhere_have_english() -> None:
    # Kinds and roles are named in Chinese in core.rules / core.models (domain
    # messages); the admin repeats those texts, marked, and shows them translated.
    from core.admin.org import KIND_NAMES
    from core.admin.users import ROLE_NAMES
    from core.models.users import ROLE_LABELS
    from core.rules.divisions import KIND_LABELS

    # Outside a request a lazy text is its message id.
    assert {kind: str(name) for kind, name in KIND_NAMES.items()} == KIND_LABELS
    assert {role: str(name) for role, name in ROLE_NAMES.items()} == ROLE_LABELS
    known = {message.id for message in _catalogue() if message.id}
    assert set(KIND_LABELS.values()) <= known
    assert set(ROLE_LABELS.values()) <= known


def test_core_menu_names_have_english(app: Flask) -> None:
    # Names and categories given as plain text (core/builtin.py) are translated too.
    known = {message.id for message in _catalogue() if message.id}
    views = app.extensions["juwei"].admin._views
    core_views = [view for view in views if type(view).__module__.startswith("core.")]
    assert len(core_views) >= 6
    for view in core_views:
        for text in (view.name, view.category):
            if text is not None and CJK.search(str(text)):
                assert str(text) in known, f"{type(view).__name__}: {text!r} has no English"


def test_core_kinds_have_english() -> None:
    # Meeting (C9), agenda-item (C8) and position (C2) kinds are shown through
    # gettext; their Chinese labels are message ids of the catalogue.
    from core.kinds import AGENDA_ITEM_KINDS, MEETING_KINDS, POSITION_KINDS

    known = {message.id for message in _catalogue() if message.id}
    for kind in (*MEETING_KINDS, *AGENDA_ITEM_KINDS, *POSITION_KINDS):
        assert kind.label in known, f"{kind.code}: {kind.label!r} has no English"
