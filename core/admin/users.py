"""Admin view of user accounts (system and district admins only)."""

from __future__ import annotations

from typing import Any

from wtforms import PasswordField, SelectField
from wtforms.validators import Length, Optional

from core.admin.base import ScopedModelView, label_of
from core.models.users import ROLE_LABELS, Role, User
from core.scoping import ScopeViolation, current_actor


class UserView(ScopedModelView):
    """User accounts; a district admin manages those of their district."""

    roles = frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR})
    write_roles = frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN})
    allow_delete = False  # deactivate instead: the audit trail names users
    column_list = ["username", "display_name", "role", "org_unit", "active"]
    column_labels = {
        "username": "用户名",
        "display_name": "姓名",
        "role": "角色",
        "active": "启用",
        "org_unit": "管辖范围",
    }
    column_searchable_list = ["username", "display_name"]
    column_filters = ["role", "active"]
    column_formatters = {"role": label_of({r.value: v for r, v in ROLE_LABELS.items()})}
    column_details_exclude_list = ["password_hash"]
    column_export_exclude_list = ["password_hash"]
    form_columns = ["username", "display_name", "role", "org_unit", "active"]
    form_overrides = {"role": SelectField}
    form_args: dict[str, Any] = {
        "role": {
            "choices": [(r.value, label) for r, label in ROLE_LABELS.items()],
            "label": "角色",
        },
        "org_unit": {"label": "管辖范围"},
    }
    form_extra_fields = {
        "new_password": PasswordField(
            "新密码",
            validators=[Optional(), Length(min=10, message="密码至少 10 位")],
            description="新建账号时必填；修改时留空则不改密码",
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(User, name="用户", category="系统管理", endpoint="user", **kwargs)

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        actor = current_actor()
        if (
            actor is not None
            and actor.role is not Role.SYSTEM_ADMIN
            and model.role == Role.SYSTEM_ADMIN
        ):
            raise ScopeViolation("只有系统管理员可以设置系统管理员角色")
        if model.role != Role.SYSTEM_ADMIN and model.org_unit is None:
            raise ValueError("除系统管理员外，每个账号都必须指定管辖范围")
        password = form.new_password.data
        if password:
            model.set_password(password)
        elif is_created:
            raise ValueError("新建账号必须设置密码")
        super().on_model_change(form, model, is_created)
