"""Riding out a database outage: wait for the database rather than lose the work.

A PostgreSQL restart closes every connection; an SQLite writer can hold its lock
past the busy timeout. Both raise OperationalError or InterfaceError, and both pass
within seconds. The task worker and the mail it sends wait them out with this.
"""

import contextlib
import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

# The errors that say the database could not be reached, not that the query was wrong.
OUTAGE_ERRORS = (OperationalError, InterfaceError)

# SQLite reports a missing table or column as an OperationalError too: that is a
# database not migrated, which no wait would fix.
NOT_AN_OUTAGE = ("no such table", "no such column")

# Seconds between tries: doubled each time, up to the last.
FIRST_DELAY = 0.5
LONGEST_DELAY = 30.0


class Backoff:
    """Waits that double from FIRST_DELAY to LONGEST_DELAY; reset() starts over."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.next_delay = FIRST_DELAY
        self.waited = False

    def wait(self, error, doing):
        """Log the outage, drop the broken connections, then sleep.

        Call it in the except block: an error that is not an outage is raised again.
        """
        if str(error).startswith(NOT_AN_OUTAGE):
            raise error
        delay = self.next_delay
        logger.warning(
            "Database unavailable while %s (%s: %s); trying again in %.1f s",
            doing,
            type(error).__name__,
            str(error).strip() or "no message",
            delay,
        )
        close_connections()
        time.sleep(delay)
        self.next_delay = min(delay * 2, LONGEST_DELAY)
        self.waited = True


def close_connections():
    """Close every connection, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        # A broken connection may fail to close: Django forgets it all the same.
        with contextlib.suppress(DatabaseError):
            connection.close()


def until_the_database_answers(action, doing):
    """Call action() until it gets through the database; return what it returns.

    Use it outside a transaction (a broken connection cannot be replaced inside
    one), for writes that must not be lost: recording that a mail was sent.
    """
    backoff = Backoff()
    while True:
        try:
            result = action()
        except OUTAGE_ERRORS as error:
            backoff.wait(error, doing)
        else:
            if backoff.waited:
                logger.warning("Database back: %s done", doing)
            return result
