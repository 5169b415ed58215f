"""The suite really talks to PostgreSQL and Redis when DATABASE_URL and REDIS_URL say so.

Skipped otherwise (see pytest_collection_modifyitems in conftest.py); .ci/run sets both.
"""

import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from mentoring.celery import app as celery_app


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_database_url_points_at_it() -> None:
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL")


@pytest.mark.redis
def test_the_cache_round_trips_through_redis() -> None:
    key = f"round-trip-{uuid.uuid4().hex}"
    cache.set(key, {"answer": 42}, timeout=30)
    try:
        assert cache.get(key) == {"answer": 42}
        # The value sits in Redis itself, under the prefixed key.
        server = redis.Redis.from_url(settings.REDIS_URL)
        assert server.exists(cache.make_key(key)) == 1
    finally:
        cache.delete(key)
    assert cache.get(key) is None


@pytest.mark.redis
def test_celery_is_configured_with_the_redis_broker() -> None:
    assert celery_app.conf.broker_url == settings.REDIS_URL
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1)
        assert broker.transport.driver_type == "redis"
