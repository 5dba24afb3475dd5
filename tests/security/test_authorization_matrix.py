"""The authorization matrix: every URL pattern of the project has a case here, or this test fails.

For each case and each Bekasi role: the same request against Pemkot Tangerang's object is refused
(403/404, or for an object named in a query or body: 400/403/404, or an answer that neither shows
nor changes it); against Bekasi's own object it succeeds for the roles the case allows. No answer to a
Bekasi user ever contains a Tangerang name, and anonymous callers are sent to log in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.world import world_build

from . import matrix_world
from .matrix_world import ROLES, SECRET

HR, HEAD, INSPECTOR, JABAR, EMPLOYEE, POLICY = ROLES
READERS = frozenset({HR, HEAD, INSPECTOR, JABAR})
INSPECTORS = frozenset({INSPECTOR, JABAR})
EVERYONE = frozenset(ROLES)
NOT_HR = EVERYONE - {HR}
REFUSED = (403, 404)
REFUSED_BY_NAME = (400, 403, 404)


@dataclass(frozen=True)
class Case:
    """How to reach one URL pattern with Bekasi's ("own") or Tangerang's ("other") object."""

    method: str = "GET"
    kwargs: Callable | None = None  # (world, side) -> URL kwargs naming the object
    params: Callable | None = None  # (world, side) -> query string (GET) or body (POST) naming the object
    allowed: frozenset = frozenset()  # roles that succeed on their own agency's object
    denied: frozenset = frozenset()  # roles refused even their own agency's object (writes beyond their role)
    target: Callable | None = None  # (world, side) -> the row a POST could change; Tangerang's must not change
    api: bool = False
    public: bool = False  # usable without logging in (login page, language switch, token endpoint)
    shared: bool = False  # reference data every signed-in user may read (regions)
    fixed: dict = field(default_factory=dict)  # URL kwargs that name no object (formats, tables)
    ends_at_login: bool = False  # success is the login page (logout)


def obj(name):
    return lambda w, side: getattr(getattr(w, side), name)


def pk_of(name, key="pk"):
    return lambda w, side: {key: obj(name)(w, side).pk}


def unit_id(w, side):
    return {"unit_id": getattr(w, side).unit.pk}


def unit_day(w, side):
    return {"unit_id": getattr(w, side).unit.pk, "day": getattr(w, side).day}


def agency_q(w, side):
    return {"agency": getattr(w, side).agency.pk}


def unit_q(w, side):
    return {"unit": getattr(w, side).unit.pk}


def period_q(w, side):
    return {"agency": getattr(w, side).agency.pk, "start": "2024-04-15", "end": "2024-04-19"}


def rows_q(w, side):
    o = getattr(w, side)
    return {"rows": [{"nip": o.employee.nip, "date": "2024-04-16", "location": "WFO", "status": "H",
                      "timestamp": "2024-04-16 07:10:00"}]}


def employee_file(w, side):
    """An import naming the side's unit and employee (by NIP)."""
    o = getattr(w, side)
    content = (f"nip,nik,nama,jenis,unit,aktif_sejak\n{o.employee.nip},,Nama Impor,PNS,{o.unit.name},2020-01-01\n").encode()
    return {"file": SimpleUploadedFile("pegawai.csv", content, content_type="text/csv"), "terapkan": "1"}


def api_list(**kw):
    return Case(params=agency_q, allowed=EVERYONE, api=True, **kw)


def api_detail(name, allowed):
    return Case(kwargs=pk_of(name), allowed=allowed, api=True)


OWN_PEOPLE = READERS | {EMPLOYEE}  # rows about employee bekasi_staff[1], who is the bekasi_employee user

