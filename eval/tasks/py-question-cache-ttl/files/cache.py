"""A small in-memory cache with expiring entries."""
import time

from settings import load_settings


class Cache:
    def __init__(self, ttl=None, max_entries=None, clock=time.monotonic):
        settings = load_settings()
        self.ttl = settings["cache_ttl"] if ttl is None else ttl
        self.max_entries = settings["cache_max_entries"] if max_entries is None else max_entries
        self.clock = clock
        self._data = {}

    def set(self, key, value):
        if len(self._data) >= self.max_entries and key not in self._data:
            oldest = min(self._data, key=lambda k: self._data[k][1])
            del self._data[oldest]
        self._data[key] = (value, self.clock() + self.ttl)

    def get(self, key, default=None):
        item = self._data.get(key)
        if item is None or item[1] <= self.clock():
            self._data.pop(key, None)
            return default
        return item[0]
