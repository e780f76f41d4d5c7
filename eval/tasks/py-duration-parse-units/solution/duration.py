"""Parse and format durations such as '1h30m', '2d 4h', '45s' or '90'."""

UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text):
    """Return the number of seconds in `text`.

    A duration is a sequence of <number><unit> parts, optionally separated
    by spaces; a trailing number without a unit counts as seconds.
    Raises ValueError for anything else.
    """
    text = text.strip().lower()
    if not text:
        raise ValueError("empty duration")
    total = 0
    number = ""
    for ch in text:
        if ch.isdigit():
            number += ch
        elif ch in UNITS:
            if not number:
                raise ValueError("unit %r without a number in %r" % (ch, text))
            total += int(number) * UNITS[ch]
            number = ""
        elif ch == " ":
            continue
        else:
            raise ValueError("unexpected %r in %r" % (ch, text))
    if number:
        total += int(number)
    return total


def format_duration(seconds):
    """Inverse of parse_duration: 5400 -> '1h30m', 0 -> '0s'."""
    if seconds < 0:
        raise ValueError("negative duration")
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in UNITS.items():
        if seconds >= size:
            count, seconds = divmod(seconds, size)
            parts.append("%d%s" % (count, unit))
    return "".join(parts)