CASES: dict[str, Case] = {
    # -- core, no agency object ------------------------------------------------------------
    "home": Case(allowed=EVERYONE),
    "login": Case(public=True),
    "logout": Case(method="POST", allowed=EVERYONE, ends_at_login=True),
    "set_language": Case(method="POST", public=True),
    "notifications": Case(allowed=EVERYONE),
    "notifications_mark_read": Case(method="POST", allowed=EVERYONE),
    "password_change": Case(allowed=EVERYONE),
    # -- audit log ---------------------------------------------------------------------------
    "audit:events": Case(denied=EVERYONE - INSPECTORS, params=agency_q, allowed=INSPECTORS),
    "audit:export": Case(denied=EVERYONE - INSPECTORS, params=agency_q, allowed=INSPECTORS),
    "audit:event": Case(denied=EVERYONE - INSPECTORS, kwargs=pk_of("event"), allowed=INSPECTORS),
    # -- employees (HR keeps its agency's staff current) ---------------------------------------
    "employees:list": Case(denied=NOT_HR, params=unit_q, allowed={HR}),
    "units:list": Case(denied=NOT_HR, allowed={HR}),
    "units:create": Case(denied=NOT_HR, allowed={HR}),
    "units:edit": Case(denied=NOT_HR, kwargs=pk_of("unit"), allowed={HR}),
    "employees:create": Case(denied=NOT_HR, allowed={HR}),
    "employees:edit": Case(denied=NOT_HR, kwargs=pk_of("employee"), allowed={HR}),
    "employees:end": Case(denied=NOT_HR, method="POST", kwargs=pk_of("employee"), allowed={HR}, target=obj("employee"),
                          params=lambda w, s: {"last_day": "2024-04-30"}),
    "employees:import": Case(denied=NOT_HR, method="POST", params=employee_file, allowed={HR}, target=obj("employee")),
    # -- roster -----------------------------------------------------------------------------
    "roster:grid": Case(params=unit_q, allowed=READERS),
    "roster:cells_set": Case(denied=NOT_HR, method="POST", kwargs=unit_id, allowed={HR}, target=obj("roster"),
                             params=lambda w, s: {"employee": getattr(w, s).employee.pk, "date": "2024-04-16", "code": "WFH"}),
    "roster:undo": Case(denied=NOT_HR, method="POST", kwargs=unit_id, allowed={HR}, target=obj("roster")),
    "roster:redo": Case(denied=NOT_HR, method="POST", kwargs=unit_id, allowed={HR}, target=obj("roster")),
    "roster:export": Case(kwargs=unit_id, fixed={"fmt": "csv"}, allowed=READERS),
    "roster:import": Case(denied=NOT_HR, kwargs=unit_id, allowed={HR}),
    "roster:import_apply": Case(denied=NOT_HR, method="POST", kwargs=lambda w, s: {"unit_id": getattr(w, s).unit.pk, "batch_id": getattr(w, s).roster_batch.pk},
                                allowed={HR}, target=obj("roster_batch")),
    "roster:history": Case(kwargs=unit_id, params=lambda w, s: {"pegawai": getattr(w, s).employee.pk, "tanggal": "2024-04-16"},
                           allowed=READERS),
    # -- WFH requests -----------------------------------------------------------------------
    "wfh:mine": Case(allowed={EMPLOYEE, HR}),
    "wfh:new": Case(allowed={EMPLOYEE, HR}, params=lambda w, s: {"employee": getattr(w, s).employee.pk}),
    "wfh:check": Case(method="POST", allowed={EMPLOYEE, HR}, params=lambda w, s: {"employee": getattr(w, s).employee.pk, "dates": "2024-04-17"}),
    "wfh:queue": Case(denied=EVERYONE - {HEAD}, allowed={HEAD}, params=unit_q),
    "wfh:bulk_approve": Case(method="POST", allowed={HEAD}, params=lambda w, s: {"requests": [getattr(w, s).wfh.pk]},
                             target=obj("wfh")),
    "wfh:detail": Case(kwargs=pk_of("wfh"), allowed={EMPLOYEE, HEAD, HR}),
    "wfh:decide": Case(denied=EVERYONE - {HEAD}, method="POST", kwargs=pk_of("wfh"), allowed={HEAD}, target=obj("wfh"),
                       params=lambda w, s: {"action": "approve", "approve": ["2024-04-17"]}),
    "wfh:cancel": Case(method="POST", kwargs=pk_of("wfh"), allowed={EMPLOYEE}, target=obj("wfh")),
    "wfh:decide_row": Case(denied=EVERYONE - {HEAD}, method="POST", kwargs=pk_of("wfh"), allowed={HEAD}, target=obj("wfh"),
                           params=lambda w, s: {"action": "approve"}),
    # -- employee self-service: one's own, named by nobody --------------------------------------
    "selfservice:roster": Case(allowed={EMPLOYEE}, params=lambda w, s: {"bulan": "2024-04"}),
    "selfservice:attendance": Case(allowed={EMPLOYEE}, params=lambda w, s: {"bulan": "2024-04"}),
    # -- attendance ---------------------------------------------------------------------------
    "presence:dashboard": Case(params=period_q, allowed=READERS),
    "presence:unit_day": Case(kwargs=unit_day, allowed=READERS),
    "presence:unit_day_export": Case(kwargs=unit_day, fixed={"fmt": "csv"}, allowed=READERS),
    "presence:export": Case(fixed={"table": "units", "fmt": "csv"}, params=period_q, allowed=READERS),
    "presence:recap_pdf": Case(params=period_q, allowed=READERS),
    "presence:correct": Case(denied=NOT_HR, kwargs=lambda w, s: {"employee_id": getattr(w, s).employee.pk, "day": getattr(w, s).day},
                             allowed={HR}),
    "presence:roll_call": Case(denied=NOT_HR, params=lambda w, s: {"unit": getattr(w, s).unit.pk, "date": "2024-04-16"}, allowed={HR}),
    "presence:imports": Case(denied=NOT_HR, allowed={HR}),
    "presence:import_detail": Case(denied=NOT_HR, kwargs=pk_of("punch_batch"), allowed={HR}),
    "presence:import_apply": Case(denied=NOT_HR, method="POST", kwargs=pk_of("punch_batch"), allowed={HR}, target=obj("punch_batch")),
    # -- circulars and findings -----------------------------------------------------------------
    "policies:findings": Case(params=agency_q, allowed=READERS),
    "policies:finding_acknowledge": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), allowed={HR, INSPECTOR, JABAR}, target=obj("finding")),
    "policies:finding_note": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), allowed={HR, INSPECTOR, JABAR}, target=obj("finding"),
                                  params=lambda w, s: {"text": "Sudah dikonfirmasi"}),
    "policies:finding_resolve": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), allowed={HR, INSPECTOR, JABAR}, target=obj("finding")),
    "policies:circulars": Case(allowed=EVERYONE),
    "policies:circular_create": Case(denied=EVERYONE - {POLICY}, allowed={POLICY}),
    "policies:circular": Case(kwargs=pk_of("circular"), allowed={POLICY}),
    "policies:circular_edit": Case(denied=EVERYONE - {POLICY}, kwargs=pk_of("circular"), allowed={POLICY}),
    "policies:circular_preview": Case(denied=EVERYONE - {POLICY}, kwargs=pk_of("circular"), allowed={POLICY}),
    "policies:circular_publish": Case(denied=EVERYONE - {POLICY}, method="POST", kwargs=pk_of("circular"), allowed={POLICY}, target=obj("circular")),
    "policies:circular_revoke": Case(denied=EVERYONE - {POLICY}, method="POST", kwargs=pk_of("circular"), allowed={POLICY}, target=obj("circular")),
    # -- the API -------------------------------------------------------------------------------
    "api:api-root": Case(allowed=EVERYONE, api=True),
    "api:schema": Case(allowed=EVERYONE, api=True),
    "api:docs": Case(allowed=EVERYONE, api=True),
    "api:token": Case(method="POST", public=True, api=True),
    "api:dashboard-summary": Case(params=lambda w, s: {**agency_q(w, s), "date_from": "2024-04-16", "date_to": "2024-04-16"},
                                  allowed=EVERYONE, api=True),
    "api:region-list": api_list(),
    "api:region-detail": Case(kwargs=lambda w, s: {"pk": getattr(w, s).agency.seat_region_id}, allowed=EVERYONE, api=True, shared=True),
    "api:agency-list": api_list(),
    "api:agency-detail": Case(kwargs=lambda w, s: {"pk": getattr(w, s).agency.pk}, allowed=READERS | {EMPLOYEE}, api=True),
    "api:unit-list": api_list(),
    "api:unit-detail": api_detail("unit", READERS),
    "api:employee-list": api_list(),
    "api:employee-detail": api_detail("employee", OWN_PEOPLE),
    "api:employee-end": Case(denied=NOT_HR, method="POST", kwargs=pk_of("employee"), params=lambda w, s: {"last_day": "2024-06-30"},
                             allowed={HR}, api=True, target=obj("employee")),
    "api:circular-list": api_list(),
    "api:circular-detail": api_detail("circular", {POLICY}),
    "api:circular-publish": Case(denied=EVERYONE - {POLICY}, method="POST", kwargs=pk_of("circular"), allowed={POLICY}, api=True,
                                 target=obj("circular")),
    "api:circular-revoke": Case(denied=EVERYONE - {POLICY}, method="POST", kwargs=pk_of("circular"), allowed={POLICY}, api=True,
                                target=obj("circular")),
    "api:finding-list": api_list(),
    "api:finding-detail": api_detail("finding", READERS),
    "api:finding-acknowledge": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), allowed={HR, INSPECTOR, JABAR}, api=True,
                                    target=obj("finding")),
    "api:finding-note": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), params=lambda w, s: {"note": "Cek"}, allowed={HR, INSPECTOR, JABAR},
                             api=True, target=obj("finding")),
    "api:finding-resolve": Case(denied=frozenset({HEAD, EMPLOYEE, POLICY}), method="POST", kwargs=pk_of("finding"), allowed={HR, INSPECTOR, JABAR}, api=True, target=obj("finding")),
    "api:roster-entry-list": api_list(),
    "api:roster-entry-detail": api_detail("roster", OWN_PEOPLE),
    "api:roster-entry-bulk": Case(denied=NOT_HR, method="POST", params=rows_q, allowed={HR}, api=True, target=obj("roster")),
    "api:wfh-request-list": api_list(),
    "api:wfh-request-detail": api_detail("wfh", OWN_PEOPLE),
    "api:wfh-request-approve": Case(denied=EVERYONE - {HEAD}, method="POST", kwargs=pk_of("wfh"), allowed={HEAD}, api=True, target=obj("wfh")),
    "api:wfh-request-reject": Case(denied=EVERYONE - {HEAD}, method="POST", kwargs=pk_of("wfh"), params=lambda w, s: {"note": "Tidak"}, allowed={HEAD},
                                   api=True, target=obj("wfh")),
    "api:wfh-request-cancel": Case(method="POST", kwargs=pk_of("wfh"), allowed={EMPLOYEE}, api=True, target=obj("wfh")),
    "api:attendance-record-list": api_list(),
    "api:attendance-record-detail": api_detail("record", OWN_PEOPLE),
    "api:attendance-record-bulk": Case(denied=NOT_HR, method="POST", params=rows_q, allowed={HR}, api=True, target=obj("record")),
    "api:device-punch-list": api_list(),
    "api:device-punch-detail": api_detail("punch", OWN_PEOPLE),
    "api:device-punch-bulk": Case(denied=NOT_HR, method="POST", params=rows_q, allowed={HR}, api=True, target=obj("punch")),
}


