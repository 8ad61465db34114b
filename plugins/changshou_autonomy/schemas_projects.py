"""Schemas of the fund-year, application and assessment API (rule S4).

Amounts and scores travel as strings ("12000.00", "8.5"): money and scores
are Decimal, never a JSON float. Computed figures (the amount requested, the
fund's balance and its formula) are read only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from core.schemas.base import ApiSchema, one_of, text, version
from plugins.changshou_autonomy.kinds import APPLICATION_STATUSES, CRITERIA, FEATURED_KINDS

CHILD_ID = "已有预算明细的编号；不带编号的是新增的，未列出的已有明细将被删除"


def _out(field: fields.Field) -> fields.Field:
    """``field`` marked read only (it is computed, never written)."""
    field.dump_only = True
    return field


def _cents(value: Decimal) -> None:
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError("金额最多保留两位小数")


def money(**kwargs: Any) -> fields.Decimal:
    """An amount in yuan with at most two decimals, as a string ("12000.00")."""
    kwargs.setdefault("validate", _cents)
    return fields.Decimal(as_string=True, **kwargs)


def _two_places(value: Decimal) -> None:
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError("评分最多保留两位小数")


def score(label: str) -> fields.Decimal:
    """A criterion's score as a string; the range 0 … ``score.max`` is S4's check."""
    return fields.Decimal(
        as_string=True,
        required=True,
        validate=_two_places,
        metadata={"description": f"{label}：0 至满分（政策参数 score.max，默认 10）"},
    )


class FundYearSchema(ApiSchema):
    """The street's special fund for a year: budget, deadline, and its balance (S4)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": "街道编号"})
    year = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=2000, max=2100, error="年度应在 2000–2100 之间"),
        metadata={"description": "年度"},
    )
    budget = money(required=True, metadata={"description": "预算（元）"})
    deadline = fields.Date(required=True, metadata={"description": "申报截止日期"})
    note = fields.String(load_default="", metadata={"description": "备注"})
    adjusted = _out(fields.String(metadata={"description": "调整合计（元）"}))
    awarded = _out(fields.String(metadata={"description": "已资助合计（元）"}))
    balance = _out(fields.String(metadata={"description": "余额 = 预算 + 调整 − 已资助（元）"}))
    balance_explanation = _out(fields.String(metadata={"description": "余额的计算过程 (S4)"}))
    version_id = version()


class BudgetLineSchema(ApiSchema):
    """One line of an application's budget (S4)."""

    id = fields.Integer(strict=True, metadata={"description": CHILD_ID})
    item = text(200, required=True, metadata={"description": "预算项目"})
    amount = money(
        required=True,
        validate=[_cents, validate.Range(min=Decimal("0.01"), error="金额须大于 0")],
        metadata={"description": "金额（元）"},
    )
    note = fields.String(load_default="", metadata={"description": "说明"})


class ApplicationSchema(ApiSchema):
    """A committee's 申报表: form, budget lines, status; submitted by the deadline (S4).

    Send ``"status": "submitted"`` to submit (today; refused after the
    deadline unless the street reopened it), ``"status": "draft"`` to withdraw.
    """

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, metadata={"description": "申报居委会编号；居委会工作人员可不填（本居委会）"}
    )
    committee_name = _out(fields.String(metadata={"description": "申报居委会"}))
    fund_year_id = fields.Integer(
        strict=True, required=True, metadata={"description": "专项资金（年度）编号"}
    )
    title = text(200, required=True, metadata={"description": "项目名称"})
    kind = one_of(FEATURED_KINDS, load_default="project", metadata={"description": "类型"})
    kind_label = _out(fields.String(metadata={"description": "类型的中文名称"}))
    problem = fields.String(load_default="", metadata={"description": "针对的问题或居民需求"})
    plan = fields.String(load_default="", metadata={"description": "实施方案"})
    timeline = fields.String(load_default="", metadata={"description": "时间安排"})
    contact_name = text(50, load_default="", metadata={"description": "联系人"})
    contact_phone = text(20, load_default="", metadata={"description": "联系电话"})
    status = one_of(
        {k: v for k, v in APPLICATION_STATUSES.items() if k != "withdrawn"},
        metadata={"description": "draft 草稿 / submitted 已申报（提交或撤回时修改）"},
    )
    status_label = _out(fields.String(metadata={"description": "状态的中文名称"}))
    submitted_on = _out(fields.Date(allow_none=True, metadata={"description": "申报日期"}))
    budget_lines = fields.List(fields.Nested(BudgetLineSchema), load_default=list)
    requested = _out(fields.String(metadata={"description": "申请金额 = 预算明细合计（元）"}))
    version_id = version()


class AssessmentSchema(ApiSchema):
    """One assessor's scores of one submitted application, a score per criterion (S4)."""

    id = fields.Integer(dump_only=True)
    application_id = fields.Integer(
        strict=True, required=True, metadata={"description": "申报编号"}
    )
    assessor = text(50, metadata={"description": "评估人；不填为当前用户的姓名"})
    assessor_user_id = _out(fields.Integer(allow_none=True))
    need = score(CRITERIA["need"])
    participation = score(CRITERIA["participation"])
    feasibility = score(CRITERIA["feasibility"])
    sustainability = score(CRITERIA["sustainability"])
    comment = fields.String(load_default="", metadata={"description": "评语"})
    org_unit_id = _out(fields.Integer(metadata={"description": "申报居委会编号"}))
    version_id = version()


def fund_year_dict(fund_year: Any, figures: dict[str, Decimal]) -> dict[str, Any]:
    """The JSON form of a fund year with its ``adjusted``, ``awarded`` and ``balance`` (S4)."""
    data = dict(FundYearSchema().dump(fund_year))
    budget = Decimal(fund_year.budget)
    data.update({key: f"{value:.2f}" for key, value in figures.items()})
    data["balance_explanation"] = (
        f"预算 {budget:,.2f} + 调整 {figures['adjusted']:,.2f} − 已资助 "
        f"{figures['awarded']:,.2f} = 余额 {figures['balance']:,.2f} (S4)"
    )
    return data


def application_dict(application: Any) -> dict[str, Any]:
    """The JSON form of an application with its labels and the amount requested (S4)."""
    data = dict(ApplicationSchema().dump(application))
    unit = application.org_unit
    data["committee_name"] = unit.name if unit is not None else None
    data["kind_label"] = FEATURED_KINDS.get(application.kind, application.kind)
    data["status_label"] = APPLICATION_STATUSES.get(application.status, application.status)
    data["requested"] = f"{application.requested:.2f}"
    return data
