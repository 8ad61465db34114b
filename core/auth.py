"""Logging in and out of the admin UI, with throttling kept in the database.

A failed login says only that the name or password is wrong, never which;
after ``JUWEI_LOGIN_MAX_FAILURES`` failures for one username (or five times
that from one address) within ``JUWEI_LOGIN_WINDOW_MINUTES``, further
attempts are refused without checking the password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from core.extensions import db, login_manager
from core.models.base import utcnow
from core.models.users import LoginAttempt, User

auth_blueprint = Blueprint("auth", __name__, template_folder="templates")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("请先登录。")
# Flash the text itself, translated, not the lazy object (it would be stored as Markup).
login_manager.localize_callback = str
login_manager.login_message_category = "warning"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


class LoginForm(FlaskForm):  # type: ignore[misc]
    """Username and password, with CSRF."""

    username = StringField(
        _l("用户名"), validators=[DataRequired(_l("请输入用户名")), Length(max=64)]
    )
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码"))])


def _recent_failures(column: Any, value: str) -> int:
    window = dt.timedelta(minutes=current_app.config["JUWEI_LOGIN_WINDOW_MINUTES"])
    since = utcnow() - window
    stmt = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(column == value, LoginAttempt.at >= since, LoginAttempt.success.is_(False))
    )
    return int(db.session.scalar(stmt) or 0)


def is_throttled(username: str, remote_addr: str) -> bool:
    """Whether attempts for this username or from this address are over the limit."""
    limit = int(current_app.config["JUWEI_LOGIN_MAX_FAILURES"])
    return (
        _recent_failures(LoginAttempt.username, username) >= limit
        or _recent_failures(LoginAttempt.remote_addr, remote_addr) >= limit * 5
    )


def _safe_next(target: str | None) -> str:
    # Only same-site relative paths, so the login page cannot redirect elsewhere.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("admin.index")


@auth_blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login page (Chinese, or English after ``?lang=en``)."""
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        remote = request.remote_addr or ""
        if is_throttled(username, remote):
            minutes = current_app.config["JUWEI_LOGIN_WINDOW_MINUTES"]
            flash(
                gettext("登录失败次数过多，请 %(minutes)s 分钟后再试。", minutes=minutes), "danger"
            )
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(select(User).where(User.username == username))
        ok = user is not None and user.active and user.check_password(form.password.data)
        db.session.add(LoginAttempt(username=username, remote_addr=remote, success=ok))
        db.session.commit()
        if ok and user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(gettext("用户名或密码错误。"), "danger")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@auth_blueprint.route("/logout", methods=["POST"])
def logout() -> Any:
    """Log out (POST, with CSRF, so a link elsewhere cannot log anyone out)."""
    logout_user()
    flash(gettext("已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@auth_blueprint.route("/")
def root() -> Any:
    """The site root leads to the admin UI."""
    return redirect(url_for("admin.index"))
