import unittest

from slugify import slugify


class SlugifyTest(unittest.TestCase):
    def test_simple_title(self):
        self.assertEqual(slugify("Release notes"), "release-notes")

    def test_punctuation(self):
        self.assertEqual(slugify("Hello, World!"), "hello-world")

    def test_accents(self):
        self.assertEqual(slugify("Crème brûlée"), "creme-brulee")

    def test_max_length_cuts_at_word(self):
        self.assertEqual(slugify("the quick brown fox", max_length=12), "the-quick")

    def test_separator(self):
        self.assertEqual(slugify("snake case me", separator="_"), "snake_case_me")


if __name__ == "__main__":
    unittest.main()
