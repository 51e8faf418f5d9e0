"""The public pages are cached for people who are not signed in. Every write to the directory
moves the cache on to a new version, so a change shows at once."""

from django.core.cache import cache

VERSION_KEY = "directory:cache-version"
PUBLIC_MAX_AGE = 600


def cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def cache_move_on() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
