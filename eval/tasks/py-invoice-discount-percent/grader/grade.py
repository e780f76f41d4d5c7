import gradelib as g

g.run_visible_tests(["test_invoice.py"])
pricing = g.import_project("pricing")
invoice = g.import_project("invoice")

for amount, pct, want in [(100, 10, 90.0), (59.98, 50, 29.99), (40, 100, 0.0), (250, 12.5, 218.75),
                          (10, 1, 9.9), (33.33, 0, 33.33)]:
    g.expect("apply_discount(%r, %r)" % (amount, pct), lambda a=amount, p=pct: pricing.apply_discount(a, p),
             want, approx=0.006)
g.expect("add_tax(50, 0.1)", lambda: pricing.add_tax(50, 0.1), 55.0, approx=0.006)


def invoice_total(discount, tax_rate, lines):
    inv = invoice.Invoice("Globex", discount=discount, tax_rate=tax_rate)
    for desc, price, qty in lines:
        inv.add(desc, price, qty)
    return inv.total()


lines = [("bolt", 0.25, 40), ("nut", 0.1, 40), ("box", 6.0, 1)]  # subtotal 20.00
for discount, tax, want in [(0, 0.2, 24.0), (1, 0.2, 23.76), (50, 0, 10.0), (100, 0.2, 0.0), (5, 0.25, 23.75)]:
    g.expect("Invoice(discount=%r, tax_rate=%r) total for a 20.00 subtotal" % (discount, tax),
             lambda d=discount, t=tax: invoice_total(d, t, lines), want, approx=0.006)
for bad in (-5, 100.5, 1000):
    g.expect_raises("Invoice('Globex', discount=%r)" % bad, lambda b=bad: invoice.Invoice("Globex", discount=b),
                    ValueError)
g.expect("Invoice(discount=20).summary() with one 50.00 line",
         lambda: (lambda inv: (inv.add("x", 50.0), inv.summary())[1])(invoice.Invoice("Initech", discount=20)),
         "Initech: 1 line(s), total 48.00")
g.finish()
