import unittest

from logstats import count_by_level, errors_by_hour, noisiest_component

LOG = """\
2024-03-05 09:15:02 INFO [web] started
2024-03-05 09:20:40 ERROR [payments] card declined
2024-03-05 11:02:13 WARNING [web] slow request
garbage line without a timestamp
2024-03-05 14:07:31 ERROR [payments] card declined
2024-03-05 14:59:59 ERROR [mail] smtp timeout
2024-03-05 17:30:00 INFO [payments] refund issued
""".splitlines()


class LogStatsTest(unittest.TestCase):
    def test_levels(self):
        counts = count_by_level(LOG)
        self.assertEqual(counts["ERROR"], 3)
        self.assertEqual(counts["INFO"], 2)

    def test_errors_by_hour(self):
        self.assertEqual(errors_by_hour(LOG), {9: 1, 14: 2})

    def test_noisiest(self):
        self.assertEqual(noisiest_component(LOG), "payments")


if __name__ == "__main__":
    unittest.main()
