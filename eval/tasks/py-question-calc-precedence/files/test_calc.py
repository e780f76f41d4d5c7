import unittest

from calc import evaluate, tokenize


class CalcTest(unittest.TestCase):
    def test_tokenize(self):
        self.assertEqual(tokenize("1+.5")[:3], [("num", 1.0), ("op", "+"), ("num", 0.5)])

    def test_precedence(self):
        self.assertEqual(evaluate("1 + 2 * 3"), 7)
        self.assertEqual(evaluate("(1 + 2) * 3"), 9)

    def test_unary(self):
        self.assertEqual(evaluate("--3"), 3)
        self.assertEqual(evaluate("2 * -3"), -6)

    def test_errors(self):
        for bad in ["1 +", "(1", "2 $ 3", "1 2"]:
            with self.assertRaises(SyntaxError):
                evaluate(bad)


if __name__ == "__main__":
    unittest.main()
