"""Shared helpers for the hidden graders (the runner copies eval/tasks/_shared/ into each task's .grader/)."""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
WORK = os.getcwd()
if WORK not in sys.path:
    sys.path.insert(1, WORK)

_failures = []


def fail_now(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run_visible_tests(files):
    """Run the project's own test command; it must pass and actually run tests."""
    for name in files:
        path = os.path.join(WORK, name)
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            fail_now("the project's test file %s is missing or empty" % name)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "unittest", "-q"],
            cwd=WORK, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=40,
        )
    except subprocess.TimeoutExpired:
        fail_now("`python3 -m unittest -q` did not finish within 40 seconds")
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        fail_now("the project's tests fail (`python3 -m unittest -q`):\n" + out[-2500:])
    m = re.search(r"Ran (\d+) tests?", out)
    if not m or int(m.group(1)) == 0:
        fail_now("`python3 -m unittest -q` ran no tests")


def check(desc, cond, detail=""):
    if not cond:
        _failures.append(desc + ((": " + detail) if detail else ""))


def expect(desc, fn, expected, approx=None):
    """Call fn(); record a failure unless it returns expected (within approx if given)."""
    try:
        got = fn()
    except Exception as exc:  # noqa: BLE001
        _failures.append("%s raised %s: %s" % (desc, type(exc).__name__, exc))
        return None
    if approx is not None:
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - expected) <= approx
    else:
        ok = got == expected
    if not ok:
        _failures.append("%s returned %r, expected %r" % (desc, got, expected))
    return got


def expect_raises(desc, fn, exc_types):
    try:
        got = fn()
    except exc_types:
        return
    except Exception as exc:  # noqa: BLE001
        _failures.append("%s raised %s (%s), expected %s" % (
            desc, type(exc).__name__, exc, " or ".join(t.__name__ for t in _tuple(exc_types))))
        return
    _failures.append("%s returned %r instead of raising %s" % (
        desc, got, " or ".join(t.__name__ for t in _tuple(exc_types))))


def _tuple(t):
    return t if isinstance(t, tuple) else (t,)


def finish():
    if _failures:
        print("FAIL: %d hidden check(s) failed:" % len(_failures))
        for f in _failures[:15]:
            print("  - " + f)
        if len(_failures) > 15:
            print("  ... and %d more" % (len(_failures) - 15))
        sys.exit(1)
    print("OK: all checks passed")
    sys.exit(0)


def import_project(name):
    try:
        return __import__(name)
    except Exception as exc:  # noqa: BLE001
        fail_now("could not import %s.py: %s: %s" % (name, type(exc).__name__, exc))


def read_answer():
    path = os.environ.get("EVAL_ANSWER", "")
    if not path or not os.path.isfile(path):
        fail_now("no answer was given")
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    if not text.strip():
        fail_now("the answer is empty")
    return text
