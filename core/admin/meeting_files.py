"""Files attached to a meeting (scanned minutes, sign-in sheets): upload, download, delete.

A mixin of ``core.admin.meetings.MeetingView``. The bytes live in the storage
folder (``core.storage``); every look-up goes through the ORM, which narrows
it to the user's scope, so another street's meeting or file is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from sqlalchemy import select

from core import storage
from core.admin.i18n import gettext
from core.extensions import db
from core.models.meetings import Meeting, MeetingFile


class MeetingFilesMixin:
    """Routes ``files/upload/``, ``files/download/`` and ``files/delete/`` of the meeting view."""

    can_edit: bool

    if TYPE_CHECKING:  # provided by the model view this is mixed into

        def get_one(self, id: Any) -> Any: ...

    def _meeting_from_args(self) -> Meeting:
        meeting_id = request.args.get("id", type=int)
        if meeting_id is None:
            abort(404)
        return self.get_one(str(meeting_id))  # type: ignore[no-any-return]

    def _details_url(self, meeting_id: int) -> str:
        return url_for(".details_view", id=meeting_id)

    @expose("/files/upload/", methods=["POST"])
    def upload_file(self) -> Any:
        """Attach an uploaded file to the meeting (scanned minutes, sign-in sheet ...)."""
        if not self.can_edit:
            abort(403)
        meeting = self._meeting_from_args()
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise storage.StorageError(gettext("请选择要上传的文件"))
            stored = storage.save(upload.stream, upload.filename, upload.mimetype)
        except storage.StorageError as exc:
            flash(gettext("上传失败：%(reason)s", reason=exc), "error")
            return redirect(self._details_url(meeting.id))
        db.session.add(
            MeetingFile(
                meeting=meeting,
                filename=stored.filename,
                stored_name=stored.stored_name,
                content_type=stored.content_type,
                size=stored.size,
            )
        )
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            storage.remove(stored.stored_name)
            raise
        flash(gettext("已上传：%(name)s", name=stored.filename), "success")
        return redirect(self._details_url(meeting.id))

    def _file_from_request(self) -> MeetingFile:
        file_id = request.values.get("file_id", type=int)
        # The ORM narrows this to the user's scope: another street's file is not found.
        found = db.session.scalar(select(MeetingFile).where(MeetingFile.id == file_id))
        if found is None:
            abort(404)
        return found

    @expose("/files/download/")
    def download_file(self) -> Any:
        """The attached file under its original name, as a download (never shown inline)."""
        record = self._file_from_request()
        path = storage.path_of(record.stored_name)
        if not path.is_file():
            abort(404)
        return send_file(
            path,
            mimetype=record.content_type,
            as_attachment=True,
            download_name=record.filename,
        )

    @expose("/files/delete/", methods=["POST"])
    def delete_file(self) -> Any:
        """Remove an attached file: its record (audited) and then its bytes."""
        if not self.can_edit:
            abort(403)
        record = self._file_from_request()
        meeting_id, stored_name, name = record.meeting_id, record.stored_name, record.filename
        db.session.delete(record)
        db.session.commit()
        storage.remove(stored_name)
        flash(gettext("已删除附件：%(name)s", name=name), "success")
        return redirect(self._details_url(meeting_id))
