"""Put back in the queue the tasks a worker was running when it died.

db_worker marks a task running when it takes it, and finished when it is done. A worker
killed in between (kill -9, a crash, a lost machine) leaves the task marked running,
and no worker takes it again. `run_worker` does this itself when it starts; run this
by hand for a worker id that will not start again (a node taken away).
"""

from django.core.management.base import BaseCommand

from {{ cookiecutter.project_slug }}.worker.queue import requeue_interrupted


class Command(BaseCommand):
    help = "Queue again the tasks left running by the worker of this id."

    def add_arguments(self, parser):
        parser.add_argument(
            "worker_id", help="the id the worker runs with (--worker-id)"
        )

    def handle(self, *, worker_id, **options):
        count = requeue_interrupted(worker_id)
        self.stdout.write(f"Queued again {count} task(s) left running by {worker_id}.")
