"""The admin page 系统管理 › 导入导出: templates, all-or-nothing upload, exports.

Every logged-in user may download templates and export what their scope
holds; uploading needs a role that writes (not auditors), and org units
need ``core.org.manage``. The upload form carries the CSRF token of the
app-wide ``CSRFProtect`` (as the logout form in ``juwei/base.html`` does).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import abort, request, send_file
from flask_admin import BaseView, expose

from core.admin.base import ProtectedBaseView
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.imports import KINDS, FileProblem, export_file, may_import, run_import, template_file
from core.imports.export import MIME

#: The kinds as the page names them (the file format keeps the Chinese ones).
TITLES = {
    "org_units": _l("组织机构（区、街道、居委会）"),
    "households": _l("户"),
    "people": _l("人员"),
    "positions": _l("职务"),
}
#: Side counts of a report (``ImportReport.extra``), translated.
EXTRA_LABELS = {"新建户": _l("新建户")}

#: Errors shown on the result page; the rest are counted.
SHOWN_ERRORS = 500


def _send(data: bytes, fmt: str, filename: str) -> Any:
    return send_file(
        io.BytesIO(data), mimetype=MIME[fmt], as_attachment=True, download_name=filename
    )


def _format(fmt: str) -> str:
    if fmt not in MIME:
        abort(404)
    return fmt


def _kind(kind: str) -> Any:
    spec = KINDS.get(kind)
    if spec is None:
        abort(404)
    return spec


class ImportView(ProtectedBaseView):
    """Template download, upload and export of org units, households, people, positions."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("name", _l("导入导出"))
        kwargs.setdefault("category", _l("系统管理"))
        kwargs.setdefault("endpoint", "imports")
        super().__init__(**kwargs)

    def _page(self, **context: Any) -> Any:
        kinds = [(spec, may_import(spec)) for spec in KINDS.values()]
        writable = [spec for spec, refusal in kinds if refusal is None]
        return self.render(
            "juwei/imports.html", kinds=kinds, writable=writable, titles=TITLES, **context
        )

    @expose("/")
    def index(self) -> Any:
        return self._page()

    @expose("/template/<kind>.<fmt>")
    def template(self, kind: str, fmt: str) -> Any:
        spec = _kind(kind)
        fmt = _format(fmt)
        return _send(template_file(kind, fmt), fmt, f"{spec.label.split('（')[0]}导入模板.{fmt}")

    @expose("/export/<kind>.<fmt>")
    def export(self, kind: str, fmt: str) -> Any:
        spec = _kind(kind)
        fmt = _format(fmt)
        data, _count = export_file(kind, fmt)
        day = dt.date.today().isoformat()
        return _send(data, fmt, f"{spec.label.split('（')[0]}导出-{day}.{fmt}")

    @expose("/upload", methods=("POST",))
    def upload(self) -> Any:
        kind = request.form.get("kind", "")
        spec = KINDS.get(kind)
        upload = request.files.get("file")
        if spec is None:
            return self._page(problem=gettext("请选择要导入的数据类型。"))
        if upload is None or not upload.filename:
            return self._page(problem=gettext("请选择要导入的文件。"), chosen=kind)
        try:
            report = run_import(kind, upload.read(), upload.filename)
        except FileProblem as exc:
            return self._page(problem=str(exc), chosen=kind)
        return self.render(
            "juwei/import_result.html",
            spec=spec,
            titles=TITLES,
            extra_labels=EXTRA_LABELS,
            report=report,
            filename=upload.filename,
            errors=report.errors[:SHOWN_ERRORS],
            hidden=max(0, len(report.errors) - SHOWN_ERRORS),
        )


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    return [ImportView()]
