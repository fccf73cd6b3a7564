"""Worker: running the task worker (django-tasks-db) so that it outlives outages.

`manage.py run_worker` is db_worker waiting out database outages (runner.py); it
queues again, as it starts, what it was running when it last stopped. Its heartbeat
and the oldest waiting task (queue.py) show in `manage.py task_queue_status` and in
/readyz.
"""
