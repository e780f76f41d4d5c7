import os
import unittest

from settings import load

HERE = os.path.dirname(os.path.abspath(__file__))


class SettingsTest(unittest.TestCase):
    def test_defaults(self):
        s = load()
        self.assertEqual(s.get("server", "host"), "127.0.0.1")
        self.assertEqual(s.get_int("database", "pool_size"), 5)

    def test_file_overrides_defaults(self):
        s = load(os.path.join(HERE, "app.ini"))
        self.assertEqual(s.get_int("server", "port"), 8080)
        self.assertTrue(s.get_bool("server", "debug"))
        self.assertEqual(s.get("server", "host"), "127.0.0.1")


if __name__ == "__main__":
    unittest.main()
