import unittest
from datetime import date

from billing import Invoice, days_late, is_overdue, reminder_level


class BillingTest(unittest.TestCase):
    def setUp(self):
        self.inv = Invoice("INV-7", date(2024, 1, 1), 200.0)

    def test_days_late(self):
        self.assertEqual(days_late(self.inv, date(2024, 2, 10)), 10)

    def test_paid_is_never_overdue(self):
        self.inv.paid = 200.0
        self.assertFalse(is_overdue(self.inv, date(2024, 6, 1)))

    def test_reminders(self):
        self.assertEqual(reminder_level(self.inv, date(2024, 1, 20)), 0)
        self.assertEqual(reminder_level(self.inv, date(2024, 5, 1)), 3)


if __name__ == "__main__":
    unittest.main()
