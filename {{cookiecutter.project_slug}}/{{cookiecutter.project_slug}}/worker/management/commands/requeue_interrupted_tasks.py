"""Put back in the queue the tasks a worker was running when it died.

db_worker marks a task running when it takes it, and finished when it is done. A worker
killed in between (kill -9, a crash, a lost machine) leaves the task marked running,
and no worker takes it again. Run this before a worker starts, with the id it runs
under: nothing else can be running that worker's tasks then.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Queue again the tasks left running by the worker of this id."

    def add_arguments(self, parser):
        parser.add_argument(
            "worker_id", help="the id db_worker runs with (--worker-id)"
        )

    def handle(self, *, worker_id, **options):
        with transaction.atomic():
            interrupted = [
                result.pk
                for result in DBTaskResult.objects.running().select_for_update()
                if result.worker_ids and result.worker_ids[-1] == worker_id
            ]
            DBTaskResult.objects.filter(pk__in=interrupted).update(
                status=TaskResultStatus.READY, started_at=None
            )
        self.stdout.write(
            f"Queued again {len(interrupted)} task(s) left running by {worker_id}."
        )
