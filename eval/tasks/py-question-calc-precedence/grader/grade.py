import re

import gradelib as g

g.run_visible_tests(["test_calc.py"])
answer = g.read_answer().lower().replace("\u2212", "-")

g.check("the answer should give the value of -2^2",
        re.search(r"(?<![\d.\w)])-\s*4(?:\.0+)?(?![\d.])", answer) is not None
        or "minus four" in answer or "negative four" in answer)
g.check("the answer should give the value of 2^3^2",
        re.search(r"(?<![\d.])512(?:\.0+)?(?![\d.])", answer) is not None)
g.check("the answer should say how ^ associates", "right" in answer)
g.finish()
