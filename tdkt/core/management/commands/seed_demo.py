"""Build a realistic synthetic sector for demonstration and benchmarks.

Each bounded area contributes a `demo.py` module with `ORDER` and `seed(ctx)`; this
command runs them in order, so later areas (history, movements…) add their own data."""

import importlib
import random
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tdkt.core.db import refresh_planner_statistics


@dataclass
class SeedContext:
    rng: random.Random
    scale: float
    seed: int
    stdout: object
    year: int = 2026
    shared: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.stdout.write(message)


def demo_modules():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tdkt."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        found.append(module)
    return sorted(found, key=lambda m: m.ORDER)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tổ chức ngành Tư pháp, cán bộ tổng hợp và tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1, help="1.0 ≈ 14.000 cán bộ")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Bỏ qua nếu đã có dữ liệu cán bộ"
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        from tdkt.people.models import Person

        if scale <= 0 or scale > 5:
            raise CommandError("--scale phải trong khoảng (0; 5].")
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("Đã có dữ liệu, bỏ qua tạo dữ liệu mẫu.")
                return
            raise CommandError("Cơ sở dữ liệu đã có cán bộ; dùng cơ sở dữ liệu trống để tạo mẫu.")
        ctx = SeedContext(rng=random.Random(seed), scale=scale, seed=seed, stdout=self.stdout)
        started = time.perf_counter()
        with transaction.atomic():
            for module in demo_modules():
                step = time.perf_counter()
                module.seed(ctx)
                ctx.say(f"  {module.__name__}: {time.perf_counter() - step:.1f} s")
            refresh_planner_statistics()
        ctx.say(f"Xong trong {time.perf_counter() - started:.1f} s.")
