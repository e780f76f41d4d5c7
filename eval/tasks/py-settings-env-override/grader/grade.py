import os

import gradelib as g

g.run_visible_tests(["test_settings.py"])
for var in list(os.environ):
    if var.startswith("APP_"):
        del os.environ[var]
settings = g.import_project("settings")

ini = os.path.join(g.WORK, ".grader", "hidden.ini")
with open(ini, "w", encoding="utf-8") as fh:
    fh.write("[server]\nhost = files.example\nport = 7000\n\n[database]\npool_size = 3\n")


def with_env(env, fn):
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return fn()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def get(path, env, section, key):
    return with_env(env, lambda: settings.load(path).get(section, key))


g.expect("load(ini).get('server', 'port') with APP_SERVER_PORT=9100",
         lambda: get(ini, {"APP_SERVER_PORT": "9100"}, "server", "port"), "9100")
g.expect("load().get('server', 'port') with APP_SERVER_PORT=9100 (no file)",
         lambda: get(None, {"APP_SERVER_PORT": "9100"}, "server", "port"), "9100")
g.expect("load(ini).get('database', 'pool_size') with APP_DATABASE_POOL_SIZE=20",
         lambda: get(ini, {"APP_DATABASE_POOL_SIZE": "20"}, "database", "pool_size"), "20")
g.expect("load().get('database', 'url') with APP_DATABASE_URL set",
         lambda: get(None, {"APP_DATABASE_URL": "postgresql://db/prod"}, "database", "url"), "postgresql://db/prod")
g.expect("load(ini).get_bool('server', 'debug') with APP_SERVER_DEBUG=true",
         lambda: with_env({"APP_SERVER_DEBUG": "true"}, lambda: settings.load(ini).get_bool("server", "debug")), True)
g.expect("load(ini).get('server', 'host') with only APP_SERVER_PORT set (file value kept)",
         lambda: get(ini, {"APP_SERVER_PORT": "1"}, "server", "host"), "files.example")
g.expect("load(ini).get('server', 'port') with no APP_ variables", lambda: get(ini, {}, "server", "port"), "7000")
g.expect("load().get('database', 'pool_size') with no APP_ variables", lambda: get(None, {}, "database", "pool_size"), "5")
g.expect("load(ini).get('server', 'port') with APP_DATABASE_PORT=1 (other section)",
         lambda: get(ini, {"APP_DATABASE_PORT": "1"}, "server", "port"), "7000")
os.remove(ini)
g.finish()
