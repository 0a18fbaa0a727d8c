"""python manage.py backup PATH

Writes the database to PATH (SQLite: online backup; PostgreSQL: pg_dump -Fc) and, when files
are kept in the local folder, PATH.media.tar.gz beside it. Safe while the server runs."""

from django.core.management.base import BaseCommand, CommandError

from tdkt.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu (và thư mục tệp đính kèm) vào PATH."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp sao lưu sẽ tạo (không ghi đè tệp đã có)")

    def handle(self, *args, path, **options):
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for item in written:
            self.stdout.write(f"Đã ghi {item} ({item.stat().st_size:,} byte).")
