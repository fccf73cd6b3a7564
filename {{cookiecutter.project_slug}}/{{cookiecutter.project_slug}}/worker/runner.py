"""The task worker's loop, made to ride out database outages.

django-tasks-db's worker (its `db_worker` command) exits on the first database error
that is not a lock, and a task it was running when recording the outcome failed stays
marked running. This worker is the library's, with its loop and its recording of
outcomes replaced: a database error waits, with back-off, and the worker stays up.
"""

import logging
import time

from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from {{ cookiecutter.project_slug }}.operations.outages import (
    OUTAGE_ERRORS,
    Backoff,
    until_the_database_answers,
)

from .models import Heartbeat
from .queue import requeue_interrupted

logger = logging.getLogger(__name__)

# How often a worker writes its heartbeat, at most.
HEARTBEAT_SECONDS = 5


class OutageProofWorker(Worker):
    """django-tasks-db's Worker, which waits for the database instead of exiting."""

    def __init__(self, **options):
        super().__init__(**options)
        self._last_heartbeat = None
        self.outage = Backoff()

    def run(self):
        logger.info("Starting worker worker_id=%s", self.worker_id)
        until_the_database_answers(
            self.requeue_interrupted, "requeueing interrupted tasks"
        )
        while self.running:
            try:
                self.beat()
                db_task_result = self.claim_next()
            except OUTAGE_ERRORS as error:
                self.outage.wait(error, "looking for a task")
                continue
            if self.outage.waited:
                logger.warning("Database back: taking tasks again")
                self.outage.reset()
            if db_task_result is not None:
                self.run_task(db_task_result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            # Sleep only when there was nothing to do: after a task, look for the
            # next one at once.
            if self.running and db_task_result is None:
                time.sleep(self.interval)

    def requeue_interrupted(self):
        # Nothing else runs under this id (ids are unique per worker), so a task it
        # left running when it last stopped belongs to no process now.
        if count := requeue_interrupted(self.worker_id):
            logger.warning(
                "Queued again %d task(s) left running by %s", count, self.worker_id
            )

    def beat(self):
        now = time.monotonic()
        if self._last_heartbeat and now - self._last_heartbeat < HEARTBEAT_SECONDS:
            return
        Heartbeat.objects.update_or_create(
            worker_id=self.worker_id, defaults={"seen_at": timezone.now()}
        )
        self._last_heartbeat = now

    def claim_next(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            db_task_result = tasks.get_locked()
            if db_task_result is not None:
                db_task_result.claim(self.worker_id)
        return db_task_result

    def run_task(self, db_task_result):
        """Run the task, then record its outcome, waiting for the database if need be.

        A task that fails because the database did (it could not read or write)
        goes back in the queue: the task is not at fault, and runs again later.
        """
        self.running_task = True
        try:
            task = db_task_result.task
            result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=result), *result.args, **result.kwargs
                )
            else:
                value = task.call(*result.args, **result.kwargs)
        except OUTAGE_ERRORS as error:
            logger.warning(
                "Task id=%s met a database outage (%s); queued again",
                db_task_result.id,
                error,
            )
            self.record(db_task_result, "requeueing a task", self.requeue)
            # Wait before the next try, as for any outage: a database down for
            # minutes must not spin the worker through the same task.
            self.outage.wait(error, "running a task")
        except Exception as error:  # noqa: BLE001 (recorded with its traceback)
            self.record(
                db_task_result, "recording a failure", DBTaskResult.set_failed, error
            )
        else:
            self.record(
                db_task_result, "recording a success", self.set_successful, value
            )
        # KeyboardInterrupt and SystemExit (a forced stop) pass through: the task
        # stays running until this worker id starts again and queues it again.
        finally:
            self.running_task = False
            self._run_tasks += 1

    def record(self, db_task_result, doing, action, *args):
        """Call action(db_task_result, *args) until the database takes it; then
        signal the outcome, unless the task went back in the queue."""
        until_the_database_answers(lambda: action(db_task_result, *args), doing)
        if db_task_result.status != TaskResultStatus.READY:
            task_finished.send(
                sender=type(db_task_result.task.get_backend()),
                task_result=db_task_result.task_result,
            )

    @staticmethod
    def set_successful(db_task_result, return_value):
        try:
            db_task_result.set_successful(return_value)
        except OUTAGE_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 (a value JSON cannot hold)
            db_task_result.set_failed(error)

    @staticmethod
    def requeue(db_task_result):
        db_task_result.status = TaskResultStatus.READY
        db_task_result.started_at = None
        db_task_result.save(update_fields=["status", "started_at"])
