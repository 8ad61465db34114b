"""The residents' ballot page and API (no account, CSRF on) and the ballot desk (D1, D3)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import segno
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry, Opinion
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.codes import issue_codes
from plugins.huangpu_evaluation.kinds import ANNUAL
from plugins.huangpu_evaluation.models import Ballot, BallotMark, PaperBatch, Participant
from plugins.huangpu_evaluation.rounds import transition
from tests.conftest import dispose, make_app
from tests.factories import login
from tests.huangpu_evaluation.conftest import A1, A2
from tests.huangpu_evaluation.factories import make_round, round_committee

TODAY = dt.date(2026, 1, 15)


def _open_round_with_codes(app: Flask, count: int = 4) -> tuple[int, list[int], list[str]]:
    """An open annual round over A1 and A2; ``(A1's rc id, its subject ids, codes of A1)``."""
    with app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1, A2])
        transition(db.session, round_, "open", TODAY)
        rc = round_committee(round_, A1)
        codes = issue_codes(db.session, rc, count)
        db.session.commit()
        return rc.id, [s.id for s in rc.subjects], codes


def _ballots() -> int:
    return int(db.session.scalar(select(func.count(Ballot.id))) or 0)


def test_d1_vote_page_with_csrf_casts_once_and_refuses_wrong_codes(
    hp_app: Flask, db_url: str, tmp_path: Path
) -> None:
    rc_id, subjects, codes = _open_round_with_codes(hp_app)
    app = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True, HUANGPU_VOTE_MAX_FAILURES=3)
    try:
        client = app.test_client()
        entry = client.get("/vote")
        html = entry.get_data(as_text=True)
        assert entry.status_code == 200 and 'name="viewport"' in html and "评议码" in html
        assert "cdn" not in html.lower() and "http" not in html.split("<body>")[1]

        page = client.get(f"/vote?code={codes[0].lower()}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        # The committee's work on the four H1 categories, each staff member on the five H2.
        assert html.count('class="card subject"') == 1 + len(subjects)
        assert all(item in html for item in ("组织建设", "协助行政事务", "廉洁自律"))
        assert html.count('value="1"') == 4 + 5 * len(subjects)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token is not None

        form = {"code": codes[0], "m_c_1": "1", "m_c_2": "2", "m_c_3": "0", "comment": "加装电梯"}
        form[f"m_{subjects[0]}_5"] = "4"
        # Without the CSRF token nothing is saved.
        refused = client.post("/vote", data=form)
        assert refused.status_code == 400
        done = client.post("/vote", data={**form, "csrf_token": token.group(1)})
        assert done.status_code == 302 and done.headers["Location"].endswith("/vote/thanks")
        assert "投票成功" in client.get("/vote/thanks").get_data(as_text=True)

        again = client.post("/vote", data={**form, "csrf_token": token.group(1)})
        assert again.status_code == 422
        assert "该评议码已使用，每个评议码只能投一次票 (D1)" in again.get_data(as_text=True)
        used = client.get(f"/vote?code={codes[0]}")
        assert used.status_code == 422 and "已使用" in used.get_data(as_text=True)

        # A tampered answer is refused in Chinese, never a 500.
        bad = client.post(
            "/vote", data={"code": codes[1], "m_c_1": "7", "csrf_token": token.group(1)}
        )
        assert bad.status_code == 422 and "只能选" in bad.get_data(as_text=True)

        with app.app_context(), acting_as(SYSTEM):
            ballot = db.session.scalars(select(Ballot)).one()
            marks = {m.subject_id: m.answers for m in ballot.marks}
            assert marks[None] == (1, 2, None, None, None)
            assert marks[subjects[0]] == (None, None, None, None, 4)
            assert ballot.comment == "加装电梯" and ballot.round_committee_id == rc_id
            # The ballot is audited by the anonymous voter, without key or values.
            entries = db.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.table_name.in_([Ballot.__tablename__, BallotMark.__tablename__])
                )
            ).all()
            assert entries and {e.actor for e in entries} == {"评议码投票"}
            assert all(e.user_id is None and e.record_key == "" and not e.changes for e in entries)

        # Wrong codes: refused in Chinese; after three the address is throttled (429).
        for _ in range(3):
            wrong = client.get("/vote?code=ABCD-EFGH")
            assert wrong.status_code == 422 and "评议码不正确" in wrong.get_data(as_text=True)
        throttled = client.get(f"/vote?code={codes[2]}")
        assert throttled.status_code == 429 and "次数过多" in throttled.get_data(as_text=True)
    finally:
        dispose(app)


