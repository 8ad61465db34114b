"""The plugin's API: groups (J2), visits (J7) and the payroll (J4), scoped like every endpoint.

- ``GET /api/v1/jiayuguan/groups`` — read only: each group's committee,
  members, leader, buildings and what J2 flags, on ``?on=DATE`` (today).
- ``/api/v1/jiayuguan/visits`` — visit records, list/create/update/delete;
  ``check()`` refusals answer 422 with the Chinese message under its field.
- ``GET /api/v1/jiayuguan/payroll?month=YYYY-MM[&street=CODE]`` — one page of
  the month's lines with the totals per street and committee and the rates
  in force; ``&format=xlsx|csv`` answers the file for finance instead;
  ``/jiayuguan/payroll/<person_id>?month=`` is one person's line.

All three are ``ModelResource`` subclasses, so the OpenAPI document lists
them with their filters; the payroll's totals are described through
``list_extra_properties``. Reads go through the ORM session: a token of one
street sees nothing of another.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, send_file
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.api.paging import BadQuery, Filter, page_args, parse_value, unit_filter
from core.api.resource import NOT_VISIBLE, ModelResource, Unprocessable, unprocessable
from core.extensions import db
from core.models import Household, OrgUnit, Person, ResidentGroup
from plugins.jiayuguan_groups.models import PayrollLine, Visit
from plugins.jiayuguan_groups.schemas import (
    GroupSchema,
    PayLineSchema,
    VisitSchema,
    line_dict,
    money,
    parse_month,
    total_dict,
)


def blueprint() -> Blueprint:
    """The plugin's API blueprint, mounted under ``/api/v1`` (a new one per app)."""
    bp = Blueprint("jiayuguan_groups_api", __name__)
    GroupResource(
        bp,
        "jiayuguan/groups",
        ResidentGroup,
        GroupSchema,
        read_only=True,
        order_by=(ResidentGroup.org_unit_id, ResidentGroup.number, ResidentGroup.id),
        filters=(
            unit_filter(ResidentGroup),
            Filter(
                "on", "date", "成员、组长以该日为准，默认今天；已撤销的小组不列出", _not_dissolved
            ),
        ),
        summary="居民小组（只读）：成员、组长、楼栋和 J2 提示",
    )
    VisitResource(
        bp,
        "jiayuguan/visits",
        Visit,
        VisitSchema,
        order_by=(Visit.visited_on.desc(), Visit.id.desc()),
        options=(selectinload(Visit.member), selectinload(Visit.household)),
        filters=(
            unit_filter(Visit),
            Filter("member", "integer", "走访人编号", lambda s, v: s.where(Visit.member_id == v)),
            Filter(
                "household",
                "integer",
                "被走访户编号",
                lambda s, v: s.where(Visit.household_id == v),
            ),
            Filter(
                "kind", "string", "走访类型：full 或 key", lambda s, v: s.where(Visit.kind == v)
            ),
            Filter(
                "visited_from",
                "date",
                "走访日期不早于",
                lambda s, v: s.where(Visit.visited_on >= v),
            ),
            Filter(
                "visited_to", "date", "走访日期不晚于", lambda s, v: s.where(Visit.visited_on <= v)
            ),
        ),
        error_fields=(
            ("走访类型", "kind"),
            ("跟进日期", "followed_up_on"),
            ("不是居民小组成员", "member_id"),
            ("同一居委会", "household_id"),
        ),
        summary="走访记录 (J7)：人、地、物、事、组织",
    )
    PayrollResource(
        bp,
        "jiayuguan/payroll",
        PayrollLine,
        PayLineSchema,
        read_only=True,
        filters=(
            Filter("month", "string", "月份 YYYY-MM（必填）", lambda s, v: s),
            Filter(
                "street", "string", "街道的区划代码（12位）；默认管辖范围内全部街道", lambda s, v: s
            ),
            Filter("committee", "string", "只列该居委会（区划代码）的人员", lambda s, v: s),
            Filter("format", "string", "xlsx 或 csv：下载发放表文件，而不是 JSON", lambda s, v: s),
        ),
        summary=(
            "工作补贴月度发放表（只读，J4）：列表另有 month、total_amount、streets、committees、"
            "rates_explained；单条的编号是人员编号"
        ),
    )
    return bp


# --- groups (J2) ------------------------------------------------------------------


def _day() -> dt.date:
    return parse_value("on", "date", request.args.get("on") or dt.date.today().isoformat())  # type: ignore[no-any-return]


def _not_dissolved(stmt: Any, day: dt.date) -> Any:
    return stmt.where(or_(ResidentGroup.dissolved_on.is_(None), ResidentGroup.dissolved_on > day))


