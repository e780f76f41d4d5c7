"""Summarise an expenses file by category.

Usage: python3 report.py [--csv] expenses.txt

Each line of the file is `date, category, amount`; blank lines and lines
starting with # are ignored.
"""
import argparse
import csv
import io
import sys
from collections import defaultdict


def load(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            date, category, amount = [part.strip() for part in line.split(",")]
            rows.append((date, category, float(amount)))
    return rows


def summarize(rows):
    """[(category, count, total)], biggest total first, then by name."""
    acc = defaultdict(lambda: [0, 0.0])
    for _, category, amount in rows:
        acc[category][0] += 1
        acc[category][1] += amount
    summary = [(cat, n, round(total, 2)) for cat, (n, total) in acc.items()]
    return sorted(summary, key=lambda r: (-r[2], r[0]))


def format_table(summary):
    lines = ["%-14s %5s %10s" % ("Category", "Count", "Total")]
    for category, count, total in summary:
        lines.append("%-14s %5d %10.2f" % (category, count, total))
    return "\n".join(lines)


def format_csv(summary):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["category", "count", "total"])
    for category, count, total in summary:
        writer.writerow([category, count, "%.2f" % total])
    return out.getvalue().rstrip("\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Summarise expenses by category.")
    parser.add_argument("file", help="expenses file")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    args = parser.parse_args(argv)
    summary = summarize(load(args.file))
    print(format_csv(summary) if args.csv else format_table(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