def test_d1_ballot_api_needs_no_token_and_refuses_a_second_use(
    hp_app: Flask, db_url: str, tmp_path: Path
) -> None:
    rc_id, subjects, codes = _open_round_with_codes(hp_app)
    client = hp_app.test_client()
    form = client.get(f"/api/v1/huangpu/ballot-form?code={codes[0]}")
    assert form.status_code == 200, form.get_json()
    body = form.get_json()
    assert [s["subject_id"] for s in body["subjects"]] == [None, *subjects]
    assert body["subjects"][0]["items"] == ["组织建设", "居民自治", "协助行政事务", "制度建设"]
    assert body["subjects"][1]["answers"] == ["优秀", "合格", "基本合格", "不合格"]
    assert codes[0] not in form.get_data(as_text=True)

    payload = {
        "code": codes[0],
        "marks": [{"subject_id": None, "answers": [1, 1, None, 2]}],
        "comment": "",
    }
    created = client.post("/api/v1/huangpu/ballots", json=payload)
    assert created.status_code == 201, created.get_json()
    assert codes[0] not in created.get_data(as_text=True)
    again = client.post("/api/v1/huangpu/ballots", json=payload)
    assert again.status_code == 422
    assert again.get_json()["error"] == "该评议码已使用，每个评议码只能投一次票 (D1)"
    for bad, message in (
        ({"code": codes[1], "marks": [{"subject_id": 999999, "answers": [1]}]}, "不属于本次评议"),
        ({"code": codes[1], "marks": [{"subject_id": None, "answers": ["x"]}]}, "answers"),
        ({"code": "ZZZZ-ZZZZ", "marks": []}, "评议码不正确"),
        ([1, 2], "JSON 对象"),
    ):
        refused = client.post("/api/v1/huangpu/ballots", json=bad)
        assert refused.status_code == 422 and message in refused.get_json()["error"]
    with hp_app.app_context(), acting_as(SYSTEM):
        assert _ballots() == 1

    # Staff enter paper ballots through the token API (D3); the D1 ceiling applies.
    result = hp_app.test_cli_runner().invoke(args=["users", "token", "committee_a1"])
    headers = {"Authorization": f"Bearer {result.output.strip()}"}
    paper = {"note": "第一批", "ballots": [{"marks": [], "comment": ""}] * 2}
    url = f"/api/v1/huangpu/round-committees/{rc_id}/paper-ballots"
    assert client.post(url, json=paper).status_code == 401
    refused = client.post(url, json=paper, headers=headers)
    assert refused.status_code == 422 and "超过已参与评议的 0 人" in refused.get_json()["error"]
    with hp_app.app_context(), acting_as(SYSTEM):
        for participant in db.session.scalars(
            select(Participant).where(Participant.round_committee_id == rc_id)
        ):
            participant.took_part = True
        db.session.commit()
    entered = client.post(url, json=paper, headers=headers)
    assert entered.status_code == 201 and entered.get_json()["count"] == 2


