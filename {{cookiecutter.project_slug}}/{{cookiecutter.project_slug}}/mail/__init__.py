"""Mail: the one way every app sends an e-mail, on the task worker.

`send_email.enqueue(...)` (tasks.py) queues the mail and the request answers at
once; the worker talks to the mail server, and tries again later when it fails.
"""
