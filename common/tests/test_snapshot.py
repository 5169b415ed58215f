"""Reads of one moment (common/snapshot.py): two lanes that see the same data, side by side
on PostgreSQL, one after the other elsewhere and inside a transaction already open."""

import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections, transaction

from common.snapshot import close_lanes, one_moment


@pytest.fixture
def probe(transactional_db: None) -> Iterator[None]:
    """A table of its own, committed, with one row: the other connections see it."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE common_snapshot_probe (n integer)")
        cursor.execute("INSERT INTO common_snapshot_probe VALUES (1)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE common_snapshot_probe")


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM common_snapshot_probe")
        return cursor.fetchone()[0]


def backend() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def commit_a_row_elsewhere() -> None:
    """Insert and commit a row from a connection of its own (another thread's)."""

    def insert() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO common_snapshot_probe VALUES (2)")
        finally:
            connections.close_all()

    thread = threading.Thread(target=insert)
    thread.start()
    thread.join()


@pytest.mark.postgres
def test_on_postgresql_the_lanes_run_on_two_connections_of_one_snapshot(probe: None) -> None:
    committed = threading.Event()

    def here() -> tuple[int, int, int | None]:
        before = rows()
        commit_a_row_elsewhere()
        committed.set()
        return before, rows(), backend()

    def beside() -> tuple[int, int | None]:
        # Reads only once the other row is committed: the snapshot is older than the row.
        assert committed.wait(10)
        return rows(), backend()

    (before, after, mine), (theirs, other) = one_moment(here, beside)

    assert (before, after, theirs) == (1, 1, 1)
    assert mine != other
    assert rows() == 2  # the row was committed: the next moment sees it


@pytest.mark.postgres
def test_the_second_lane_waits_for_the_first_to_fail_and_its_own_error_is_raised(
    probe: None,
) -> None:
    finished = threading.Event()

    def beside() -> int:
        count = rows()
        finished.set()
        return count

    def failing() -> int:
        raise LookupError("here")

    with pytest.raises(LookupError, match="here"):
        one_moment(failing, beside)
    assert finished.is_set()

    def failing_beside() -> int:
        rows()
        raise LookupError("beside")

    with pytest.raises(LookupError, match="beside"):
        one_moment(rows, failing_beside)
    assert rows() == 1  # the connection is usable after both


def test_inside_a_transaction_the_lanes_run_one_after_the_other_on_its_connection(
    probe: None,
) -> None:
    order: list[str] = []

    def here() -> int | None:
        order.append("here")
        return backend()

    def beside() -> int | None:
        order.append("beside")
        return backend()

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO common_snapshot_probe VALUES (2)")  # not committed yet
        (mine, counted), (theirs, also) = one_moment(
            lambda: (here(), rows()), lambda: (beside(), rows())
        )
    assert order == ["here", "beside"]
    assert mine == theirs
    assert counted == also == 2  # both see the transaction's own row


def test_on_sqlite_the_lanes_run_in_one_transaction(probe: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's path")
    seen: list[bool] = []

    def lane() -> int:
        seen.append(connection.in_atomic_block)
        return rows()

    assert one_moment(lane, lane) == (1, 1)
    assert seen == [True, True]


@pytest.mark.postgres
def test_when_both_lanes_fail_the_first_lanes_error_is_raised(probe: None) -> None:
    def failing(where: str) -> Callable[[], int]:
        def read() -> int:
            rows()
            raise LookupError(where)

        return read

    with pytest.raises(LookupError, match="here"):
        one_moment(failing("here"), failing("beside"))


@pytest.mark.postgres
def test_the_second_lane_keeps_its_connection_as_requests_do_until_tidied(
    probe: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def backends() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_type = 'client backend'"
            )
            return cursor.fetchone()[0]

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    try:
        one_moment(rows, rows)
        assert backends() == 2  # the request's and the lane's, kept for the next one
    finally:
        close_lanes()
    assert backends() == 1
