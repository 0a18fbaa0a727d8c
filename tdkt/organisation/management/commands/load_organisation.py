"""python manage.py load_organisation [--if-empty]

Loads the sector's units and emulation clusters (reference data shipped with the project, not
demo data). `make serve` runs it with --if-empty on every start."""

from django.core.management.base import BaseCommand

from tdkt.organisation.loader import load_organisation
from tdkt.organisation.models import Unit


class Command(BaseCommand):
    help = "Nạp cây đơn vị và cụm, khối thi đua của ngành (dữ liệu gốc, không phải dữ liệu mẫu)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="chỉ nạp khi chưa có đơn vị nào")

    def handle(self, *args, if_empty, **options):
        if if_empty and Unit.objects.exists():
            return
        counts = load_organisation()
        self.stdout.write(
            f"Đã nạp cây đơn vị: {counts['units_created']} đơn vị mới, "
            f"{counts['units_updated']} cập nhật, {counts['clusters_created']} cụm mới."
        )
