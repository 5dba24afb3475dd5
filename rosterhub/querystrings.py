"""Query strings for links that keep a page's filters."""

from django.http import QueryDict


def query_without(query: QueryDict, *keys: str) -> str:
    """The query string without the named parameters (e.g. "page", so the pager can add its own)."""
    copy = query.copy()
    for key in keys:
        copy.pop(key, None)
    return copy.urlencode()
