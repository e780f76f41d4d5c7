import re

import gradelib as g

g.run_visible_tests(["test_cache.py"])
answer = g.read_answer().lower()

g.check("the answer should give the effective default lifetime of a cache entry (in seconds) "
        "as this app actually runs, taking every settings source into account",
        re.search(r"(?<![\d.])120(?![\d.])", answer) is not None or "two minutes" in answer
        or re.search(r"(?<![\d.])2\s*(min|minutes)\b", answer) is not None)
g.check("the answer should name the environment variable that overrides the lifetime",
        "app_cache_ttl" in answer)
g.check("the answer should mention the settings file that sets the lifetime", "app.json" in answer)
g.finish()
