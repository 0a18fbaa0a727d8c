"""`manage.py backup` and `manage.py restore` as an operator runs them, on a database file (or
a PostgreSQL database) of their own: a backup restored into an empty database holds the same
rows and the same attached files; a database that has data is never overwritten by accident."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SNAPSHOT = """
import json, django
django.setup()
from django.apps import apps
from tdkt.people.models import Person
counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()
          if m._meta.managed and not m._meta.proxy}
people = sorted(Person.objects.values_list("full_name", "id_number", "unit__code"))
print(json.dumps({"counts": counts, "people": people}))
"""

SEED = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from tests.factories import make_person
make_person("STP-01-VP", "Trần Thị Hồng")
make_person("STP-79-VP", "Lê Văn Bình", gender="male")
default_storage.save("nominations/2026/to-trinh.pdf", ContentFile("%PDF-1.4 hồ sơ".encode()))
"""


def run(env, *args, ok=True):
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def manage(env, *args, ok=True):
    return run(env, "manage.py", *args, ok=ok)


def environment(tmp: Path, name: str, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "TDKT_S3_BUCKET"}}
    env.update({
        "SECRET_KEY": "backup-test-secret-key-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "tdkt.settings",
        "DATABASE_URL": database_url or f"sqlite:///{tmp / name}.sqlite3",
        "TDKT_DATA_DIR": str(tmp / f"{name}-data"),
        "TDKT_ADMIN_PASSWORD": "Quan-Tri-He-Thong-2026",
    })
    return env


def snapshot(env) -> dict:
    return json.loads(run(env, "-c", SNAPSHOT).stdout)


def seeded(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_organisation")
    manage(env, "create_admin", "quantri", "--full-name", "Nguyễn Văn An",
           "--email", "quantri@moj.gov.vn")
    run(env, "-c", SEED)
    return snapshot(env)


def check_round_trip(tmp: Path, source: dict, target: dict):
    before = seeded(source)
    assert before["counts"]["people.Person"] == 2 and before["counts"]["accounts.User"] == 1
    assert before["counts"]["organisation.Unit"] > 700
    assert before["counts"]["audit.Action"] >= 2

    dump = tmp / "sao-luu" / "tdkt-2026-12-06.backup"
    manage(source, "backup", str(dump))
    assert dump.exists() and (tmp / "sao-luu" / "tdkt-2026-12-06.backup.media.tar.gz").exists()
    again = manage(source, "backup", str(dump), ok=False)  # never overwrites a backup
    assert again.returncode != 0 and "đã có" in again.stderr

    manage(target, "restore", str(dump))
    after = snapshot(target)
    assert after == before
    restored = Path(target["TDKT_DATA_DIR"]) / "media" / "nominations" / "2026" / "to-trinh.pdf"
    assert restored.read_bytes() == "%PDF-1.4 hồ sơ".encode()

    # The restored system works: migrations are all applied, the admin's password holds.
    assert "[ ]" not in manage(target, "showmigrations").stdout
    login = run(target, "-c", "import django; django.setup(); "
                "from tdkt.accounts.models import User; "
                "print(User.objects.get(username='quantri').check_password("
                "'Quan-Tri-He-Thong-2026'))")
    assert login.stdout.strip() == "True"

    # A database that has tables is refused unless --force.
    refused = manage(target, "restore", str(dump), ok=False)
    assert refused.returncode != 0 and "không trống" in refused.stderr
    run(target, "-c", "import django; django.setup(); from tests.factories import make_person; "
        "make_person('STP-01-VP', 'Người Thêm Sau', id_number='001099000999')")
    assert snapshot(target)["counts"]["people.Person"] == 3
    manage(target, "restore", "--force", str(dump))
    assert snapshot(target) == before


def test_a_backup_restores_into_an_empty_database(tmp_path, fresh_databases):
    # SQLite files when the suite runs on SQLite; PostgreSQL databases (pg_dump / pg_restore)
    # when it runs on PostgreSQL.
    check_round_trip(tmp_path, environment(tmp_path, "nguon", fresh_databases.new("nguon")),
                     environment(tmp_path, "dich", fresh_databases.new("dich")))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    env = environment(tmp_path, "trong")
    junk = tmp_path / "khong-phai.backup"
    junk.write_bytes(b"hello")
    done = manage(env, "restore", str(junk), ok=False)
    assert done.returncode != 0 and "không phải bản sao lưu" in done.stderr
