"""Application settings: built-in defaults, overridden by an INI file."""
import configparser

DEFAULTS = {
    "server": {"host": "127.0.0.1", "port": "8000", "debug": "false"},
    "database": {"url": "sqlite:///app.db", "pool_size": "5"},
}


class Settings:
    def __init__(self, sections):
        self._sections = sections

    def get(self, section, key):
        return self._sections[section][key]

    def get_int(self, section, key):
        return int(self.get(section, key))

    def get_bool(self, section, key):
        return self.get(section, key).strip().lower() in ("1", "true", "yes", "on")

    def as_dict(self):
        return {name: dict(values) for name, values in self._sections.items()}


def load(path=None):
    """Settings from DEFAULTS, overridden by the INI file at `path` if given."""
    parser = configparser.ConfigParser()
    parser.read_dict(DEFAULTS)
    if path is not None:
        with open(path, encoding="utf-8") as fh:
            parser.read_file(fh)
    return Settings({name: dict(parser[name]) for name in parser.sections()})
