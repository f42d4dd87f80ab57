"""REDIS_URL switches the cache to Redis; CI runs this module against a real redis-server."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache


def test_cache_backend_follows_redis_url():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_round_trip_with_chinese_values():
    cache.set("linli-test", {"标题": "花石社区"}, 30)
    assert cache.get("linli-test") == {"标题": "花石社区"}
    cache.delete("linli-test")
    assert cache.get("linli-test") is None


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts redis-server)")
@pytest.mark.django_db
def test_pages_are_cached_in_redis(client, article):
    import redis

    client.get("/news/")
    assert client.get("/news/")["X-Page-Cache"] == "hit"
    keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys("*page:*")
    assert keys
