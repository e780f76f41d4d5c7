import textwrap

import gradelib as g

g.run_visible_tests(["test_wrap.py"])
w = g.import_project("wrap")

texts = [
    "The quick brown fox jumps over the lazy dog",
    "a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh",
    "supercalifragilisticexpialidocious is long",
    "x",
    "tiny words a b c d e f g h i j k l m n o p",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
    "   leading and trailing   spaces\tand\ttabs   ",
    "ends-with-a-very-long-token-here",
]
for text in texts:
    for width in (1, 3, 5, 8, 10, 11, 16, 40, 100):
        want = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False)
        g.expect("wrap(%r, %d)" % (text, width), lambda t=text, n=width: w.wrap(t, n), want)
g.expect("wrap('', 5)", lambda: w.wrap("", 5), [])
g.expect("fill('one two three four', 9)", lambda: w.fill("one two three four", 9), "one two\nthree\nfour")
g.expect_raises("wrap('abc', 0)", lambda: w.wrap("abc", 0), ValueError)
g.finish()
