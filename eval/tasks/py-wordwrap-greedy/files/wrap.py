"""Word wrapping for the plain-text email renderer."""


def wrap(text, width):
    """Greedy word wrap of `text` into a list of lines.

    Runs of whitespace collapse to one space. Words are never split: a line
    is at most `width` characters unless it holds a single word longer than
    `width`. Blank text gives an empty list.
    """
    if width < 1:
        raise ValueError("width must be positive")
    lines = []
    line = ""
    for word in text.split():
        if len(line) + len(word) < width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def fill(text, width, indent=""):
    """wrap() joined with newlines, each line prefixed with `indent`."""
    return "\n".join(indent + line for line in wrap(text, width - len(indent)))
