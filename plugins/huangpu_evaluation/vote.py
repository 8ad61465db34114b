"""The residents' ballot page: enter a code, fill in the ballot, no account (D1, D3).

``GET /vote`` asks for the code (``?code=`` from the slip's QR code goes
straight to the ballot); ``POST /vote`` casts it (CSRF token like every form
of the app) and ``/vote/thanks`` thanks. Chinese, mobile first, no asset
from outside the page.

Who acts: core gives an anonymous request no actor, which narrows nothing.
Every view here runs as ``codes.voter_actor``: before a code is known, an
actor that sees nothing; once the code is found (the one unscoped look-up,
``codes.code_scope``), an actor narrowed to the code's committee, named
评议码投票 in the audit trail, never the logged-in user of the browser.

Guessing: each unknown code is logged as a failed ``LoginAttempt`` under
``vote:<address>`` (kept in the database, like the login throttle, so the
limit holds across workers); after ``HUANGPU_VOTE_MAX_FAILURES`` (default
20) in ``JUWEI_LOGIN_WINDOW_MINUTES`` the address is refused for the window.
The limit is generous because a residents' meeting often shares one address.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from core.extensions import db
from core.models.base import utcnow
from core.models.users import LoginAttempt
from core.scoping import ScopeViolation, acting_as
from plugins.huangpu_evaluation.ballots import ballot_subjects, cast_ballot
from plugins.huangpu_evaluation.codes import (
    BallotError,
    CodeScope,
    code_scope,
    normalise,
    usable_code,
    voter_actor,
)
from plugins.huangpu_evaluation.kinds import MAX_ITEMS

THROTTLE_USER = "huangpu_evaluation.vote"
DEFAULT_MAX_FAILURES = 20
WRONG_CODE = "评议码不正确，请核对评议票上的评议码"
_FIELD = re.compile(r"^m_(c|\d+)_(\d+)$")


# --- guessing (throttle) ----------------------------------------------------------


def _address() -> str:
    return ("vote:" + (request.remote_addr or ""))[:64]


def throttled() -> str | None:
    """The refusal message when this address guessed too many wrong codes, else None."""
    limit = int(current_app.config.get("HUANGPU_VOTE_MAX_FAILURES", DEFAULT_MAX_FAILURES))
    minutes = int(current_app.config["JUWEI_LOGIN_WINDOW_MINUTES"])
    since = utcnow() - dt.timedelta(minutes=minutes)
    failures = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.remote_addr == _address(),
            LoginAttempt.at >= since,
            LoginAttempt.success.is_(False),
        )
    )
    if int(failures or 0) >= limit:
        return f"输入错误的评议码次数过多，请 {minutes} 分钟后再试"
    return None


def record_failure() -> None:
    """Log one wrong code from this address (committed at once, outside any ballot)."""
    db.session.rollback()
    with acting_as(None):  # not the browser's user: an auditor's session must not block it
        db.session.add(LoginAttempt(username=THROTTLE_USER, remote_addr=_address(), success=False))
        db.session.commit()


def find_code(code: str) -> tuple[CodeScope | None, str | None, int]:
    """``(scope, error, status)`` of a code typed in: throttle first, then the look-up."""
    message = throttled()
    if message:
        return None, message, 429
    if not normalise(code):
        return None, "请输入评议码", 422
    with acting_as(voter_actor(None)):
        scope = code_scope(db.session, code)
    if scope is None:
        record_failure()
        return None, WRONG_CODE, 422
    return scope, None, 200


# --- reading the form -------------------------------------------------------------


def parse_marks(form: Mapping[str, str]) -> dict[int | None, list[int | None]]:
    """``{subject id: answers}`` from fields ``m_<c|subject id>_<item>`` (0 or absent: blank)."""
    marks: dict[int | None, list[int | None]] = {}
    for name, value in form.items():
        match = _FIELD.match(name)
        if match is None:
            continue
        key = None if match.group(1) == "c" else int(match.group(1))
        item = int(match.group(2))
        if not 1 <= item <= MAX_ITEMS:
            raise BallotError("选票格式不对，请刷新页面后重新填写")
        answers = marks.setdefault(key, [])
        answers.extend([None] * (item - len(answers)))
        text = (value or "").strip()
        if text and not text.isdigit():
            raise BallotError("选票格式不对，请刷新页面后重新填写")
        answers[item - 1] = int(text) if text and text != "0" else None
    return marks


# --- pages ------------------------------------------------------------------------


def _entry(code: str = "", error: str | None = None, status: int = 200) -> Any:
    return render_template("huangpu_evaluation/vote_code.html", code=code, error=error), status


def _ballot_page(code: str, error: str | None = None, chosen: Any = None) -> Any:
    """The ballot of a usable code, or the entry page saying why not (as the voter actor)."""
    try:
        row = usable_code(db.session, code)
    except BallotError as exc:
        db.session.rollback()
        return _entry(code, str(exc), 422)
    rc = row.round_committee
    html = render_template(
        "huangpu_evaluation/vote_ballot.html",
        code=code,
        rc=rc,
        round=rc.round,
        parts=ballot_subjects(rc),
        error=error,
        chosen=chosen or {},
    )
    return html, 422 if error else 200


def vote() -> Any:
    """GET: the code entry page, or the ballot when ``?code=`` is given (D1)."""
    code = request.args.get("code", "").strip()[:40]
    if not code:
        return _entry()
    scope, error, status = find_code(code)
    if error:
        return _entry(code, error, status)
    with acting_as(voter_actor(scope)):
        return _ballot_page(code)


def submit() -> Any:
    """POST: cast the ballot; thanks, or the page again with the reason in Chinese (D1)."""
    code = request.form.get("code", "").strip()[:40]
    scope, error, status = find_code(code)
    if error:
        return _entry(code, error, status)
    with acting_as(voter_actor(scope)):
        chosen = {k: v for k, v in request.form.items() if _FIELD.match(k)}
        try:
            marks = parse_marks(request.form)
            cast_ballot(db.session, code, marks, request.form.get("comment", ""))
            db.session.commit()
        except BallotError as exc:
            db.session.rollback()
            return _ballot_page(code, str(exc), chosen)
        except (SQLAlchemyError, ScopeViolation):
            db.session.rollback()
            current_app.logger.exception("ballot not saved")
            return _ballot_page(code, "提交失败，选票没有保存，请稍后再试", chosen)
    return redirect(url_for("huangpu_vote.thanks"))


def thanks() -> Any:
    """The thank-you page after a ballot was cast."""
    return render_template("huangpu_evaluation/vote_thanks.html")


def register_vote_pages(app: Flask) -> None:
    """Register the public ballot pages (no login, D1); the ballot API is in ``api_ballots``."""
    bp = Blueprint("huangpu_vote", __name__)
    bp.add_url_rule("/vote", "vote", vote, methods=["GET"])
    bp.add_url_rule("/vote", "submit", submit, methods=["POST"])
    bp.add_url_rule("/vote/thanks", "thanks", thanks, methods=["GET"])
    app.register_blueprint(bp)
