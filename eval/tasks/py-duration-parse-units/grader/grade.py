import gradelib as g

g.run_visible_tests(["test_duration.py"])
d = g.import_project("duration")

cases = {
    "3m": 180, "10h": 36000, "1d": 86400, "1w": 604800, "7": 7, "0s": 0,
    "1m1s": 61, "2h 15m 30s": 8130, "1d1h1m1s": 90061, "1h 30": 3630,
    "12m 5": 725, "1W 1D": 691200, "  20m  ": 1200, "100s": 100,
}
for text, want in cases.items():
    g.expect("parse_duration(%r)" % text, lambda t=text: d.parse_duration(t), want)
for bad in ["m30", "1h-30m", "   ", "5 x", "1,5h"]:
    g.expect_raises("parse_duration(%r)" % bad, lambda t=bad: d.parse_duration(t), ValueError)
for secs in [1, 59, 61, 3600, 3661, 86399, 90061, 694861]:
    g.expect("parse_duration(format_duration(%d))" % secs,
             lambda s=secs: d.parse_duration(d.format_duration(s)), secs)
g.finish()
