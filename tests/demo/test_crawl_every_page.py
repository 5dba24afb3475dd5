"""Every demo persona, every page reachable by GET from the home page (links and hx-get), in the
demo world with its own ids: no answer >= 500 and no Django default error page (issue 11).

Bounded: breadth first from "/", at most PAGES_PER_PERSONA pages each and SAME_KIND_VISITS of each
kind of page (URL pattern and query keys: the tenth unit's day page teaches nothing the first did not).
Deselect with -m "not crawl".
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.crawl, pytest.mark.django_db]

PERSONAS = ["admin", "hr_bekasi", "plt_kabag_umum_bekasi", "kepala_rsud_soedarso", "inspektur_bekasi",
            "inspektur_dki", "pegawai_bekasi", "admin_kebijakan"]
PAGES_PER_PERSONA = 120
SAME_KIND_VISITS = 2
SKIP = re.compile(r"^/(keluar|i18n|static|media)/|/hapus/|/delete/|/history/|logout")
DJANGO_DEFAULT_PAGES = re.compile(
    r"<h1>(403 Forbidden|Not Found|Bad Request \(400\)|Server Error \(500\))</h1>|<title>Page not found at"
    r"|Forbidden <span>\(403\)</span>|<title>.*Error at /"
)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "hx-get") and value:
                self.hrefs.append(value)


def kind_of(path: str, query: str) -> tuple:
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    return route, tuple(sorted(parse_qs(query, keep_blank_values=True)))


def crawl(username: str) -> tuple[int, list[tuple[str, str]]]:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    seen, queue, problems, pages = {"/"}, deque(["/"]), [], 0
    kinds = Counter()
    while queue and pages < PAGES_PER_PERSONA:
        url = queue.popleft()
        response = client.get(url)
        pages += 1
        if response.status_code >= 500:
            problems.append((url, f"answered {response.status_code}"))
            continue
        streamed = getattr(response, "streaming", False)
        html = "" if streamed or "text/html" not in response.get("Content-Type", "") else response.content.decode("utf-8", "replace")
        if DJANGO_DEFAULT_PAGES.search(html):
            problems.append((url, f"Django's default error page ({response.status_code})"))
        if streamed:
            b"".join(response.streaming_content)  # an export fails while it streams, not before
        if response.status_code in (301, 302):
            found = [response["Location"]]
        else:
            parser = Links()
            parser.feed(html)
            found = parser.hrefs
        for href in found:
            parsed = urlparse(urljoin(url, href))
            if parsed.netloc not in ("", "testserver") or parsed.scheme not in ("", "http"):
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if (username != "admin" and path.startswith("/admin/")) or SKIP.search(path) or path in seen:
                continue
            kind = kind_of(parsed.path, parsed.query)
            if kinds[kind] >= SAME_KIND_VISITS:
                continue
            kinds[kind] += 1
            seen.add(path)
            queue.append(path)
    return pages, problems


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_persona_reaches_answers_without_a_server_error(demo, username):
    pages, problems = crawl(username)
    assert pages >= 5, f"{username} reached only {pages} pages"
    assert problems == [], f"{username}: {problems}"
