import os
import unittest

from report import format_table, load, summarize

HERE = os.path.dirname(os.path.abspath(__file__))


class ReportTest(unittest.TestCase):
    def test_load(self):
        rows = load(os.path.join(HERE, "expenses.txt"))
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[0], ("2024-03-01", "groceries", 54.2))

    def test_summarize(self):
        rows = [("d", "a", 1.0), ("d", "b", 5.0), ("d", "a", 2.5)]
        self.assertEqual(summarize(rows), [("b", 1, 5.0), ("a", 2, 3.5)])

    def test_table(self):
        table = format_table([("groceries", 2, 66.55)])
        self.assertEqual(table.splitlines()[1].split(), ["groceries", "2", "66.55"])


if __name__ == "__main__":
    unittest.main()
