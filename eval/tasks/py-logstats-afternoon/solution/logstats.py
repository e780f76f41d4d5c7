"""Summaries of application logs.

A log line looks like:  2024-03-05 14:07:31 ERROR [payments] card declined
"""
from collections import Counter
from datetime import datetime

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def parse_timestamp(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def parse_line(line):
    """A dict for a well-formed line, None for anything else (those are skipped)."""
    parts = line.split(None, 4)
    if len(parts) < 5 or parts[2] not in LEVELS:
        return None
    day, clock, level, component, message = parts
    if not (component.startswith("[") and component.endswith("]")):
        return None
    try:
        when = parse_timestamp(day + " " + clock)
    except ValueError:
        return None
    return {"time": when, "level": level, "component": component[1:-1], "message": message}


def entries(lines):
    return [e for e in map(parse_line, lines) if e is not None]


def count_by_level(lines):
    return Counter(e["level"] for e in entries(lines))


def errors_by_hour(lines):
    """{hour: number of ERROR lines in that hour}"""
    return dict(Counter(e["time"].hour for e in entries(lines) if e["level"] == "ERROR"))


def noisiest_component(lines):
    counts = Counter(e["component"] for e in entries(lines))
    return counts.most_common(1)[0][0] if counts else None
