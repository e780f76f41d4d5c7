import csv
import io
import os
import subprocess
import sys

import gradelib as g

g.run_visible_tests(["test_report.py"])

DATA = """# hidden sample
2024-04-01, rent, 950.00
2024-04-02, coffee, 3.10
2024-04-02, books, 18.75
2024-04-03, coffee, 3.40

2024-04-04, books, 7.25
2024-04-05, coffee, 2.50
"""
# expected summary: rent 1 950.00, books 2 26.00, coffee 3 9.00
WANT = [("rent", 1, 950.0), ("books", 2, 26.0), ("coffee", 3, 9.0)]
path = os.path.join(g.WORK, ".grader", "hidden_expenses.txt")
with open(path, "w", encoding="utf-8") as fh:
    fh.write(DATA)


def run(*args):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "report.py", *args], cwd=g.WORK, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)


proc = run("--csv", path)
if proc.returncode != 0:
    g.fail_now("`python3 report.py --csv FILE` exited with %d:\n%s" % (proc.returncode, proc.stderr[-1500:]))
rows = [r for r in csv.reader(io.StringIO(proc.stdout)) if r]
if not rows:
    g.fail_now("`python3 report.py --csv FILE` printed nothing")
header = [h.strip().lower() for h in rows[0]]
g.check("the CSV header row names a category column and a total column",
        "category" in header and "total" in header, "got header %r" % rows[0])
if "category" in header and "total" in header:
    ci, ti = header.index("category"), header.index("total")
    got = []
    for r in rows[1:]:
        try:
            got.append((r[ci].strip(), round(float(r[ti]), 2)))
        except (IndexError, ValueError):
            got.append(tuple(r))
    g.check("CSV data rows (category, total) in report order",
            got == [(c, t) for c, _, t in WANT], "got %r" % got)
    if "count" in header:
        ni = header.index("count")
        counts = [r[ni].strip() for r in rows[1:] if len(r) > ni]
        g.check("CSV count column", counts == ["1", "2", "3"], "got %r" % counts)
    widths = {len(r) for r in rows}
    g.check("every CSV row has the same number of fields", len(widths) == 1, "row lengths %r" % sorted(widths))

plain = run(path)
g.check("`python3 report.py FILE` (without --csv) still exits 0", plain.returncode == 0, plain.stderr[-500:])
lines = plain.stdout.splitlines()
g.check("without --csv the table is printed as before",
        bool(lines) and lines[0].split() == ["Category", "Count", "Total"] and len(lines) == 4
        and lines[1].split() == ["rent", "1", "950.00"], "got %r" % plain.stdout[:300])
os.remove(path)
g.finish()
