"""Admin pages of rounds and street scores: create, transitions, H9, scoping, H4 entry."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.kinds import ANNUAL, MEMBER_D1, STREET
from plugins.huangpu_evaluation.models import Round, StreetEvaluation
from plugins.huangpu_evaluation.rounds import transition
from tests.factories import login, unit_by_code
from tests.huangpu_evaluation.conftest import A1, A2, B1
from tests.huangpu_evaluation.factories import (
    add_ballots,
    make_round,
    round_committee,
    take_part,
)

ROUNDS = "/admin/huangpu/rounds"
STREET_PAGE = "/admin/huangpu/street"


def _status(app: Flask, round_id: int) -> str:
    with app.app_context(), acting_as(SYSTEM):
        return db.session.get(Round, round_id).status  # type: ignore[union-attr]


def test_h4_h5_h9_street_officer_creates_opens_and_closes_a_round(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        ids = {code: unit_by_code(code).id for code in (A1, A2, B1)}
    login(hp_client, "street_a")
    page = hp_client.get(f"{ROUNDS}/new/").get_data(as_text=True)
    assert "新建测评轮次" in page and "福州路居委会" in page
    assert "贵州路居委会" not in page  # street B's committee is not offered

    # A half-yearly kind without a half is refused in Chinese, nothing created.
    response = hp_client.post(
        f"{ROUNDS}/new/",
        data={"kind": STREET, "year": "2025", "half": "", "committees": [str(ids[A1])]},
    )
    assert response.status_code == 200
    assert "创建失败" in response.get_data(as_text=True)
    # Another street's committee id is simply not among the choices.
    response = hp_client.post(
        f"{ROUNDS}/new/", data={"kind": ANNUAL, "year": "2025", "committees": [str(ids[B1])]}
    )
    assert "请至少选择一个居委会" in response.get_data(as_text=True)
    with hp_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Round.id))) == 0

    response = hp_client.post(
        f"{ROUNDS}/new/",
        data={
            "kind": ANNUAL,
            "year": "2025",
            "method": "questionnaire",
            "committees": [str(ids[A1]), str(ids[A2])],
        },
    )
    assert response.status_code == 302
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = db.session.scalars(select(Round)).one()
        round_id = round_.id
        assert (round_.kind, round_.year, round_.method, round_.org_unit.code) == (
            ANNUAL,
            2025,
            "questionnaire",
            "310101002000",
        )
        assert len(round_.committees) == 2

    listing = hp_client.get(f"{ROUNDS}/").get_data(as_text=True)
    assert "年度群众评议" in listing and "草稿" in listing
    page = hp_client.get(f"{ROUNDS}/view/?id={round_id}").get_data(as_text=True)
    # H2 staff, the participants, H9 supervision group by name, the D1 verdict.
    assert "001主任" in page and "居委会主任" in page
    assert "应参与 15 人" in page
    assert "居务监督小组参加群众评议 (H9)：001监督组长、001监督员1、001监督员2" in page
    assert "尚无参评" not in page and "开始测评" in page

    response = hp_client.post(f"{ROUNDS}/transition/", data={"id": round_id, "to": "open"})
    assert response.status_code == 302
    assert _status(hp_app, round_id) == "open"
    # A refused transition: open → published is not allowed; flash, status unchanged.
    response = hp_client.post(
        f"{ROUNDS}/transition/", data={"id": round_id, "to": "published"}, follow_redirects=True
    )
    assert "失败" in response.get_data(as_text=True) and "不能改为已公布" in response.get_data(
        as_text=True
    )
    assert _status(hp_app, round_id) == "open"
    hp_client.post(f"{ROUNDS}/transition/", data={"id": round_id, "to": "closed"})
    assert _status(hp_app, round_id) == "closed"
    # Reopening needs a reason.
    response = hp_client.post(
        f"{ROUNDS}/transition/", data={"id": round_id, "to": "open"}, follow_redirects=True
    )
    assert "重新开启失败：重新开启已结束的测评须说明理由" in response.get_data(as_text=True)
    assert _status(hp_app, round_id) == "closed"
    hp_client.post(
        f"{ROUNDS}/transition/", data={"id": round_id, "to": "open", "reason": "补录纸质选票"}
    )
    assert _status(hp_app, round_id) == "open"
    page = hp_client.get(f"{ROUNDS}/view/?id={round_id}").get_data(as_text=True)
    assert "重新开启：补录纸质选票" in page

    # H5: a term round evaluates the committee's work only, with the same body.
    response = hp_client.post(
        f"{ROUNDS}/new/", data={"kind": "term", "year": "2025", "committees": [str(ids[A1])]}
    )
    assert response.status_code == 302
    term = hp_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "届期评价（H5）" in term and "届期评价只评议居委会整体工作 (H5)" in term
    assert "居务监督小组参加群众评议 (H9)" in term

    # Street B's officer cannot see the round at all.
    other = hp_app.test_client()
    login(other, "street_b")
    assert other.get(f"{ROUNDS}/view/?id={round_id}").status_code == 404
    assert (
        other.post(f"{ROUNDS}/transition/", data={"id": round_id, "to": "closed"}).status_code
        == 404
    )
    assert _status(hp_app, round_id) == "open"


def test_h9_opening_without_the_supervision_group_is_refused_in_the_ui(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1])
        rc = round_.committees[0]
        for participant in [p for p in rc.participants if p.category == "supervision"]:
            rc.participants.remove(participant)
        db.session.commit()
        round_id = round_.id
        # Draft editing: a dispatched worker can be removed from the staff list.
        worker = next(s for s in rc.subjects if s.role == "worker")
        rc_id, worker_id = rc.id, worker.id
    login(hp_client, "street_a")
    page = hp_client.get(f"{ROUNDS}/view/?id={round_id}").get_data(as_text=True)
    assert "参评人员中没有居务监督小组成员" in page
    response = hp_client.post(
        f"{ROUNDS}/transition/", data={"id": round_id, "to": "open"}, follow_redirects=True
    )
    text = response.get_data(as_text=True)
    assert "开始测评失败" in text and "(H9)" in text
    assert _status(hp_app, round_id) == "draft"

    response = hp_client.post(
        f"{ROUNDS}/subject/", data={"rc": rc_id, "remove": worker_id}, follow_redirects=True
    )
    assert "已将001社工移出被测评名单" in response.get_data(as_text=True)
    with hp_app.app_context(), acting_as(SYSTEM):
        people = {
            s.person.name for s in round_committee(db.session.get(Round, round_id), A1).subjects
        }
        assert "001社工" not in people and len(people) == 5


def test_h4_committee_staff_see_only_their_committee_and_cannot_manage(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1, A2])
        round_id = round_.id
        a2_rc = round_committee(round_, A2).id
        d1 = make_round(MEMBER_D1, 2026, [A1], half=1)
        d1_id = d1.id
        take_part(round_committee(round_, A1), 12)
        add_ballots(round_committee(round_, A1), 12, committee=[1, 1, 1, 1])
    login(hp_client, "committee_a1")
    page = hp_client.get(f"{ROUNDS}/view/?id={round_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "福州路居委会" in text and "金陵东路居委会" not in text
    # D1 turnout: 12 of 15 is exactly 4/5 and counts.
    assert "参与 12/15 = 80.0%，达到 4/5，评议有效 (D1)" in text
    assert "开始测评" not in text and "结束测评" not in text
    assert (
        hp_client.post(f"{ROUNDS}/transition/", data={"id": round_id, "to": "open"}).status_code
        == 403
    )
    assert hp_client.get(f"{STREET_PAGE}/entry/?rc={a2_rc}").status_code == 403
    # The committee panel: no published result yet; no round open yet.
    with hp_app.app_context(), acting_as(SYSTEM):
        a1 = unit_by_code(A1).id
    overview = hp_client.get(f"/admin/committee/{a1}").get_data(as_text=True)
    assert "民主测评" in overview and "还没有已公布的测评结果" in overview
    assert "目前没有进行中的测评" in overview
    # D4 check on a D1 round page.
    assert "(D4)" in hp_client.get(f"{ROUNDS}/view/?id={d1_id}").get_data(as_text=True)


def test_h4_street_scores_entry_refuses_out_of_range_and_saves_nothing(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(STREET, 2025, [A1, A2], half=1)
        transition(db.session, round_, "open", round_.period_end)
        db.session.commit()
        rc = round_committee(round_, A1)
        rc_id, director = rc.id, rc.subjects[0].id
    login(hp_client, "street_a")
    assert "福州路居委会" in hp_client.get(f"{STREET_PAGE}/").get_data(as_text=True)
    page = hp_client.get(f"{STREET_PAGE}/entry/?rc={rc_id}").get_data(as_text=True)
    assert "组织建设" in page and "廉洁自律" in page and "社区民警" in page

    good = {
        "c_1": "90",
        "c_2": "88.5",
        "c_3": "92",
        "c_4": "86",
        "c_sources": ["departments", "police"],
        "c_note": "上半年工作扎实",
    }
    bad = {**good, f"s{director}_1": "101", **{f"s{director}_{i}": "90" for i in range(2, 6)}}
    response = hp_client.post(f"{STREET_PAGE}/entry/?rc={rc_id}", data=bad)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "未保存任何评分" in text and "超出 0–100 的范围 (H4)" in text and "001主任" in text
    assert 'value="101"' in text and 'value="88.5"' in text  # the input is kept
    with hp_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(StreetEvaluation.id))) == 0
    # Two decimals are refused too.
    text = hp_client.post(
        f"{STREET_PAGE}/entry/?rc={rc_id}", data={**good, "c_1": "90.25"}
    ).get_data(as_text=True)
    assert "最多保留一位小数" in text

    response = hp_client.post(
        f"{STREET_PAGE}/entry/?rc={rc_id}",
        data={**good, **{f"s{director}_{i}": "90" for i in range(1, 6)}},
    )
    assert response.status_code == 302
    with hp_app.app_context(), acting_as(SYSTEM):
        rows = list(db.session.scalars(select(StreetEvaluation).order_by(StreetEvaluation.id)))
        assert len(rows) == 2
        assert rows[0].scores[:4] == (
            Decimal("90.0"),
            Decimal("88.5"),
            Decimal("92.0"),
            Decimal("86.0"),
        )
        assert rows[0].sources == "departments,police"
    # Editing updates the same row.
    scores = {f"s{director}_{i}": "90" for i in range(1, 6)}
    hp_client.post(f"{STREET_PAGE}/entry/?rc={rc_id}", data={**good, **scores, "c_1": "70"})
    with hp_app.app_context(), acting_as(SYSTEM):
        committee_rows = list(
            db.session.scalars(
                select(StreetEvaluation).where(StreetEvaluation.subject_id.is_(None))
            )
        )
        assert [r.score_1 for r in committee_rows] == [Decimal("70.0")]
    page = hp_client.get(f"{STREET_PAGE}/entry/?rc={rc_id}").get_data(as_text=True)
    assert 'value="70.0"' in page
    # Street B's officer: 404 on street A's committee.
    other = hp_app.test_client()
    login(other, "street_b")
    assert other.get(f"{STREET_PAGE}/entry/?rc={rc_id}").status_code == 404
