import csv
import io
import os
import subprocess
import sys
import unittest

from report import format_csv

HERE = os.path.dirname(os.path.abspath(__file__))


class CsvTest(unittest.TestCase):
    def test_format_csv(self):
        text = format_csv([("eating out", 1, 31.0), ("transport", 2, 5.8)])
        self.assertEqual(text, "category,count,total\neating out,1,31.00\ntransport,2,5.80")

    def test_cli_option(self):
        out = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "--csv",
                              os.path.join(HERE, "expenses.txt")],
                             capture_output=True, text=True, check=True).stdout
        rows = list(csv.reader(io.StringIO(out)))
        self.assertEqual(rows[0], ["category", "count", "total"])
        self.assertEqual(rows[1], ["groceries", "2", "66.55"])


if __name__ == "__main__":
    unittest.main()
