"""A restore that is going to refuse the media folder refuses before it touches the database:
restoring into a fresh database beside a live, non-empty media folder (docs/deploy.md section 8)
used to write the whole database and only then stop with an error, leaving a half-done restore
that the next attempt refused as "not empty"."""

from pathlib import Path

from tests.deploy.test_backup import environment, manage, run, seeded, snapshot

TABLES = ("import django; django.setup(); from django.db import connection; "
          "print(len(connection.introspection.table_names()))")


def test_restore_checks_the_media_folder_before_writing_the_database(tmp_path, fresh_databases):
    source = environment(tmp_path, "nguon", fresh_databases.new("nguon"))
    target = environment(tmp_path, "dich", fresh_databases.new("dich"))
    before = seeded(source)
    dump = tmp_path / "sao-luu" / "tdkt.backup"
    manage(source, "backup", str(dump))

    live = Path(target["TDKT_DATA_DIR"]) / "media" / "nominations"
    live.mkdir(parents=True)
    (live / "dang-dung.pdf").write_bytes(b"%PDF-1.4 live")

    refused = manage(target, "restore", str(dump), ok=False)
    assert refused.returncode != 0 and "không trống" in refused.stderr
    assert run(target, "-c", TABLES).stdout.strip() == "0"  # the database is untouched
    assert (live / "dang-dung.pdf").read_bytes() == b"%PDF-1.4 live"

    manage(target, "restore", "--force", str(dump))
    assert snapshot(target) == before
