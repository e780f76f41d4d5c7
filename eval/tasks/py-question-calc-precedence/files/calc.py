"""A tiny calculator language: numbers, + - * / ^, unary minus, parentheses.

Grammar:
    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := '-' unary | power
    power  := atom ('^' unary)?
    atom   := NUMBER | '(' expr ')'
"""
import re

NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
        elif NUMBER.match(text, pos):
            m = NUMBER.match(text, pos)
            tokens.append(("num", float(m.group())))
            pos = m.end()
        elif ch in "+-*/^()":
            tokens.append(("op", ch))
            pos += 1
        else:
            raise SyntaxError("unexpected %r at %d" % (ch, pos))
    tokens.append(("end", None))
    return tokens


class Parser:
    def __init__(self, text):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def take(self, op=None):
        tok = self.tokens[self.i]
        if op is not None and tok != ("op", op):
            raise SyntaxError("expected %r, got %r" % (op, tok[1]))
        self.i += 1
        return tok

    def expr(self):
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            if self.take()[1] == "+":
                value += self.term()
            else:
                value -= self.term()
        return value

    def term(self):
        value = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            if self.take()[1] == "*":
                value *= self.unary()
            else:
                value /= self.unary()
        return value

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return -self.unary()
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            return base ** self.unary()
        return base

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return value
        if (kind, value) == ("op", "("):
            inner = self.expr()
            self.take(")")
            return inner
        raise SyntaxError("unexpected %r" % (value,))


def evaluate(text):
    parser = Parser(text)
    value = parser.expr()
    if parser.peek()[0] != "end":
        raise SyntaxError("trailing input at token %d" % parser.i)
    return value
