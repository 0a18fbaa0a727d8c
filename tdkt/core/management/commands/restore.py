"""python manage.py restore PATH [--force]

Restores a backup made by `manage.py backup` into this (empty) database, and the media files
from PATH.media.tar.gz if present. Refuses a database that already has tables unless --force.
Stop `make serve` first."""

from django.core.management.base import BaseCommand, CommandError

from tdkt.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu PATH vào cơ sở dữ liệu trống (--force: ghi đè)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp sao lưu do manage.py backup tạo")
        parser.add_argument("--force", action="store_true",
                            help="ghi đè cơ sở dữ liệu và thư mục tệp đã có dữ liệu")

    def handle(self, *args, path, force, **options):
        try:
            done = restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for line in done:
            self.stdout.write(f"Đã khôi phục {line}.")
        self.stdout.write("Chạy manage.py migrate (hoặc make serve) để cập nhật cấu trúc nếu "
                          "bản sao lưu cũ hơn phiên bản đang cài.")
