"""The image's HEALTHCHECK: exit 0 when gunicorn's /healthz answers 200, 1 otherwise.

In Python because the slim image has no curl. It sends the first host name of
DJANGO_ALLOWED_HOSTS, which the site requires of every request.
"""

import http.client
import os
import sys


def main():
    hosts = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")
    host = hosts[0].strip().lstrip(".") or "localhost"
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": host})
        status = connection.getresponse().status
    except OSError:
        return 1
    finally:
        connection.close()
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
