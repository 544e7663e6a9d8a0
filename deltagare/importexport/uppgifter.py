"""The import's task in the queue (Django's tasks API, django-tasks-db): one task per step of
a run, carrying only the run's id; everything else is in the database."""

from django_tasks import task


@task()
def kor_import(korning_id: int, steg: str) -> None:
    from .arbete import kor

    kor(korning_id, steg)
