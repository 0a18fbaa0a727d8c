"""Demo: a finished sector-wide sweep of the last complete year, so the due list has content."""

import datetime

from tdkt.accounts.models import User
from tdkt.organisation.models import Unit

from .models import Sweep
from .services import run_sweep

ORDER = 70


def seed(ctx) -> None:
    year = ctx.year - 1
    sweep = Sweep.objects.create(
        root=Unit.objects.get(code="BTP"),
        year=year,
        as_of=datetime.date(year + 1, 1, 31),
        created_by=User.objects.filter(username="thuongtruc").first(),
    )
    run_sweep(sweep, progress_every=10_000)
    ctx.say(f"Rà soát điều kiện năm {year}: {sweep.entries.count()} kết quả đủ điều kiện")
