"""Background generation of certificates and documents (progress in GenerationJob)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from .jobs import run

    return run(job_id)
