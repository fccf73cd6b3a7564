"""Worker: keeping the task worker (`manage.py db_worker`, django-tasks-db) healthy.

`manage.py requeue_interrupted_tasks` puts back in the queue the tasks a worker was
running when it stopped (deploy/worker.service runs it before each start).
"""
