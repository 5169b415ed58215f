"""How Tandem is served: gunicorn's processes and threads, templates compiled once per
process, sessions read from Redis when there is one (never from a per-process memory)."""

import json
import os
import runpy
import subprocess
import sys

from django.conf import settings
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from mentoring.cache import RedisCacheClient

SHOW = """
import json, django
django.setup()
from django.conf import settings
cache = settings.CACHES["default"]["BACKEND"]
print(json.dumps({"sessions": settings.SESSION_ENGINE, "cache": cache}))
"""


def production(**environment: str) -> dict:
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "mentoring.settings",
            "SECRET_KEY": "a-long-random-production-key-" * 2,
            "ALLOWED_HOSTS": "tandem.example.com",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_gunicorn_runs_four_single_threaded_processes_a_core():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))

    assert config["wsgi_app"] == "mentoring.wsgi:application"
    assert (config["workers"], config["threads"]) == (4 * (os.cpu_count() or 1), 1)


def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.template_loaders

    assert [type(loader) for loader in loaders] == [CachedLoader]


def test_sessions_are_read_from_redis_and_never_from_one_process_memory():
    with_redis = production(REDIS_URL="redis://127.0.0.1:6379/9")
    without = production(REDIS_URL="")

    assert with_redis == {
        "sessions": "django.contrib.sessions.backends.cached_db",
        "cache": "mentoring.cache.RedisCache",
    }
    assert without["sessions"] == "django.contrib.sessions.backends.db"


def test_the_redis_cache_keeps_one_client_per_pool():
    client = RedisCacheClient(["redis://127.0.0.1:6379/9"])

    assert client.get_client("a") is client.get_client("b", write=True)
    assert client.get_client().connection_pool is client._get_connection_pool(write=False)
