#!/bin/sh
# The image's entry point: its first argument chooses the role, as the systemd units
# in deploy/ do. Each role replaces this shell (exec), so that the container's stop
# signal reaches gunicorn or the worker itself.
#
#   web (the default)  gunicorn with gunicorn.conf.py, on port 8000
#   worker             the task worker, after requeueing the tasks it left running
#   anything else      a manage.py command: migrate, backup, restore ARCHIVE, shell...
set -eu

case "${1:-web}" in
web)
    exec gunicorn
    ;;
worker)
    # A stable WORKER_ID (compose.yaml sets one) lets a restarted worker requeue
    # the tasks it was running when it died; the container's name is the fallback.
    worker_id="${WORKER_ID:-$(hostname)-worker}"
    python manage.py requeue_interrupted_tasks "$worker_id"
    exec python manage.py db_worker --worker-id "$worker_id"
    ;;
*)
    exec python manage.py "$@"
    ;;
esac
