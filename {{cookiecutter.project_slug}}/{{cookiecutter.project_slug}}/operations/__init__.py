"""Operations: what the people who run the site need from it.

- Health probes for a load balancer or an orchestrator: ``/healthz`` (the process
  answers) and ``/readyz`` (it can reach what a request needs), in views.py and
  health.py.
- An id for each request (request_id.py), on its response and on every log line
  made while serving it, and one log line per request (middleware.py); production
  writes them as JSON (json_logs.py).
- Static files answered around the WSGI application, before Django handles the
  request (static_files.py, wrapped in config/wsgi.py).
"""
