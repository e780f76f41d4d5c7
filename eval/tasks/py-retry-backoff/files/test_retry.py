import unittest

from retry import retry


class Flaky:
    def __init__(self, failures, error=OSError):
        self.failures = failures
        self.error = error
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error("attempt %d failed" % self.calls)
        return "ok"


class RetryTest(unittest.TestCase):
    def test_succeeds_after_failures(self):
        waits = []
        fn = Flaky(2)
        self.assertEqual(retry(times=3, delay=0.5, sleep=waits.append)(fn)(), "ok")
        self.assertEqual(fn.calls, 3)
        self.assertEqual(waits, [0.5, 0.5])

    def test_gives_up(self):
        fn = Flaky(5)
        with self.assertRaises(OSError):
            retry(times=2, sleep=lambda s: None)(fn)()
        self.assertEqual(fn.calls, 2)

    def test_other_errors_not_retried(self):
        fn = Flaky(1, error=KeyError)
        with self.assertRaises(KeyError):
            retry(times=3, exceptions=(OSError,), sleep=lambda s: None)(fn)()
        self.assertEqual(fn.calls, 1)


if __name__ == "__main__":
    unittest.main()
