import unittest

from cache import Cache


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class CacheTest(unittest.TestCase):
    def test_expires(self):
        clock = FakeClock()
        cache = Cache(ttl=10, clock=clock)
        cache.set("a", 1)
        clock.now = 9.5
        self.assertEqual(cache.get("a"), 1)
        clock.now = 10.0
        self.assertIsNone(cache.get("a"))

    def test_evicts_oldest(self):
        cache = Cache(ttl=60, max_entries=2, clock=FakeClock())
        cache.set("a", 1)
        cache.set("b", 2)
        cache.set("c", 3)
        self.assertIsNone(cache.get("a"))
        self.assertEqual(cache.get("c"), 3)


if __name__ == "__main__":
    unittest.main()
