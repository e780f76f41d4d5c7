import gradelib as g

g.run_visible_tests(["test_units.py"])
u = g.import_project("units")

cases = [
    (1, "in", "cm", 2.54),
    (36, "in", "yd", 1.0),
    (1000, "mm", "in", 39.37007874015748),
    (63360, "in", "mi", 1.0),
    (5, "ft", "in", 60.0),
    (100, "cm", "m", 1.0),
    (1, "yd", "ft", 3.0),
    (2, "lb", "kg", 0.90718474),
    (1, "t", "g", 1e6),
    (1, "m", "in", 39.37007874015748),
]
for value, a, b, want in cases:
    g.expect("convert(%r, %r, %r)" % (value, a, b), lambda v=value, a=a, b=b: u.convert(v, a, b),
             want, approx=1e-9 * max(1.0, abs(want)))
g.expect("convert_text('24 in', 'ft')", lambda: u.convert_text("24 in", "ft"), "2.00 ft")
g.expect("convert_text('10 in', 'cm', 1)", lambda: u.convert_text("10 in", "cm", 1), "25.4 cm")
g.expect_raises("convert(1, 'in', 'kg')", lambda: u.convert(1, "in", "kg"), ValueError)
g.expect_raises("convert(1, 'furlong', 'm')", lambda: u.convert(1, "furlong", "m"), ValueError)
g.finish()
