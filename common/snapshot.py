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

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import close_old_connections, connection, connections, transaction

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
        finally:
            # The exported snapshot lives as long as this transaction: wait for the other
            # lane before leaving it, whatever happened here.
            theirs = other.result()
        return mine, theirs


def _read_in(snapshot: str, read: Callable[[], B]) -> B:
    """Run `read` on this thread's connection, in the snapshot another transaction exported."""
    close_old_connections()  # a connection kept past CONN_MAX_AGE, or broken, is replaced
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            return read()
    finally:
        if not connection.settings_dict.get("CONN_MAX_AGE"):
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


def close_lanes() -> None:
    """Close the second lane's database connection, kept where CONN_MAX_AGE keeps the
    requests' own (before dropping a database, as the benchmarks do)."""
    with _lanes_lock:
        if _lanes is not None:
            _lanes.submit(connections.close_all).result()


def _forget_pool() -> None:
    """A forked process (a gunicorn or Celery worker) has no thread of its parent's."""
    global _lanes, _lanes_lock
    _lanes, _lanes_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)
