"""Schemas of the plugin's API: groups (J2), visits (J7) and the payroll (J4).

Groups and payroll lines are read only (computed by ``groups.group_rows`` and
``payroll.payroll``); visits are written through the API. Amounts are
strings with two decimals ("400.00"): money is never a JSON float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from marshmallow import fields

from core.schemas.base import ApiSchema, one_of, version
from plugins.jiayuguan_groups.models.visits import VISIT_KINDS
from plugins.jiayuguan_groups.payroll import Total
from plugins.jiayuguan_groups.payroll_compute import PayLine


def _out(field: fields.Field) -> fields.Field:
    """``field`` marked read only (it is computed, never written)."""
    field.dump_only = True
    return field


class GroupSchema(ApiSchema):
    """A resident group on a day: members, leader, buildings and what J2 flags."""

    id = fields.Integer(dump_only=True)
    committee_code = _out(fields.String(metadata={"description": "所属居委会的区划代码"}))
    committee_name = _out(fields.String(metadata={"description": "所属居委会"}))
    name = _out(fields.String(metadata={"description": "居民小组名称"}))
    on = _out(fields.Date(metadata={"description": "成员和组长以该日为准"}))
    members = _out(fields.List(fields.String(), metadata={"description": "在任成员（含组长）"}))
    member_count = _out(fields.Integer(metadata={"description": "在任人数 (J2：3–5人)"}))
    leader = _out(fields.String(allow_none=True, metadata={"description": "组长"}))
    leader_chosen_on = _out(
        fields.Date(allow_none=True, metadata={"description": "推选组长的居民小组会议日期 (J2)"})
    )
    buildings = _out(fields.List(fields.String(), metadata={"description": "所辖楼栋或院落"}))
    notes = _out(
        fields.List(
            fields.String(), metadata={"description": "J2 提示：人数不足或超员、未设组长等"}
        )
    )


class VisitSchema(ApiSchema):
    """A group member's visit to a household and its findings (人、地、物、事、组织, J7)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        dump_only=True, metadata={"description": "所属居委会的编号（取自被走访户）"}
    )
    member_id = fields.Integer(
        strict=True, required=True, metadata={"description": "走访的居民小组成员（人员编号）"}
    )
    household_id = fields.Integer(
        strict=True, required=True, metadata={"description": "被走访户的编号"}
    )
    visited_on = fields.Date(required=True, metadata={"description": "走访日期"})
    kind = one_of(
        VISIT_KINDS,
        load_default="full",
        metadata={"description": "走访类型：full 全覆盖走访，key 重点走访"},
    )
    people = fields.String(load_default="", metadata={"description": "人：走访对象及其情况"})
    places = fields.String(load_default="", metadata={"description": "地：楼栋、院落、公共场所"})
    things = fields.String(load_default="", metadata={"description": "物：设施、安全隐患"})
    events = fields.String(load_default="", metadata={"description": "事：纠纷、诉求、意见"})
    organisations = fields.String(
        load_default="", metadata={"description": "组织：物业、商户、社会组织"}
    )
    follow_up = fields.String(load_default="", metadata={"description": "跟进事项及负责人"})
    followed_up_on = fields.Date(allow_none=True, metadata={"description": "跟进完成日期"})
    member_name = _out(fields.Function(lambda v: v.member.name, metadata={"type": "string"}))
    household_number = _out(
        fields.Function(lambda v: v.household.number, metadata={"type": "string"})
    )
    version_id = version()


class PayLineSchema(ApiSchema):
    """One person's subsidy in a month: the position paid, years, days, amount, explanation (J4)."""

    person_id = _out(fields.Integer(metadata={"description": "人员编号"}))
    person_name = _out(fields.String(metadata={"description": "姓名"}))
    street = _out(fields.String(metadata={"description": "街道"}))
    committee = _out(fields.String(metadata={"description": "居委会"}))
    committee_id = _out(fields.Integer(metadata={"description": "居委会编号"}))
    paid_kind = _out(
        fields.String(allow_none=True, metadata={"description": "发放职务的类型代码；不发放为空"})
    )
    paid_label = _out(fields.String(metadata={"description": "发放职务"}))
    years_served = _out(fields.Integer(metadata={"description": "满年数（该职务连续任职）"}))
    days_paid = _out(fields.Integer(metadata={"description": "本月计发天数"}))
    amount = _out(fields.String(metadata={"description": "金额（元，两位小数的字符串）"}))
    explanation = _out(fields.String(metadata={"description": "计算说明 (J4)"}))


class TotalSchema(ApiSchema):
    """The sum of a committee's or a street's lines in a month (J4)."""

    id = _out(fields.Integer(metadata={"description": "单位编号"}))
    name = _out(fields.String())
    parent = _out(fields.String(metadata={"description": "居委会所属街道；街道为空"}))
    people = _out(fields.Integer(metadata={"description": "人数"}))
    amount = _out(fields.String(metadata={"description": "金额（元）"}))
    closed = _out(fields.Boolean(metadata={"description": "该月是否已关闭（冻结）"}))


def parse_month(text: str | None) -> dt.date:
    """The first day of the month ``YYYY-MM``; ``ValueError`` with a Chinese message otherwise."""
    value = (text or "").strip()
    try:
        if len(value) != 7 or value[4] != "-":
            raise ValueError(value)
        return dt.date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        raise ValueError(f"月份“{value}”格式不对：应为 YYYY-MM，例如 2026-03") from None


def money(amount: Decimal) -> str:
    """Decimal("400") -> "400.00": amounts travel as strings, never floats (J4)."""
    return f"{amount.quantize(Decimal('0.01'))}"


def line_dict(line: PayLine) -> dict[str, Any]:
    """The JSON form of a payroll line (``PayLineSchema``)."""
    return {
        "person_id": line.person_id,
        "person_name": line.person_name,
        "street": line.street_name,
        "committee": line.committee_name,
        "committee_id": line.committee_id,
        "paid_kind": line.paid_kind,
        "paid_label": line.paid_label,
        "years_served": line.years_served,
        "days_paid": line.days_paid,
        "amount": money(line.amount),
        "explanation": line.explanation,
    }


def total_dict(total: Total) -> dict[str, Any]:
    """The JSON form of a committee's or a street's total (``TotalSchema``)."""
    return {
        "id": total.unit_id,
        "name": total.name,
        "parent": total.parent_name,
        "people": total.people,
        "amount": money(total.amount),
        "closed": total.closed,
    }