class GroupResource(ModelResource):
    """Groups with their members and leader on a day, computed by ``groups.group_rows`` (J2)."""

    def select(self) -> Any:
        """The list leaves out groups dissolved by today unless ``?on=`` names another day."""
        stmt = super().select()
        if (request.endpoint or "").endswith("_list") and not request.args.get("on"):
            stmt = _not_dissolved(stmt, dt.date.today())
        return stmt

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each group of the page as ``GroupSchema``: one ``group_rows`` call for the page."""
        from plugins.jiayuguan_groups.groups import group_rows

        day = _day()
        committees = sorted({row.org_unit_id for row in rows})
        found = {found.id: found for found in group_rows(db.session, committees, day)}
        data = []
        for row in rows:
            computed = found.get(row.id)
            notes = computed.notes if computed is not None else [f"{day.isoformat()} 已撤销"]
            data.append(
                {
                    "id": row.id,
                    "committee_code": row.org_unit.code,
                    "committee_name": row.org_unit.name,
                    "name": row.name,
                    "on": day.isoformat(),
                    "members": list(computed.members) if computed else [],
                    "member_count": len(computed.members) if computed else 0,
                    "leader": computed.leader if computed else None,
                    "leader_chosen_on": (
                        computed.leader_chosen_on.isoformat()
                        if computed and computed.leader_chosen_on
                        else None
                    ),
                    "buildings": list(computed.buildings) if computed else [],
                    "notes": notes,
                }
            )
        return data


# --- visits (J7) ------------------------------------------------------------------


class VisitResource(ModelResource):
    """Visits: the member and household are loaded before ``check_visit`` judges them (J7)."""

    def build(self, data: dict[str, Any]) -> Any:
        """A new visit with its member and household attached, so J7 is checked at once."""
        visit = Visit(**data)
        self._attach(visit, data)
        return visit

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Change the visit; a new member or household replaces the loaded one."""
        super().apply(obj, data)
        self._attach(obj, data)

    def _attach(self, visit: Visit, data: dict[str, Any]) -> None:
        # check_references has already refused ids missing or out of scope.
        if "member_id" in data:
            visit.member = db.session.scalars(
                select(Person).where(Person.id == data["member_id"])
            ).one()
        if "household_id" in data:
            visit.household = db.session.scalars(
                select(Household).where(Household.id == data["household_id"])
            ).one()


# --- payroll (J4) -----------------------------------------------------------------


_TOTAL = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "parent": {"type": "string", "description": "所属街道（居委会合计时）"},
        "people": {"type": "integer", "description": "发放人数"},
        "amount": {"type": "string", "description": "合计金额（元，两位小数的字符串）"},
        "closed": {"type": "boolean", "description": "该月已关闭（冻结）"},
    },
}


class PayrollResource(ModelResource):
    """The month's payroll from ``payroll.payroll``: paged lines, totals, files (J4)."""

    #: The list answers the month's totals beside the page of lines (OpenAPI).
    list_extra_properties = {
        "month": {"type": "string", "description": "月份 YYYY-MM"},
        "total_amount": {"type": "string", "description": "本月合计（元）"},
        "streets": {"type": "array", "items": _TOTAL, "description": "各街道合计"},
        "committees": {"type": "array", "items": _TOTAL, "description": "各居委会合计"},
        "rates_explained": {
            "type": "array",
            "items": {"type": "string"},
            "description": "本月适用的补贴标准及其政策参数 (J4)",
        },
    }

    def _payroll(self) -> Any:
        """The payroll the query string asks for; raises :class:`Unprocessable` or 404."""
        from plugins.jiayuguan_groups.payroll import payroll

        try:
            month = parse_month(request.args.get("month"))
        except ValueError as exc:
            raise Unprocessable({"month": [str(exc)]}, "查询参数有误") from None
        street = (request.args.get("street") or "").strip() or None
        if street is not None:
            _visible_unit(street, "street")
        try:
            return payroll(db.session, month, street)
        except ValueError as exc:
            raise Unprocessable({"_schema": [str(exc)]}, str(exc)) from None

    def list(self) -> Any:
        """GET ?month=YYYY-MM[&street=][&committee=][&format=]: a page of lines and the totals."""
        try:
            page, per_page = page_args(request.args)
            result = self._payroll()
            fmt = (request.args.get("format") or "json").strip().lower()
            if fmt in ("xlsx", "csv"):
                return _file(result, fmt)
            if fmt != "json":
                raise Unprocessable({"format": ["应为 xlsx、csv 或 json"]}, "查询参数有误")
            lines = result.lines
            committee = (request.args.get("committee") or "").strip()
            if committee:
                unit = _visible_unit(committee, "committee")
                lines = [line for line in lines if line.committee_id == unit.id]
        except BadQuery as exc:
            return unprocessable(exc.errors, "查询参数有误")
        except Unprocessable as exc:
            return unprocessable(exc.errors, exc.message)
        start = (page - 1) * per_page
        return jsonify(
            month=f"{result.month:%Y-%m}",
            items=[line_dict(line) for line in lines[start : start + per_page]],
            page=page,
            per_page=per_page,
            total=len(lines),
            total_amount=money(result.total),
            streets=[total_dict(t) for t in result.streets],
            committees=[total_dict(t) for t in result.committees],
            rates_explained=list(result.rates_explained),
        )

    def get(self, id: int) -> Any:
        """GET /<person_id>?month=YYYY-MM: that person's line, 404 when not on the payroll."""
        try:
            result = self._payroll()
        except Unprocessable as exc:
            return unprocessable(exc.errors, exc.message)
        line = next((line for line in result.lines if line.person_id == id), None)
        if line is None:
            abort(404)
        return jsonify(line_dict(line))


def _visible_unit(code: str, kind: str) -> OrgUnit:
    """The org unit ``code`` of ``kind`` in scope; 422 when malformed, 404 when not visible."""
    if not (len(code) == 12 and code.isdigit()):
        raise Unprocessable({kind: [f"区划代码“{code}”格式不对：应为12位数字"]}, "查询参数有误")
    unit = db.session.scalars(
        select(OrgUnit).where(OrgUnit.code == code, OrgUnit.kind == kind)
    ).one_or_none()
    if unit is None:
        abort(404, NOT_VISIBLE)
    return unit


def _file(result: Any, fmt: str) -> Response:
    from plugins.jiayuguan_groups.export import payroll_file

    content, mimetype, filename = payroll_file(result, fmt)
    # send_file writes a non-ASCII name as filename*=UTF-8'' (a raw header would fail).
    return send_file(io.BytesIO(content), mimetype, as_attachment=True, download_name=filename)
