"""Invoices, due dates and payment reminders."""
from dataclasses import dataclass
from datetime import date, timedelta

PAYMENT_TERMS_DAYS = 30
GRACE_DAYS = 5


@dataclass
class Invoice:
    number: str
    issued: date
    amount: float
    paid: float = 0.0

    @property
    def balance(self):
        return round(self.amount - self.paid, 2)


def due_date(invoice, terms=PAYMENT_TERMS_DAYS):
    return invoice.issued + timedelta(days=terms)


def days_late(invoice, today):
    return max(0, (today - due_date(invoice)).days)


def needs_attention(invoice, today):
    """True when the invoice is past due and still open (used by the dashboard)."""
    return invoice.balance > 0 and days_late(invoice, today) > 0


def is_overdue(invoice, today):
    """Past the due date by more than the grace period, with money still owed."""
    return invoice.balance > 0 and days_late(invoice, today) > GRACE_DAYS


def reminder_level(invoice, today):
    """0 = none, 1 = friendly reminder, 2 = second notice, 3 = collection."""
    if not is_overdue(invoice, today):
        return 0
    late = days_late(invoice, today)
    if late <= 14:
        return 1
    return 2 if late <= 30 else 3


def overdue_report(invoices, today):
    lines = []
    for inv in sorted(invoices, key=lambda i: i.issued):
        if is_overdue(inv, today):
            lines.append("%s  %8.2f  %3d days late" % (inv.number, inv.balance, days_late(inv, today)))
    return "\n".join(lines)
