"""Uploaded files (scanned minutes, sign-in sheets) in the storage folder (decision 11).

The bytes go to ``app.config["JUWEI_STORAGE"]`` (default ``<instance>/files``,
a folder that backups include), under a random name that says nothing about
the file and cannot climb out of the folder; the record keeps the original
name, which is given back only as the download name. Several app hosts share
the folder (a network mount), so nothing here lives in process memory.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import re
import secrets
from pathlib import Path
from typing import IO

from flask import current_app

#: Largest upload accepted when the config says nothing (``JUWEI_MAX_UPLOAD_BYTES``).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024
_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")


class StorageError(ValueError):
    """A file that cannot be stored or found; the message is Chinese."""


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """What the record of a stored file keeps."""

    stored_name: str
    filename: str
    content_type: str
    size: int


def root() -> Path:
    """The storage folder of the current app, created on first use."""
    path = Path(current_app.config["JUWEI_STORAGE"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    """The size limit of one upload, in bytes."""
    return int(current_app.config.get("JUWEI_MAX_UPLOAD_BYTES") or DEFAULT_MAX_BYTES)


def clean_filename(filename: str) -> str:
    """The original name without any folder part or control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:190] + dot + suffix[:9]) if dot and len(suffix) < 10 else name[:200]
    return name


def path_of(stored_name: str) -> Path:
    """Where the bytes of ``stored_name`` are; refuses any name this module did not make."""
    if not _STORED_NAME.match(stored_name or ""):
        raise StorageError("文件存储名无效")
    return root() / stored_name[:2] / stored_name


def save(stream: IO[bytes], filename: str, content_type: str | None = None) -> StoredFile:
    """Copy ``stream`` into the storage folder; refuses an empty or too large file (Chinese).

    Reads in chunks and stops as soon as the limit is passed, so a huge upload
    is neither kept in memory nor left half-written on disk.
    """
    name = clean_filename(filename)
    if not name:
        raise StorageError("请选择要上传的文件")
    limit = max_bytes()
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with target.open("xb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise StorageError(
                        f"文件“{name}”超过 {limit // (1024 * 1024)} MB 的上传限制，未保存"
                    )
                out.write(chunk)
        if size == 0:
            raise StorageError(f"文件“{name}”是空文件，未保存")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    guessed = mimetypes.guess_type(name)[0]
    kind = guessed or (content_type or "").split(";")[0].strip() or "application/octet-stream"
    return StoredFile(stored_name=stored_name, filename=name, content_type=kind, size=size)


def remove(stored_name: str) -> None:
    """Delete the bytes of ``stored_name``; a file already gone is not an error."""
    path_of(stored_name).unlink(missing_ok=True)
