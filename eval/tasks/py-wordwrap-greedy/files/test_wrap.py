import unittest

from wrap import fill, wrap


class WrapTest(unittest.TestCase):
    def test_short_text(self):
        self.assertEqual(wrap("hello world", 20), ["hello world"])

    def test_exact_width(self):
        self.assertEqual(wrap("aaa bbb ccc", 7), ["aaa bbb", "ccc"])

    def test_collapses_whitespace(self):
        self.assertEqual(wrap("  one   two\nthree ", 9), ["one two", "three"])

    def test_empty(self):
        self.assertEqual(wrap("   ", 10), [])

    def test_fill_indent(self):
        self.assertEqual(fill("the cat sat on the mat", 10, indent="> "),
                         "> the cat\n> sat on\n> the mat")


if __name__ == "__main__":
    unittest.main()
