import gradelib as g

g.run_visible_tests(["test_logstats.py"])
ls = g.import_project("logstats")

LOG = [
    "2024-01-31 00:00:01 ERROR [db] connection reset",
    "2024-01-31 00:45:10 ERROR [db] connection reset",
    "2024-01-31 12:00:00 ERROR [api] bad gateway",
    "2024-01-31 12:30:00 DEBUG [api] retry",
    "2024-01-31 13:05:00 ERROR [api] bad gateway",
    "2024-01-31 19:19:19 ERROR [mail] bounce",
    "2024-01-31 23:59:59 ERROR [db] disk full",
    "2024-01-31 23:00:00 ERROR [db] disk full",
    "2024-01-31 25:00:00 ERROR [db] impossible hour",
    "2024-01-31 10:00:00 FATAL [db] unknown level",
    "2024-01-31 10:00:00 ERROR db missing brackets",
]
g.expect("errors_by_hour(<hidden log>)", lambda: ls.errors_by_hour(LOG), {0: 2, 12: 1, 13: 1, 19: 1, 23: 2})
g.expect("count_by_level(<hidden log>)['ERROR']", lambda: ls.count_by_level(LOG)["ERROR"], 7)
g.expect("noisiest_component(<hidden log>)", lambda: ls.noisiest_component(LOG), "db")


def parsed(line):
    e = ls.parse_line(line)
    return None if e is None else (e["time"].strftime("%Y-%m-%d %H:%M:%S"), e["level"], e["component"], e["message"])


g.expect("parse_line('2023-12-24 18:45:07 WARNING [shop] low stock: 3 left')",
         lambda: parsed("2023-12-24 18:45:07 WARNING [shop] low stock: 3 left"),
         ("2023-12-24 18:45:07", "WARNING", "shop", "low stock: 3 left"))
g.expect("parse_line('2023-12-24 12:10:00 INFO [shop] open')",
         lambda: parsed("2023-12-24 12:10:00 INFO [shop] open"), ("2023-12-24 12:10:00", "INFO", "shop", "open"))
g.expect("parse_line('2023-12-24 24:00:00 INFO [shop] open')",
         lambda: parsed("2023-12-24 24:00:00 INFO [shop] open"), None)
g.finish()