def url_pattern_names(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from url_pattern_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern):
            name = p.name or str(p.pattern)
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_has_an_authorization_case():
    names = set(url_pattern_names())
    missing = sorted(n for n in names if n not in CASES and not n.startswith("admin:"))
    assert missing == [], f"add a case to CASES in {__file__} for: {missing}"
    stale = sorted(set(CASES) - names)
    assert stale == [], f"cases for URL names that no longer exist: {stale}"


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """Both agencies' objects, built once for the module inside a transaction rolled back afterwards;
    each test still runs in its own savepoint (pytest-django), so one case's writes never reach the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield matrix_world.build(world_build())
        transaction.set_rollback(True)


@pytest.fixture
def m(matrix, db):
    return matrix


def client_for(case: Case, user):
    if case.api:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def call(case: Case, name: str, w, side: str, user):
    kwargs = {**case.fixed, **(case.kwargs(w, side) if case.kwargs else {})}
    url = reverse(name, kwargs=kwargs or None)
    params = case.params(w, side) if case.params else {}
    client = client_for(case, user)
    if case.method == "GET":
        return client.get(url, params)
    if case.api:
        return client.post(url, params, format="json")
    return client.post(url, params)


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    kind = response.get("Content-Type", "")
    return body.decode("utf-8", "replace") if ("text" in kind or "json" in kind or "openapi" in kind) else ""


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "/masuk/" in response.get("Location", "")


def state(case: Case, w, side: str):
    if case.target is None:
        return None
    row = case.target(w, side)
    return model_to_dict(type(row).objects.get(pk=row.pk))


ADMIN_CASE = "admin:*"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_role_is_refused_other_agencies_objects_and_served_its_own(m, name):
    case = CASES[name]
    if case.public:
        response = call(case, name, m, "own", None)
        assert response.status_code < 500
        return
    anonymous = call(case, name, m, "own", None)
    assert sent_to_login(anonymous) or anonymous.status_code in (401, 403), (name, anonymous.status_code)
    names_an_object = case.kwargs is not None or case.params is not None
    for role in ROLES:
        user = getattr(m, role)
        if names_an_object and not case.shared:
            before = state(case, m, "other")
            response = call(case, name, m, "other", user)
            refused = REFUSED if case.kwargs is not None else REFUSED_BY_NAME
            assert response.status_code in refused or (
                case.kwargs is None and response.status_code < 400 and not sent_to_login(response)
            ), (name, role, "other", response.status_code)
            assert SECRET not in text_of(response), (name, role, "leaked Tangerang data")
            assert state(case, m, "other") == before, (name, role, "changed Tangerang's object")
        if role in case.denied:
            before = state(case, m, "own")
            response = call(case, name, m, "own", user)
            refused = REFUSED if case.kwargs is not None else REFUSED_BY_NAME
            assert response.status_code in refused or sent_to_login(response), (name, role, "own, denied", response.status_code)
            assert state(case, m, "own") == before, (name, role, "changed its own agency's object beyond its role")
    for role in sorted(case.allowed):  # after the refusals: an allowed write may change the object
        user = getattr(m, role)
        response = call(case, name, m, "own", user)
        assert case.ends_at_login or not sent_to_login(response), (name, role, "own", "sent to login")
        assert response.status_code < 500, (name, role, "own", response.status_code)
        if case.method == "GET":
            assert response.status_code < 400, (name, role, "own", response.status_code)
        else:
            assert response.status_code not in (401, *REFUSED), (name, role, "own", response.status_code)
        assert SECRET not in text_of(response), (name, role, "leaked Tangerang data")


def test_admin_pages_refuse_everyone_but_staff(m):
    other_employee = m.other.employee.pk
    for role in ROLES:
        client = Client()
        client.force_login(getattr(m, role))
        for url in ("/admin/", f"/admin/agencies/employee/{other_employee}/change/", "/admin/agencies/auditevent/"):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (role, url)


def test_the_matrix_size_is_reported(capsys):
    checks = sum(
        1 if c.public else 1 + sum(
            (1 if (c.kwargs or c.params) and not c.shared else 0) + (role in c.allowed) + (role in c.denied) for role in ROLES
        )
        for c in CASES.values()
    )
    with capsys.disabled():
        print(f"\nauthorization matrix: {len(CASES)} URL cases, {len(ROLES)} roles, {checks} requests")
    assert checks > len(CASES)
