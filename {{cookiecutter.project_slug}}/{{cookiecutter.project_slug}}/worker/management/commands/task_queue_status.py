"""Report how the task queue is doing; exit with status 1 when it has stalled.

For a monitoring check or a timer: a task due for longer than
DJANGO_TASK_QUEUE_STALLED_SECONDS (5 minutes by default) means no worker is taking
work, well before its mail is hours late.
"""

from django.core.management.base import BaseCommand, CommandError

from {{ cookiecutter.project_slug }}.worker.queue import queue_state, seconds


class Command(BaseCommand):
    help = "Show the workers' heartbeats and the oldest waiting task; fail if stalled."

    def handle(self, **options):
        state = queue_state()
        wait = seconds(state.oldest_wait) if state.oldest_wait else "none"
        self.stdout.write(f"Tasks waiting: {state.waiting} (longest wait: {wait})")
        for worker_id, seen in state.workers:
            self.stdout.write(f"Worker {worker_id}: last seen {seconds(seen)} ago")
        if not state.workers:
            self.stdout.write("No worker has run yet.")
        if state.stalled:
            raise CommandError(f"Stalled: {state.describe()}")
