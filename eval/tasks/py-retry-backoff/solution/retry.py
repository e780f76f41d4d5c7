"""Retry flaky calls (network fetches, file locks)."""
import functools
import time


def retry(times=3, delay=0.0, exceptions=(Exception,), sleep=time.sleep,
          backoff=1.0, max_delay=None):
    """Decorator: call the function up to `times` times while it raises one
    of `exceptions`, waiting between attempts (via `sleep`, which tests can
    replace). The waits are delay, delay*backoff, delay*backoff**2, ...,
    each capped at `max_delay` if given. The last error is re-raised.
    """
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            wait = delay
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise
                    sleep(wait if max_delay is None else min(wait, max_delay))
                    wait *= backoff
        return wrapper

    return decorate
