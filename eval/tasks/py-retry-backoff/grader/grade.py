import gradelib as g

g.run_visible_tests(["test_retry.py"])
r = g.import_project("retry")


def waits_for(failures, **kwargs):
    """Waits recorded when decorating a function that fails `failures` times."""
    waits = []
    calls = []

    def fn(x):
        calls.append(x)
        if len(calls) <= failures:
            raise OSError("boom")
        return x * 2

    wrapped = r.retry(sleep=waits.append, **kwargs)(fn)
    try:
        result = wrapped(21)
    except OSError:
        result = "raised"
    return [round(float(w), 6) for w in waits], len(calls), result


cases = [
    ("retry(times=4, delay=1, backoff=2) always failing", 99, dict(times=4, delay=1, backoff=2), ([1, 2, 4], 4, "raised")),
    ("retry(times=3, delay=0.5, backoff=3) failing twice", 2, dict(times=3, delay=0.5, backoff=3), ([0.5, 1.5], 3, 42)),
    ("retry(times=6, delay=2, backoff=2, max_delay=10) always failing", 99,
     dict(times=6, delay=2, backoff=2, max_delay=10), ([2, 4, 8, 10, 10], 6, "raised")),
    ("retry(times=3, delay=0.25) (default backoff)", 99, dict(times=3, delay=0.25), ([0.25, 0.25], 3, "raised")),
    ("retry(times=4, delay=3, max_delay=1) (cap below delay)", 2, dict(times=4, delay=3, max_delay=1), ([1, 1], 3, 42)),
    ("retry(times=5, delay=1, backoff=1.5) failing 3 times", 3, dict(times=5, delay=1, backoff=1.5), ([1, 1.5, 2.25], 4, 42)),
    ("retry(times=2, delay=1, backoff=10) succeeding at once", 0, dict(times=2, delay=1, backoff=10), ([], 1, 42)),
]
for desc, failures, kwargs, want in cases:
    g.expect(desc + ": (waits, calls, result)", lambda f=failures, k=kwargs: waits_for(f, **k), want)


def wraps_kept():
    @r.retry(times=2, backoff=2, sleep=lambda s: None)
    def fetch_page():
        """Docs."""
    return fetch_page.__name__
g.expect("retry(backoff=2) keeps the function name", wraps_kept, "fetch_page")
g.finish()
