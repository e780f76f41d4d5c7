"""Turn titles into URL slugs."""
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def slugify(text, max_length=None, separator="-"):
    """Lowercase ASCII slug of `text`, words joined by `separator`.

    Accents are dropped (e.g. "Crème" -> "creme"), every run of other
    characters becomes a single separator, and the slug never starts or ends
    with a separator. With `max_length` the slug is cut at a word boundary
    when there is one.
    """
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub(separator, text).strip(separator)
    if max_length is not None and len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != separator and separator in cut:
            cut = cut.rsplit(separator, 1)[0]
        slug = cut.strip(separator)
    return slug
