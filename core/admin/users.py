"""Admin view of user accounts (system and district admins only)."""

from __future__ import annotations

from typing import Any

from wtforms import PasswordField, SelectField
from wtforms.validators import Length, Optional

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.models.users import Role, User
from core.scoping import ScopeViolation, current_actor

#: The roles' names in the UI. The same Chinese texts as ``ROLE_LABELS`` of
#: core.models.users, translatable here; tests/test_i18n.py checks that both agree.
ROLE_NAMES = {
    Role.SYSTEM_ADMIN: _l("系统管理员"),
    Role.DISTRICT_ADMIN: _l("区管理员"),
    Role.STREET_OFFICER: _l("街道工作人员"),
    Role.COMMITTEE_STAFF: _l("居委会工作人员"),
    Role.AUDITOR: _l("审计员（只读）"),
}


class UserView(ScopedModelView):
    """User accounts; a district admin manages those of their district."""

    permission = "core.users.read"
    write_permission = "core.users.manage"
    allow_delete = False  # deactivate instead: the audit trail names users
    column_list = ["username", "display_name", "role", "org_unit", "active"]
    column_labels = {
        "username": _l("用户名"),
        "display_name": _l("姓名"),
        "role": _l("角色"),
        "active": _l("启用"),
        "org_unit": _l("管辖范围"),
        "person": _l("对应人员"),
    }
    column_searchable_list = ["username", "display_name"]
    column_filters = ["role", "active"]
    column_formatters = {"role": label_of({r.value: v for r, v in ROLE_NAMES.items()})}
    column_details_exclude_list = ["password_hash"]
    column_export_exclude_list = ["password_hash"]
    form_columns = ["username", "display_name", "role", "org_unit", "person", "active"]
    # Linking an account to its person on record keeps opinions about that
    # person from showing the account who gave them (rule C14).
    form_ajax_refs = {"person": {"fields": ["name"], "page_size": 20}}
    form_overrides = {"role": SelectField}
    form_args: dict[str, Any] = {
        "role": {
            "choices": [(r.value, label) for r, label in ROLE_NAMES.items()],
            "label": _l("角色"),
        },
        "org_unit": {"label": _l("管辖范围")},
        "person": {
            "label": _l("对应人员"),
            "description": _l(
                "此账号使用者本人的人员记录：反映其本人的群众意见不向其显示反映人 (C14)"
            ),
        },
    }
    form_extra_fields = {
        "new_password": PasswordField(
            _l("新密码"),
            validators=[Optional(), Length(min=10, message=_l("密码至少 10 位"))],
            description=_l("新建账号时必填；修改时留空则不改密码"),
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(User, name=_l("用户"), category=_l("系统管理"), endpoint="user", **kwargs)

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        actor = current_actor()
        if (
            actor is not None
            and actor.role is not Role.SYSTEM_ADMIN
            and model.role == Role.SYSTEM_ADMIN
        ):
            raise ScopeViolation(gettext("只有系统管理员可以设置系统管理员角色"))
        if model.role != Role.SYSTEM_ADMIN and model.org_unit is None:
            raise ValueError(gettext("除系统管理员外，每个账号都必须指定管辖范围"))
        if model.role == Role.SYSTEM_ADMIN and model.org_unit is not None:
            raise ValueError(_l("系统管理员管辖全部辖区，请不要指定管辖范围"))
        password = form.new_password.data
        if password:
            model.set_password(password)
        elif is_created:
            raise ValueError(gettext("新建账号必须设置密码"))
        super().on_model_change(form, model, is_created)
