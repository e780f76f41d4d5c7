"""Settings: code defaults < app.json < environment variables."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULTS = {
    "service_name": "app",
    "cache_ttl": 300,
    "cache_max_entries": 1000,
}

ENV_VARS = {
    "APP_CACHE_TTL": ("cache_ttl", int),
    "APP_CACHE_MAX_ENTRIES": ("cache_max_entries", int),
}


def load_settings(path=os.path.join(HERE, "app.json"), environ=None):
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            settings.update(json.load(fh))
    for var, (key, convert) in ENV_VARS.items():
        if var in environ:
            settings[key] = convert(environ[var])
    return settings
