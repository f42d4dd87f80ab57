"""The shared cache (core/cache.py and settings): counters every process sees, exact and lasting."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

from core.cache import AtomicDatabaseCache


@pytest.fixture
def shared(db):
    cache = caches["shared"]
    cache.clear()
    return cache


def test_rate_limits_use_the_shared_cache_not_local_memory(settings):
    assert settings.RATELIMIT_USE_CACHE == "shared"
    assert "LocMemCache" not in settings.CACHES["shared"]["BACKEND"]


def test_an_increment_keeps_the_expiry_of_the_key(shared):
    if not isinstance(shared, AtomicDatabaseCache):
        pytest.skip("the Redis backend increments in Redis")
    shared.add("counter", 1, 3600)
    shared.incr("counter")
    table = connection.ops.quote_name(shared._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")
        (expires,) = cursor.fetchone()
    shared.incr("counter")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")
        assert cursor.fetchone() == (expires,)
    assert shared.get("counter") == 3


def test_incrementing_a_missing_key_raises_as_django_says(shared):
    with pytest.raises(ValueError):
        shared.incr("nothing-here")


@pytest.mark.django_db(transaction=True)
def test_parallel_increments_lose_no_count():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's shared in-memory test database refuses a second writer instead of waiting")
    cache = caches["shared"]
    cache.clear()
    cache.add("parallel", 0, 3600)
    errors = []

    def bump():
        try:
            for _ in range(10):
                cache.incr("parallel")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=bump) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert cache.get("parallel") == 50
