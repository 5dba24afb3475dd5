"""Every page a demo persona reaches by GET (crawled from the home page), in both languages: no
untranslated string, no raw code (service category, finding kind, audit action), no empty choice
"---------", and nothing answers 5xx. A string in the wrong language is found by the catalogs: in
English, an Indonesian source string whose translation differs; in Indonesian, such a translation.
Demo data (unit names, circular titles, positions, …) is taken out of the text first."""

import datetime
import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve

from agencies.audit_labels import ACTION_LABELS
from agencies.models import Agency, AuditEvent, Employee, ServiceCategory, Unit, User
from demo import DEMO_LOGINS
from policies.models import Circular, FindingKind, Obligation, Rule

from .catalog import english_catalog

PAGES_PER_PERSONA = 25
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/keluar/", "/i18n/")
DOWNLOADS = re.compile(r"(\.csv|\.xlsx|\.pdf|/unduh|/ekspor|/export)", re.I)
PERSONAS = [row[0] for row in DEMO_LOGINS if row[0] != "admin"]


@pytest.fixture(scope="module")
def demo_checked(django_db_setup, django_db_blocker):
    from demo import demo_world_build
    from policies.compliance import compliance_check_units

    with django_db_blocker.unblock(), transaction.atomic():
        demo_world_build(stdout=io.StringIO())
        compliance_check_units(start=datetime.date(2024, 4, 16), end=datetime.date(2024, 4, 18))
        compliance_check_units(start=datetime.date(2023, 9, 4), end=datetime.date(2023, 9, 7))
        yield
        transaction.set_rollback(True)


class VisibleText(HTMLParser):
    """Text a reader sees or hears: body text and the title/aria-label/placeholder attributes;
    not scripts, styles or <pre> (the audit trail's raw before/after JSON)."""

    HIDDEN = {"script", "style", "pre", "code", "head"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self.hidden, self.links = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "option":
            self.parts.append(" | ")
        self.parts += [f" | {attrs[a]} | " for a in self.SPOKEN if attrs.get(a) and not self.hidden and tag != "td"]

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" | ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts))


def _data_strings() -> list[str]:
    """Words that come from the data, not from the product (longest first)."""
    strings = set()
    for model, fields in ((Unit, ("name",)), (Agency, ("name", "short_name")), (Circular, ("title", "summary", "number")),
                          (Employee, ("name", "position")), (Rule, ("description",)), (Obligation, ("text",))):
        for row in model.objects.values_list(*fields):
            strings.update(s for s in row if s)
    from attendance.models import RollCall
    from policies.models import Holiday

    strings.update(RollCall.objects.values_list("title", flat=True))
    strings.update(Holiday.objects.values_list("name", flat=True))
    strings.update(User.objects.values_list("first_name", flat=True))
    return sorted((s for s in strings if len(s) > 2), key=len, reverse=True)


def _phrases(catalog: dict[str, str]):
    """(Indonesian, English) pairs worth looking for: whole phrases without placeholders that differ."""
    for msgid, msgstr in catalog.items():
        if msgid == msgstr or "%" in msgid or "%" in msgstr or len(msgid) < 12 or len(msgstr) < 12:
            continue
        yield msgid, msgstr


def _raw_codes():
    compound = {c.value for c in ServiceCategory if "_" in c.value} | {k.value for k in FindingKind}
    compound |= set(ACTION_LABELS) | set(AuditEvent.objects.values_list("action", flat=True).distinct())
    single = {c.value for c in ServiceCategory if "_" not in c.value}
    return compound, single


def _key(path: str) -> tuple:
    """One visit per view and set of query keys (a crawl, not a census of every unit and day)."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return (parts.path,)
    return (match.view_name, tuple(sorted(k for k, _v in parse_qsl(parts.query) if k != "page")))


def crawl(client, language: str):
    seen, queue, pages = set(), deque(["/"]), []
    while queue and len(pages) < PAGES_PER_PERSONA:
        path = queue.popleft()
        key = _key(path)
        if key in seen:
            continue
        seen.add(key)
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        pages.append((path, parser.text))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("#") or not (parts.path or parts.query):
                continue
            target = (parts.path or urlsplit(path).path) + (f"?{urlencode(parse_qsl(parts.query))}" if parts.query else "")
            if target.startswith(SKIP_PREFIXES) or DOWNLOADS.search(target):
                continue
            queue.append(target)
    return pages


def problems_on(text: str, language: str, data: list[str], phrases: list[tuple[str, str]], codes) -> list[str]:
    found = []
    if "---------" in text:
        found.append('empty choice "---------"')
    compound, single = codes
    for code in sorted(compound):
        if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text):
            found.append(f"raw code {code!r}")
    clean = text
    for s in data:
        clean = clean.replace(s, " ¦ ")
    if language == "id":
        found += [f"raw code {c!r}" for c in sorted(single) if re.search(rf"\b{c}\b", clean)]
    for msgid, msgstr in phrases:
        wrong = msgid if language == "en" else msgstr
        if re.search(rf"(?<!\w){re.escape(wrong)}(?!\w)", clean):
            found.append(f"{'untranslated' if language == 'en' else 'English in Indonesian'}: {wrong!r}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_of_a_persona_speaks_one_language_without_raw_codes(demo_checked, client, username):
    data, phrases, codes = _data_strings(), list(_phrases(english_catalog())), _raw_codes()
    user = User.objects.get(username=username)
    report = []
    for language in ("id", "en"):
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        client.force_login(User.objects.get(pk=user.pk))
        pages = crawl(client, language)
        assert len(pages) >= 3, [p for p, _t in pages]
        for path, text in pages:
            report += [f"[{language}] {path}: {p}" for p in problems_on(text, language, data, phrases, codes)]
    assert not report, "\n".join(report)


def test_the_detector_finds_what_it_looks_for():
    codes = ({"wfh_over_cap", "wfh.submit"}, {"health"})
    phrases = [("Tidak ada temuan terbuka.", "No open findings.")]
    assert problems_on("Status: wfh_over_cap", "en", [], phrases, codes) == ["raw code 'wfh_over_cap'"]
    assert problems_on("Kategori: health", "id", [], phrases, codes) == ["raw code 'health'"]
    assert problems_on("Tidak ada temuan terbuka.", "en", [], phrases, codes) == ["untranslated: 'Tidak ada temuan terbuka.'"]
    assert problems_on("No open findings.", "id", [], phrases, codes) == ["English in Indonesian: 'No open findings.'"]
    assert problems_on("Dinas health Kota", "id", ["Dinas health Kota"], phrases, codes) == []
    assert problems_on("Instansi: ---------", "id", [], [], codes) == ['empty choice "---------"']


def test_every_source_string_has_an_english_translation():
    from .catalog import source_msgids

    missing = {msgid: where for msgid, where in source_msgids().items() if msgid not in english_catalog()}
    assert not missing, "\n".join(f"{where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda kv: kv[1]))
