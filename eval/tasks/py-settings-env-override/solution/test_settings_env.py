import os
import unittest

from settings import load

HERE = os.path.dirname(os.path.abspath(__file__))


class EnvOverrideTest(unittest.TestCase):
    def test_env_beats_file_and_defaults(self):
        env = {"APP_SERVER_PORT": "9000", "APP_DATABASE_POOL_SIZE": "12"}
        s = load(os.path.join(HERE, "app.ini"), environ=env)
        self.assertEqual(s.get_int("server", "port"), 9000)
        self.assertEqual(s.get_int("database", "pool_size"), 12)
        self.assertEqual(s.get("database", "url"), "postgresql://localhost/shop")

    def test_uses_os_environ(self):
        os.environ["APP_SERVER_HOST"] = "0.0.0.0"
        try:
            self.assertEqual(load().get("server", "host"), "0.0.0.0")
        finally:
            del os.environ["APP_SERVER_HOST"]


if __name__ == "__main__":
    unittest.main()
