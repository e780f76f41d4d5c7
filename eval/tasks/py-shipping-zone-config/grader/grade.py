import gradelib as g

g.run_visible_tests(["test_checkout.py"])
checkout = g.import_project("checkout")
shipping = g.import_project("shipping")

# (country, weight, order value) -> cost
cases = [
    ("AT", 0.2, 10.0, 11.1), ("AT", 4.5, 80.0, 15.9), ("AT", 1.0, 119.99, 11.1), ("AT", 9.0, 120.0, 0.0),
    ("AT", 30.0, 500.0, 0.0), ("IT", 2.1, 30.0, 13.5), ("BE", 0.0, 5.0, 9.9),
    ("DE", 2.1, 20.0, 6.4), ("DE", 1.0, 50.0, 0.0), ("CH", 1.2, 300.0, 26.9), ("US", 0.5, 20.0, 23.4),
    ("GB", 3.0, 1000.0, 30.4),
]
for country, weight, value, want in cases:
    g.expect("shipping_cost(%r, %r, %r)" % (country, weight, value),
             lambda c=country, w=weight, v=value: shipping.shipping_cost(c, w, v), want, approx=0.001)
cart = [("boots", 89.0, 1, 1.8), ("socks", 4.5, 4, 0.05)]  # 107.00, 2.0 kg
for country, want in [("AT", 107.0 + 9.9 + 2.4), ("NL", 107.0 + 9.9 + 2.4), ("DE", 107.0), ("US", 107.0 + 19.9 + 7.0)]:
    g.expect("checkout_total(<boots and socks>, %r)" % country,
             lambda c=country: checkout.checkout_total(cart, c), round(want, 2), approx=0.001)
g.expect_raises("shipping_cost('JP', 1, 10)", lambda: shipping.shipping_cost("JP", 1, 10), ValueError)
g.finish()
