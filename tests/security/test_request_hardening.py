"""Hostile request bodies and headers (issue 13 points 8, 10, 12, 14; issue 12 point 7): deep JSON, NUL bytes in
uploads, open redirects, caching of signed-in pages, 400 vs 409 and unknown keys in the API."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance.models import RosterEntry, WfhRequest

pytestmark = pytest.mark.django_db
DEEP = "[" * 5000 + "]" * 5000
SATURDAY = datetime.date(2024, 4, 20)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/roster-entries/bulk/", "/api/v1/wfh-requests/",
                                 "/api/v1/attendance-records/bulk/", "/api/v1/employees/"])
def test_deeply_nested_json_is_a_400_even_unauthenticated(world, url):
    for client in (api(), api(world.bekasi_hr)):
        response = client.generic("POST", url, DEEP, content_type="application/json")
        assert response.status_code == 400, response.content[:200]
        assert response.json()["code"] == "too_deep"


def test_ordinary_nesting_still_passes(world):
    body = '{"rows": [{"nip": "x", "date": "2024-04-16", "location": "WFO"}]}'
    response = api(world.bekasi_hr).generic("POST", "/api/v1/roster-entries/bulk/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"  # an unknown NIP, not a depth refusal


@pytest.mark.parametrize("url_of", [lambda w: f"/jadwal/{w.bekasi_setda.pk}/impor/", lambda w: "/pegawai/impor/"])
def test_a_nul_byte_in_an_uploaded_csv_is_a_clear_error(client, world, settings, tmp_path, url_of):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bekasi_hr)
    nip = world.bekasi_staff[1].nip
    body = f"nip,tanggal,kode\n{nip},2024-04-16,W\x00FO\n".encode()
    response = client.post(url_of(world), {"file": SimpleUploadedFile("j.csv", body, content_type="text/csv")})
    assert response.status_code in (200, 400)
    assert "karakter NUL" in response.content.decode()
    assert not RosterEntry.objects.exists()


def test_the_note_form_never_redirects_off_site(client, world):
    from policies.models import Finding

    finding = Finding.objects.create(agency=world.bekasi, unit=world.bekasi_setda, date=datetime.date(2024, 4, 16),
                                     kind="missing_roster", measured=1, limit=0, basis_count=1,
                                     rule=_rule(world))
    client.force_login(world.bekasi_inspector)
    for target in ("https://evil.example/phish", "//evil.example/", "javascript:alert(1)"):
        response = client.post(f"/temuan/{finding.pk}/catatan/", {"note": "cek", "next": target})
        assert response.status_code == 302
        assert "evil" not in response["Location"] and not response["Location"].startswith("javascript"), target
    response = client.post(f"/temuan/{finding.pk}/catatan/", {"note": "cek", "next": "/temuan/?status=all"})
    assert response["Location"] == "/temuan/?status=all"


def _rule(world):
    from policies.models import Circular, Rule

    circular = Circular.objects.create(number="1/2024", title="Uji", issuer=world.bekasi, signed_on=datetime.date(2024, 4, 1),
                                       status="published")
    return Rule.objects.create(circular=circular, start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 4, 30),
                               categories=["administration"], wfh_cap_percent=50)


def test_signed_in_pages_are_not_stored_and_the_connection_is_health_checked(client, world, settings):
    client.force_login(world.bekasi_hr)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" in api(world.bekasi_hr).get("/api/v1/units/").headers["Cache-Control"]
    from rosterhub import settings as shipped

    assert shipped.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_wfh_validation_problems_are_400_with_the_field_and_cap_refusals_stay_409(world):
    employee = world.bekasi_staff[1]
    employee.domicile_address = ""
    employee.save()
    client = api(world.bekasi_hr)
    no_address = {"employee": employee.pk, "dates": ["2024-04-16"], "reason": "Anak sakit"}
    response = client.post("/api/v1/wfh-requests/", no_address, format="json")
    assert response.status_code == 400, response.json()
    assert "address" in response.json()["errors"]
    saturday = {**no_address, "dates": [SATURDAY.isoformat()], "address": "Jl. Uji 1"}
    response = client.post("/api/v1/wfh-requests/", saturday, format="json")
    assert response.status_code == 400 and "dates" in response.json()["errors"]
    assert not WfhRequest.objects.exists()


def test_unknown_keys_are_refused_with_the_key_named_on_roster_rows_and_bodies(world):
    client = api(world.bekasi_hr)
    row = {"nip": world.bekasi_staff[1].nip, "date": "2024-04-16", "location": "WFH", "wfh_regoin": "32.75"}
    response = client.post("/api/v1/roster-entries/bulk/", {"rows": [row]}, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]["rows"]
    assert error["errors"]["wfh_regoin"][0]["code"] == "unknown_field"
    del row["wfh_regoin"]
    response = client.post("/api/v1/roster-entries/bulk/", {"rows": [row], "overide_approved_wfh": True}, format="json")
    assert response.status_code == 400 and "overide_approved_wfh" in response.json()["errors"]
    response = client.post("/api/v1/wfh-requests/", {"employee": 1, "dates": ["2024-04-16"], "reason": "x", "adress": "y"},
                           format="json")
    assert response.status_code == 400 and "adress" in response.json()["errors"]
    assert not RosterEntry.objects.exists()


def test_a_nip_used_in_another_agency_is_refused_without_saying_it_exists_there(world):
    stranger, colleague = world.tangerang_staff[0], world.bekasi_staff[2]
    body = {"name": "Rina", "employment_type": "PNS", "unit": world.bekasi_setda.pk, "active_from": "2024-05-02"}
    client = api(world.bekasi_hr)
    other = client.post("/api/v1/employees/", {**body, "nip": stranger.nip}, format="json")
    own = client.post("/api/v1/employees/", {**body, "nip": colleague.nip}, format="json")
    assert other.status_code == own.status_code == 400
    other_text = other.json()["errors"]["nip"][0]["message"]
    assert "telah ada" not in other_text and "sudah" not in other_text and "Tangerang" not in other_text
    assert "instansi Anda" in own.json()["errors"]["nip"][0]["message"]


def test_a_large_bulk_body_is_parsed_and_a_body_past_the_limit_is_a_clear_400(world, settings):
    client = api(world.bekasi_hr)
    rows = [{"nip": f"{n:018d}", "date": "2024-04-16", "location": "WFH", "wfh_address": "Jl. " + "x" * 250}
            for n in range(8000)]  # about 3 MB: more than Django's 2.5 MB default
    response = client.post("/api/v1/roster-entries/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"  # unknown NIPs, read in full
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client.post("/api/v1/roster-entries/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "too_large"
