"""Generate a demo CA and a signing certificate for "Bộ Tư pháp" (never for real use)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from tdkt.documents import signing


class Command(BaseCommand):
    help = ("Tạo CA thử nghiệm và chứng thư số ký văn bản của Bộ Tư pháp (chỉ để trình diễn) "
            "trong thư mục dữ liệu.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="", help="Thư mục ghi (mặc định DATA_DIR/signing)")
        parser.add_argument("--passphrase", default=signing.DEMO_PASSPHRASE)
        parser.add_argument("--force", action="store_true", help="Tạo lại nếu đã có")

    def handle(self, *args, dir, passphrase, force, **options):
        target = Path(dir) if dir else signing.demo_dir()
        p12, ca = signing.make_demo_ca(target, passphrase, force=force)
        self.stdout.write(f"Chứng thư ký số: {p12}\nChứng thư gốc (CA): {ca}\n"
                          f"TDKT_SIGNING_P12={p12} TDKT_SIGNING_PASSPHRASE=… "
                          f"TDKT_SIGNING_TRUST_ROOTS={ca}")
