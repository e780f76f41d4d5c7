"""Retry flaky calls (network fetches, file locks)."""
import functools
import time


def retry(times=3, delay=0.0, exceptions=(Exception,), sleep=time.sleep):
    """Decorator: call the function up to `times` times while it raises one
    of `exceptions`, waiting `delay` seconds between attempts (via `sleep`,
    which tests can replace). The last error is re-raised.
    """
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise
                    sleep(delay)
        return wrapper

    return decorate
