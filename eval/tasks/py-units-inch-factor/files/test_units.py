import unittest

from units import convert, convert_text, parse_quantity


class ConvertTest(unittest.TestCase):
    def test_metric(self):
        self.assertAlmostEqual(convert(2.5, "km", "m"), 2500)

    def test_miles(self):
        self.assertAlmostEqual(convert(1, "mi", "km"), 1.609344)

    def test_inches_to_feet(self):
        self.assertAlmostEqual(convert(12, "in", "ft"), 1.0)

    def test_mass(self):
        self.assertAlmostEqual(convert(16, "oz", "lb"), 1.0)

    def test_incompatible(self):
        with self.assertRaises(ValueError):
            convert(1, "kg", "m")

    def test_text(self):
        self.assertEqual(parse_quantity("12.5 kg"), (12.5, "kg"))
        self.assertEqual(convert_text("3 ft", "yd"), "1.00 yd")


if __name__ == "__main__":
    unittest.main()
