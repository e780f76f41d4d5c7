import re

import gradelib as g

g.run_visible_tests(["test_billing.py"])
answer = g.read_answer().lower()

g.check("the answer should name the function that decides whether an invoice is overdue",
        "is_overdue" in answer or re.search(r"\bis[ _-]overdue\b", answer) is not None)


def has_number(n, words=()):
    return re.search(r"(?<![\d.])%d(?![\d.])" % n, answer) is not None or any(w in answer for w in words)


total = has_number(35, ("thirty-five", "thirty five")) or has_number(36, ("thirty-six", "thirty six"))
parts = has_number(30, ("thirty",)) and has_number(5, ("five",))
g.check("the answer should say after how many days an unpaid invoice counts as overdue "
        "(both the payment terms and the grace period matter)", total or parts)
g.finish()
