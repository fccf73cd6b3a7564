"""Run the task worker: django-tasks-db's db_worker, made to outlive database outages.

Same options as db_worker. The differences: a database error (connection lost,
database locked or read-only for a while) is logged and waited out with back-off
instead of ending the process; the tasks this worker id left running when it last
stopped are queued again first; and --worker-id defaults to HOST-worker, so that a
restarted worker finds its own interrupted tasks.
"""

import os
import socket

from django_tasks_db.management.commands import db_worker

from {{ cookiecutter.project_slug }}.worker.runner import OutageProofWorker


class Command(db_worker.Command):
    help = "Run the task worker, waiting out database outages instead of exiting."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Worker ids are at most 64 characters long.
        parser.set_defaults(worker_id=f"{socket.gethostname()[:57]}-worker")

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, **options):
        self.configure_logging(verbosity)
        worker = OutageProofWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not options["batch"]:
            # As db_worker does it: the reloader's child process works, and only it
            # handles the signals.
            if os.environ.get(db_worker.DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            db_worker.run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
