"""seed_demo: a demo CA and signing certificate for "Bộ Tư pháp" in DATA_DIR/signing/, so that
`make run` produces signed PDFs (documents/signing.py)."""

from . import signing

ORDER = 90


def seed(ctx):
    p12, _ = signing.make_demo_ca(signing.demo_dir())
    ctx.say(f"  chứng thư số thử nghiệm ký văn bản: {p12}")
