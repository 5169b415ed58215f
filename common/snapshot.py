"""Reads of one moment: several database reads that see the same data, run side by side.

A page whose figures come from several statements (the evaluation dashboards) must not
mix two moments: a session logged between two statements would be counted by one and not
the other, and two figures that reconcile in the rows would not on the page. Reading them
in one REPEATABLE READ transaction gives every statement the same snapshot.

On PostgreSQL the reads also run side by side: the transaction exports its snapshot
(pg_export_snapshot) and a second connection, in a thread of its own, imports it (SET
TRANSACTION SNAPSHOT), so both see exactly the same data while the server works on both
at once. The wall time of the page is then the longer of the two lanes rather than their
sum (the executive dashboard cold: about 75 ms to 50 ms at 1,500 pairs).

Elsewhere the lanes run one after the other, in one transaction: on SQLite (a transaction
reads one state of the file), and inside a transaction already open (a test case's, or
a caller's): its isolation is already set, and its uncommitted rows would be invisible to
another connection.
"""

import logging
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

from django.core.signals import request_finished
from django.db import close_old_connections, connection, connections, transaction

logger = logging.getLogger(__name__)
SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9A-F]+")

A = TypeVar("A")
B = TypeVar("B")
_lanes: ThreadPoolExecutor | None = None
_lanes_lock = threading.Lock()


def one_moment(here: Callable[[], A], beside: Callable[[], B]) -> tuple[A, B]:
    """The results of the two reads, of the same moment of the database.

    `beside` runs on another connection when it can (see the module's docstring): it must
    only read, and only through the default database."""
    if connection.in_atomic_block:
        return here(), beside()
    with transaction.atomic():
        if connection.vendor != "postgresql":
            return here(), beside()
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        other = _pool().submit(_read_in, snapshot, beside)
        try:
            mine = here()
        except BaseException:
            # The exported snapshot lives as long as this transaction: wait for the other
            # lane before leaving it. Its own failure (often a consequence of this one: a
            # snapshot that could not be imported) must not hide the error that matters.
            wait([other])
            if other.exception() is not None:
                logger.warning("The second lane failed too.", exc_info=other.exception())
            raise
        return mine, other.result()


def _read_in(snapshot: str, read: Callable[[], B]) -> B:
    """Run `read` on this thread's connection, in the snapshot another transaction exported."""
    close_old_connections()  # a connection kept past CONN_MAX_AGE, or broken, is replaced
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # Written in the statement, not bound: SET takes no parameter on a server that
                # binds them itself. The identifier is PostgreSQL's own (hex digits, dashes).
                if not SNAPSHOT_ID.fullmatch(snapshot):
                    raise ValueError(f"unexpected snapshot identifier {snapshot!r}")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            return read()
    finally:
        if connection.settings_dict.get("CONN_MAX_AGE") == 0:
            connections.close_all()  # kept only where requests keep theirs


def _pool() -> ThreadPoolExecutor:
    """This process's thread for the second lanes (started at first use, after any fork).

    One thread: a gunicorn or Celery process serves one request or task at a time. Requests
    served at once by threads of one process (the development server) take turns in it."""
    global _lanes
    with _lanes_lock:
        if _lanes is None:
            _lanes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="one-moment")
        return _lanes


def tidy_lanes(*, close: bool = False) -> Future | None:
    """After a request or a task: close the second lane's connection if it has outlived
    CONN_MAX_AGE or broken (as Django does for the request's own at its end), or in any case
    (`close`: a Celery task, after which the process may wait for weeks). Does not wait:
    the future says when it is done."""
    with _lanes_lock:
        if _lanes is None:
            return None
        return _lanes.submit(connections.close_all if close else close_old_connections)


def close_lanes() -> None:
    """Close the second lane's database connection and wait for it (before dropping a
    database, as the benchmarks do)."""
    if (closing := tidy_lanes(close=True)) is not None:
        closing.result()


def _forget_pool() -> None:
    """A forked process (a gunicorn or Celery worker) has no thread of its parent's."""
    global _lanes, _lanes_lock
    _lanes, _lanes_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _tidy_after_request(**_kwargs: object) -> None:
    tidy_lanes()


request_finished.connect(_tidy_after_request, dispatch_uid="common.snapshot.tidy")
