"""The task queue as operators see it: who works it, and how long work has waited."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import Heartbeat


def requeue_interrupted(worker_id):
    """Queue again the tasks left running by the worker of this id; return how many.

    Call it only when no process runs under this id (before the worker starts).
    """
    with transaction.atomic():
        left_running = [
            result.pk
            for result in DBTaskResult.objects.running().select_for_update()
            if result.worker_ids and result.worker_ids[-1] == worker_id
        ]
        DBTaskResult.objects.filter(pk__in=left_running).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return len(left_running)


@dataclass
class QueueState:
    waiting: int
    # How long the task that has waited longest has been due; None when none waits.
    oldest_wait: timedelta | None
    # Each worker id with how long ago it last looked for work, most recent first.
    workers: list[tuple[str, timedelta]]

    @property
    def stalled(self):
        """Whether a task has waited past DJANGO_TASK_QUEUE_STALLED_SECONDS."""
        limit = timedelta(seconds=settings.TASK_QUEUE_STALLED_SECONDS)
        return self.oldest_wait is not None and self.oldest_wait > limit

    def describe(self):
        parts = [f"{self.waiting} task(s) waiting"]
        if self.oldest_wait is not None:
            parts.append(f"the oldest due {seconds(self.oldest_wait)} ago")
        if self.workers:
            worker_id, seen = self.workers[0]
            parts.append(f"worker {worker_id} last seen {seconds(seen)} ago")
        else:
            parts.append("no worker has run yet")
        return "; ".join(parts)


def seconds(duration):
    return f"{duration.total_seconds():.0f} s"


def queue_state():
    now = timezone.now()
    due = DBTaskResult.objects.ready()
    # A task enqueued to run at once is due from its enqueueing; a deferred one
    # from its run_after.
    oldest = due.filter(run_after=get_date_max()).aggregate(
        at_once=Min("enqueued_at")
    ) | due.exclude(run_after=get_date_max()).aggregate(deferred=Min("run_after"))
    dates = [date for date in oldest.values() if date is not None]
    workers = [
        (heartbeat.worker_id, now - heartbeat.seen_at)
        for heartbeat in Heartbeat.objects.order_by("-seen_at")
    ]
    return QueueState(
        waiting=due.count(),
        oldest_wait=now - min(dates) if dates else None,
        workers=workers,
    )


def stalled_queue():
    """For readyz: what a stalled queue looks like, or None while work flows."""
    state = queue_state()
    return f"task queue stalled ({state.describe()})" if state.stalled else None
