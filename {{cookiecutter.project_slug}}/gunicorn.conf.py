"""Gunicorn settings, tuned through environment variables.

Run `gunicorn` in this folder with no arguments to serve the site. Each setting
below names the variable that changes it; see the README for the full table.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Listen on loopback by default: a proxy (nginx, a load balancer) faces the network.
# Never let gunicorn face the internet itself: its workers wait for slow clients, and
# a few of them hold every worker (deploy/nginx.conf). GUNICORN_BIND=unix:/path listens
# on a Unix socket instead.
bind = os.environ.get(
    "GUNICORN_BIND",
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
)

# Gunicorn reads X-Forwarded-Proto too (for wsgi.url_scheme): from the same proxies
# as Django (DJANGO_TRUSTED_PROXIES), and from no one when that is empty.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")

# Workers are processes, each answering one request at a time: the sync worker. It
# measured as fast as threads for this site, and steadier; a worker that dies loses
# only the request it was answering. GUNICORN_THREADS above 1 switches to the threaded
# worker, for views that wait on slow services.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# WhiteNoise's files are small (compressed, fingerprinted stylesheets and icons):
# copying them through Python measured faster than handing them to sendfile().
sendfile = False

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Each worker touches a file every second to show the master it is alive. On a disk
# that can stall (a container's overlay file system) a late touch looks like a hung
# worker: the Containerfile points this at /dev/shm, which lives in memory.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None

# Load the site once in the master process, before forking the workers: a worker
# starts in milliseconds instead of importing Django again, which matters because of
# the recycling below, and the workers share the loaded code's memory. A deploy
# therefore needs a restart; a HUP signal does not load new code.
preload_app = True

# Recycle each worker after a number of requests, staggered, to contain slow leaks.
# Not too often: a new worker starts with empty caches.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# Django logs each request as one JSON line on stdout (see operations/middleware.py), with
# its request id, so gunicorn's own access log is off unless GUNICORN_ACCESSLOG names
# a file (or - for stdout). Gunicorn's error log (start, stop, worker deaths) stays
# plain text on stderr, apart from the application's JSON.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# No runtime control socket: nothing should steer the server but its supervisor.
control_socket_disable = True
