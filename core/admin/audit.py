"""The audit trail, read-only, for district admins and auditors (decision 6)."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.models.audit import AuditEntry
from core.personal import masked_changes

ACTION_LABELS = {
    "insert": _l("新增"),
    "update": _l("修改"),
    "delete": _l("删除"),
    "view": _l("查看"),
}


def _format_changes(_view: Any, _context: Any, model: AuditEntry, _name: str) -> Markup:
    if model.action == "view":
        # A whole view of personal information (C10): which fields, shown where.
        seen = model.changes or {}
        fields = ", ".join(str(name) for name in seen.get("fields", []))
        return Markup(
            escape(
                gettext(
                    "查看完整信息：%(fields)s（%(where)s）",
                    fields=fields,
                    where=seen.get("where", ""),
                )
            )
        )
    rows = []
    # Entries record a person's ID number and phone: masked unless the role may see them (C10).
    changes = masked_changes(model.table_name, model.changes or {})
    for field, pair in changes.items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append(
            f"<tr><th>{escape(field)}</th><td>{escape(json.dumps(before, ensure_ascii=False))}</td>"
            f"<td>{escape(json.dumps(after, ensure_ascii=False))}</td></tr>"
        )
    head = "".join(
        f"<th>{escape(text)}</th>"
        for text in (gettext("字段"), gettext("修改前"), gettext("修改后"))
    )
    return Markup(
        f'<table class="table table-sm mb-0"><tr>{head}</tr>' + "".join(rows) + "</table>"
    )


class AuditEntryView(ScopedModelView):
    """Who changed what, when; filterable, never editable."""

    permission = "core.audit.read"
    allow_create = False
    allow_edit = False
    allow_delete = False
    simple_list_pager = True  # the trail grows without end; no COUNT(*) per page
    column_list = ["at", "actor", "action", "table_name", "record_key", "org_unit", "changes"]
    column_labels = {
        "at": _l("时间"),
        "actor": _l("操作人"),
        "action": _l("操作"),
        "table_name": _l("数据表"),
        "record_key": _l("记录编号"),
        "changes": _l("变更内容"),
        "user_id": _l("用户编号"),
    }
    column_default_sort = ("at", True)
    column_filters = ["at", "actor", "action", "table_name", "record_key"]
    column_searchable_list = ["actor", "table_name", "record_key"]
    column_formatters = {"action": label_of(ACTION_LABELS), "changes": _format_changes}
    column_formatters_detail = {"action": label_of(ACTION_LABELS), "changes": _format_changes}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            AuditEntry,
            name=_l("审计日志"),
            category=_l("系统管理"),
            endpoint="auditentry",
            **kwargs,
        )
