import unittest

from pagination import page_count, page_label, paginate


class PaginateTest(unittest.TestCase):
    def test_first_page(self):
        result = paginate(list(range(25)), 1)
        self.assertEqual(result["items"], list(range(10)))
        self.assertFalse(result["has_prev"])
        self.assertTrue(result["has_next"])

    def test_last_partial_page(self):
        result = paginate(list(range(10)), 4, per_page=3)
        self.assertEqual(result["items"], [9])
        self.assertEqual(result["pages"], 4)
        self.assertFalse(result["has_next"])

    def test_empty(self):
        result = paginate([], 1)
        self.assertEqual(result["items"], [])
        self.assertEqual(page_label(result), "Page 1 of 1")

    def test_out_of_range(self):
        with self.assertRaises(ValueError):
            paginate([1, 2, 3], 2)

    def test_exact_multiple(self):
        self.assertEqual(page_count(20, 10), 2)


if __name__ == "__main__":
    unittest.main()
