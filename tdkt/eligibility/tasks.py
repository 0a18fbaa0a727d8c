from django_tasks import task

from .models import Sweep


@task()
def run_sweep_task(sweep_id: int) -> int:
    from .services import run_sweep

    sweep = Sweep.objects.select_related("root").get(pk=sweep_id)
    return run_sweep(sweep).processed
