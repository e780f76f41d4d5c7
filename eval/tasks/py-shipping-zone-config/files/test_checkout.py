import unittest

from checkout import checkout_total

CART = [("mug", 12.0, 2, 0.4), ("tea", 6.5, 3, 0.25)]  # 43.50, 1.55 kg


class CheckoutTest(unittest.TestCase):
    def test_domestic(self):
        self.assertEqual(checkout_total(CART, "DE"), 43.5 + 4.9 + 2 * 0.5)

    def test_france(self):
        self.assertEqual(checkout_total(CART, "FR"), 43.5 + 9.9 + 2 * 1.2)

    def test_austria(self):
        self.assertEqual(checkout_total(CART, "AT"), 43.5 + 9.9 + 2 * 1.2)

    def test_us(self):
        self.assertEqual(checkout_total(CART, "US"), 43.5 + 19.9 + 2 * 3.5)

    def test_free_domestic(self):
        self.assertEqual(checkout_total([("lamp", 60.0, 1, 3.0)], "DE"), 60.0)


if __name__ == "__main__":
    unittest.main()
