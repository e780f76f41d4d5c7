import unittest

from duration import format_duration, parse_duration


class ParseTest(unittest.TestCase):
    def test_single_unit(self):
        self.assertEqual(parse_duration("45s"), 45)
        self.assertEqual(parse_duration("2h"), 7200)

    def test_bare_number_is_seconds(self):
        self.assertEqual(parse_duration("90"), 90)

    def test_combined(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("2d 4h"), 187200)

    def test_errors(self):
        for bad in ["", "h", "1x", "1.5h"]:
            with self.assertRaises(ValueError):
                parse_duration(bad)


class FormatTest(unittest.TestCase):
    def test_format(self):
        self.assertEqual(format_duration(5400), "1h30m")
        self.assertEqual(format_duration(0), "0s")

    def test_round_trip(self):
        self.assertEqual(format_duration(parse_duration("1w 2d 3m")), "1w2d3m")


if __name__ == "__main__":
    unittest.main()
