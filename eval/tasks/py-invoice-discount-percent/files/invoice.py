"""Invoices with line items, a customer discount and tax."""
from pricing import add_tax, apply_discount, line_total


class Invoice:
    def __init__(self, customer, discount=0, tax_rate=0.2):
        if not 0 <= discount <= 1:
            raise ValueError("discount must be between 0 and 1")
        self.customer = customer
        self.discount = discount
        self.tax_rate = tax_rate
        self.lines = []

    def add(self, description, unit_price, quantity=1):
        self.lines.append((description, unit_price, quantity))

    def subtotal(self):
        return round(sum(line_total(p, q) for _, p, q in self.lines), 2)

    def total(self):
        return add_tax(apply_discount(self.subtotal(), self.discount), self.tax_rate)

    def summary(self):
        return "%s: %d line(s), total %.2f" % (self.customer, len(self.lines), self.total())
