import unittest

from retry import retry
from test_retry import Flaky


class BackoffTest(unittest.TestCase):
    def test_exponential(self):
        waits = []
        with self.assertRaises(OSError):
            retry(times=4, delay=1, backoff=2, sleep=waits.append)(Flaky(9))()
        self.assertEqual(waits, [1, 2, 4])

    def test_max_delay(self):
        waits = []
        retry(times=5, delay=1, backoff=3, max_delay=5, sleep=waits.append)(Flaky(4))()
        self.assertEqual(waits, [1, 3, 5, 5])


if __name__ == "__main__":
    unittest.main()