def test_d1_d3_ballot_desk_signs_in_issues_slips_enters_paper_and_forwards_comments(
    hp_app: Flask,
) -> None:
    rc_id, subjects, _codes = _open_round_with_codes(hp_app, count=0)
    client = hp_app.test_client()
    login(client, "committee_a1")
    listing = client.get("/admin/huangpu/desk/").get_data(as_text=True)
    # Committee staff see their own committee only.
    assert f'data-rc="{rc_id}"' in listing and listing.count('class="hp-desk-rc"') == 1
    desk = client.get(f"/admin/huangpu/desk/?rc={rc_id}")
    assert desk.status_code == 200
    assert "参与 0/15 = 0.0%，尚未达到 4/5，评议仍在进行 (D1)" in desk.get_data(as_text=True)

    with hp_app.app_context(), acting_as(SYSTEM):
        ids = list(
            db.session.scalars(
                select(Participant.id)
                .where(Participant.round_committee_id == rc_id)
                .order_by(Participant.id)
            )
        )
    signed = client.post("/admin/huangpu/desk/took-part", data={"rc": rc_id, "took_part": ids[:12]})
    assert signed.status_code == 302
    page = client.get(f"/admin/huangpu/desk/?rc={rc_id}").get_data(as_text=True)
    assert "参与 12/15 = 80.0%，达到 4/5，评议有效 (D1)" in page
    assert page.count('<input type="hidden" name="csrf_token"') >= 5 and "&lt;input" not in page

    added = client.post(
        "/admin/huangpu/desk/participant",
        data={"rc": rc_id, "name": "志愿者甲", "category": "volunteer"},
    )
    assert added.status_code == 302

    slips = client.post("/admin/huangpu/desk/codes", data={"rc": rc_id, "count": "3"})
    html = slips.get_data(as_text=True)
    assert slips.status_code == 200 and html.count('class="slip"') == 3
    assert html.count("<svg") == 3 and "只显示这一次" in html and "@page { size: A4" in html
    codes = re.findall(r'<div class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</div>', html)
    assert len(codes) == 3
    # The QR code is the absolute URL of the vote page with the code.
    qr = segno.make(f"http://localhost/vote?code={codes[0]}", error="m")
    assert qr.svg_inline(border=2, omitsize=True) in html
    # The desk never shows a code again.
    page = client.get(f"/admin/huangpu/desk/?rc={rc_id}").get_data(as_text=True)
    assert not any(code in page for code in codes) and "可用 3" in page

    grid = {"rc": rc_id, "note": "会后回收", "p1_m_c_1": "1", "p1_comment": "楼道灯坏了"}
    grid[f"p1_m_{subjects[0]}_2"] = "3"
    grid["p2_blank"] = "1"
    entered = client.post("/admin/huangpu/desk/paper", data=grid, follow_redirects=True)
    assert "已录入纸质选票 2 张" in entered.get_data(as_text=True)
    too_many = {"rc": rc_id, **{f"p{i}_blank": "1" for i in range(1, 12)}}
    refused = client.post("/admin/huangpu/desk/paper", data=too_many, follow_redirects=True)
    assert "超过已参与评议的 12 人，整批未录入" in refused.get_data(as_text=True)

    with hp_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(PaperBatch.id))) == 1
        ballot = db.session.scalars(select(Ballot).where(Ballot.comment != "")).one()
    forwarded = client.post(
        "/admin/huangpu/desk/opinion",
        data={"rc": rc_id, "ballot": ballot.id},
        follow_redirects=True,
    )
    assert "已转为群众意见" in forwarded.get_data(as_text=True)
    with hp_app.app_context(), acting_as(SYSTEM):
        opinion = db.session.scalars(select(Opinion).where(Opinion.channel == "card")).one()
        assert opinion.content == "楼道灯坏了" and opinion.reply_due_on is not None

    # Another street's officer does not see the desk; an auditor may look but not change.
    other = hp_app.test_client()
    login(other, "street_b")
    assert other.get(f"/admin/huangpu/desk/?rc={rc_id}").status_code == 404
    auditor = hp_app.test_client()
    login(auditor, "auditor")
    assert auditor.get(f"/admin/huangpu/desk/?rc={rc_id}").status_code == 200
    assert auditor.post("/admin/huangpu/desk/void", data={"rc": rc_id}).status_code == 403
