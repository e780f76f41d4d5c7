import unittest

from invoice import Invoice
from pricing import add_tax, apply_discount, line_total


class PricingTest(unittest.TestCase):
    def test_line_total(self):
        self.assertEqual(line_total(2.5, 4), 10.0)

    def test_discount_in_percent(self):
        self.assertEqual(apply_discount(200, 25), 150.0)
        self.assertEqual(apply_discount(80, 0), 80.0)

    def test_tax(self):
        self.assertEqual(add_tax(100, 0.2), 120.0)


class InvoiceTest(unittest.TestCase):
    def test_total_with_discount(self):
        inv = Invoice("ACME", discount=10)
        inv.add("widget", 20.0, quantity=5)
        self.assertEqual(inv.total(), 108.0)

    def test_rejects_bad_discount(self):
        with self.assertRaises(ValueError):
            Invoice("ACME", discount=150)


if __name__ == "__main__":
    unittest.main()
