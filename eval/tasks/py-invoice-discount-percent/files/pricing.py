"""Money helpers. Amounts are floats rounded to cents."""


def line_total(unit_price, quantity):
    return round(unit_price * quantity, 2)


def apply_discount(amount, discount):
    """`amount` minus the discount, which is a fraction (0.1 = 10% off)."""
    return round(amount * (1 - discount), 2)


def add_tax(amount, rate):
    """`amount` plus tax at `rate` (a fraction, 0.2 = 20%)."""
    return round(amount * (1 + rate), 2)
