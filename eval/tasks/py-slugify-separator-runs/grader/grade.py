import gradelib as g

g.run_visible_tests(["test_slugify.py"])
mod = g.import_project("slugify")
slugify = mod.slugify

cases = [
    (("  Hello,   World!!  ",), {}, "hello-world"),
    (("a -- b",), {}, "a-b"),
    (("Rock & Roll (live)",), {}, "rock-roll-live"),
    (("...dots...and...more...",), {}, "dots-and-more"),
    (("Déjà vu: the sequel",), {}, "deja-vu-the-sequel"),
    (("2024 / Q1 -- report",), {}, "2024-q1-report"),
    (("!!!",), {}, ""),
    (("Déjà vu: the sequel",), {"max_length": 12}, "deja-vu-the"),
    (("one, two; three",), {"max_length": 7}, "one-two"),
    (("Tabs\tand\nnewlines",), {"separator": "_"}, "tabs_and_newlines"),
    (("  Mixed -- Case, Words  ",), {"separator": "_"}, "mixed_case_words"),
    (("already-a-slug",), {}, "already-a-slug"),
]
for args, kwargs, want in cases:
    desc = "slugify(%s)" % ", ".join([repr(a) for a in args] + ["%s=%r" % kv for kv in kwargs.items()])
    g.expect(desc, lambda a=args, k=kwargs: slugify(*a, **k), want)
g.finish()
