from django.core.management.base import BaseCommand

from tdkt.worker.jobs import reap_stale_jobs


class Command(BaseCommand):
    help = ("Mark failed the imports, sweeps and document jobs whose worker died (heartbeat "
            "older than TDKT_JOB_STALE_SECONDS).")

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=None,
                            help="Stale after this many seconds (default: the setting).")

    def handle(self, *args, seconds=None, **options):
        reaped = reap_stale_jobs(seconds=seconds)
        self.stdout.write(", ".join(f"{kind}: {n}" for kind, n in reaped.items()))
