"""Split result lists into pages for the web listing views."""


def page_count(total, per_page):
    """Number of pages needed to show `total` items, `per_page` at a time."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return total // per_page


def paginate(items, page, per_page=10):
    """Return one 1-based page of `items` with navigation info.

    An empty list still has one (empty) page. Asking for a page outside
    1..pages raises ValueError.
    """
    pages = max(1, page_count(len(items), per_page))
    if page < 1 or page > pages:
        raise ValueError("page %d out of range 1..%d" % (page, pages))
    start = (page - 1) * per_page
    return {
        "items": items[start:start + per_page],
        "page": page,
        "pages": pages,
        "has_prev": page > 1,
        "has_next": page < pages,
    }


def page_label(result):
    """'Page 2 of 5' for a paginate() result."""
    return "Page %d of %d" % (result["page"], result["pages"])
