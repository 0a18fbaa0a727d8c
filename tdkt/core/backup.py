"""Backups of the database and the local media folder (`manage.py backup` / `restore`).

A backup is PATH (the database) plus, when files are stored in the local folder,
PATH.media.tar.gz beside it. SQLite: a copy made with SQLite's online backup API (consistent
while the server runs). PostgreSQL: `pg_dump -Fc` (custom format, for pg_restore). Object
storage (TDKT_S3_BUCKET) is not copied: use the bucket's own versioning (docs/deploy.md)."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A message for the operator (Vietnamese)."""


def media_archive(path: Path) -> Path:
    return path.with_name(path.name + ".media.tar.gz")


def _engine(alias="default") -> str:
    engine = settings.DATABASES[alias]["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {engine}.")


def _local_media_root() -> Path | None:
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


# --- PostgreSQL client ------------------------------------------------------------------


def _pg_args(alias="default") -> tuple[list[str], dict]:
    db = settings.DATABASES[alias]
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_tool(name: str, alias="default") -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"Không tìm thấy {name}: cài gói postgresql-client cùng phiên bản "
                          "với máy chủ PostgreSQL.")
    out = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    client_major = int(out.split()[-1].split(".")[0]) if out.split() else 0
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    if client_major < server_major:
        raise BackupError(f"{name} phiên bản {client_major} cũ hơn máy chủ PostgreSQL "
                          f"{server_major}: cài postgresql-client-{server_major}.")
    return tool


# --- backup -----------------------------------------------------------------------------


def backup(path: Path, alias="default") -> list[Path]:
    """Write the backup; returns the files written."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} đã có: chọn tên tệp khác (không ghi đè bản sao lưu cũ).")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [path]
    try:
        if _engine(alias) == "sqlite":
            _sqlite_backup(path, alias)
        else:
            _pg_backup(path, alias)
        media = _local_media_root()
        if media is not None:
            archive = media_archive(path)
            with tarfile.open(archive, "w:gz") as tar:
                if media.exists():
                    tar.add(media, arcname="media")
            written.append(archive)
    except BaseException:
        for item in written:
            item.unlink(missing_ok=True)
        raise
    return written


def _sqlite_backup(path: Path, alias) -> None:
    source = sqlite3.connect(settings.DATABASES[alias]["NAME"])
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # online: consistent while the server writes
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("Bản sao lưu không toàn vẹn (PRAGMA integrity_check).")
    finally:
        target.close()
        source.close()


def _pg_backup(path: Path, alias) -> None:
    tool = _pg_tool("pg_dump", alias)
    args, env = _pg_args(alias)
    done = subprocess.run([tool, *args, "-Fc", "--no-owner", "-f", str(path),
                           settings.DATABASES[alias]["NAME"]], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_dump lỗi: {done.stderr.strip()}")


# --- restore ----------------------------------------------------------------------------


def table_count(alias="default") -> int:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return len(connection.introspection.table_names(cursor))


def restore(path: Path, *, force=False, alias="default") -> list[str]:
    """Restore PATH (and its media archive, if any) into this database; returns what was done."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    engine = _engine(alias)
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = "sqlite" if head.startswith(SQLITE_MAGIC) else (
        "postgresql" if head.startswith(PG_MAGIC) else None)
    if kind is None:
        raise BackupError(f"{path} không phải bản sao lưu của hệ thống (SQLite hoặc pg_dump -Fc).")
    if kind != engine:
        raise BackupError(f"Bản sao lưu là của {kind}, cơ sở dữ liệu đang dùng là {engine}: "
                          "không khôi phục chéo được.")
    tables = table_count(alias)
    if tables and not force:
        raise BackupError(f"Cơ sở dữ liệu không trống ({tables} bảng): khôi phục vào một cơ sở "
                          "dữ liệu mới tạo, hoặc thêm --force để ghi đè toàn bộ.")
    archive = media_archive(path)
    media = _local_media_root()
    if archive.exists() and media is not None:
        _refuse_busy_media(media, force)  # before the database is touched, not half-way
    done = []
    connections[alias].close()
    if engine == "sqlite":
        _sqlite_restore(path, alias)
    else:
        _pg_restore(path, alias, clean=bool(tables))
    done.append(f"cơ sở dữ liệu ← {path}")
    if archive.exists() and media is not None:
        _restore_media(archive, media, force)
        done.append(f"tệp đính kèm ← {archive}")
    return done


def _sqlite_restore(path: Path, alias) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(settings.DATABASES[alias]["NAME"])
    try:
        source.backup(target)  # replaces every page of the target
    finally:
        target.close()
        source.close()


def _pg_restore(path: Path, alias, clean: bool) -> None:
    tool = _pg_tool("pg_restore", alias)
    args, env = _pg_args(alias)
    extra = ["--clean", "--if-exists"] if clean else []
    done = subprocess.run([tool, *args, *extra, "--no-owner", "--no-acl", "--exit-on-error",
                           "--single-transaction", "-d", settings.DATABASES[alias]["NAME"],
                           str(path)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore lỗi: {done.stderr.strip()}")


def _refuse_busy_media(media: Path, force: bool) -> None:
    if media.exists() and any(media.iterdir()) and not force:
        raise BackupError(f"Thư mục tệp {media} không trống: thêm --force để ghi đè.")


def _restore_media(archive: Path, media: Path, force: bool) -> None:
    _refuse_busy_media(media, force)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name == "media"
                   or m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media"):].lstrip("/") or "."
        tar.extractall(media, members=members, filter="data")  # no links out, no ../
