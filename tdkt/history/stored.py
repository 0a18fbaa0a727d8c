"""Uploaded import workbooks in the file storage (settings.STORAGES["default"]: the local
folder or S3-compatible object storage), so the web server that receives an upload and the
task worker that reads it need not be the same machine. ImportJob.stored_path holds the
storage name ("imports/<hex>.xlsx"); an absolute path is a file written before storage was
used, read from the local disk."""

import contextlib
import os
import shutil
import tempfile
import uuid

from django.core.files.storage import default_storage

PREFIX = "imports/"


def save_upload(upload) -> str:
    """Store an uploaded workbook; returns its storage name."""
    return default_storage.save(f"{PREFIX}{uuid.uuid4().hex}.xlsx", upload)


def _legacy(name: str) -> bool:
    return os.path.isabs(name)


def exists(name: str) -> bool:
    if not name:
        return False
    return os.path.exists(name) if _legacy(name) else default_storage.exists(name)


def discard(name: str) -> None:
    if not exists(name):
        return
    if _legacy(name):
        os.remove(name)
    else:
        default_storage.delete(name)


@contextlib.contextmanager
def local_copy(name: str):
    """The workbook as a seekable local file (reading a zip needs random access); a temporary
    copy, removed on exit, whatever the storage."""
    with tempfile.TemporaryFile(suffix=".xlsx") as copy:
        source = open(name, "rb") if _legacy(name) else default_storage.open(name, "rb")  # noqa: SIM115
        with source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.seek(0)
        yield copy
