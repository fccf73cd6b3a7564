"""A logging formatter that writes each record as one line of JSON, for log collectors."""

import json
import logging
from datetime import UTC, datetime

# Set on a record by RequestIdFilter and the request log middleware, when they apply.
OPTIONAL_FIELDS = ("request_id", "method", "path", "status", "duration_ms")

# default=str: a value json cannot encode is written as its text, never lost.
ENCODER = json.JSONEncoder(default=str)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = vars(record)
        entry |= {field: fields[field] for field in OPTIONAL_FIELDS if field in fields}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return ENCODER.encode(entry)
