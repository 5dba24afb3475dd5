"""Domicile through every door (issue 12): WFH requests and roster rows carry the WFH place's region
as a Kemendagri code, validated; under a rule demanding domicile, WFH away from it or in an unknown
place is a finding, whichever circular's cap binds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Employee
from attendance.models import ImportBatch, RosterEntry, WfhRequest
from policies.compliance import compliance_check_units
from policies.models import Circular
from tests import factories as f
from tests.policies.conftest import make_circular

pytestmark = pytest.mark.django_db

APR16 = datetime.date(2024, 4, 16)
BULK = "/api/v1/roster-entries/bulk/"


@pytest.fixture
def domiciled(world):
    """Bekasi's Setda staff live in Kota Bekasi; a Kemenpan circular for Jawa Barat demands WFH at the
    domicile (≤ 50%), a stricter national one caps WFH at 40% without that demand."""
    Employee.objects.filter(unit=world.bekasi_setda).update(domicile_region=world.bekasi.seat_region)
    kemenpan = f.agency("kemenpan-rb", "Kementerian PANRB", "Kemenpan RB", seat=f.region("31", "DKI Jakarta", "province"),
                        kind="ministry")
    rule = {"start_date": APR16, "end_date": APR16, "categories": ["administration"]}
    world.asean = make_circular(kemenpan, "17/2023", scope_kind="regions",
                                rules=[{**rule, "wfh_cap_percent": 50, "domicile_required": True}])
    world.asean.scope_regions.set([world.jabar])
    world.stricter = make_circular(kemenpan, "40/2024", rules=[{**rule, "wfh_cap_percent": 40}])
    return world


def findings_of(api, user, unit) -> dict[str, dict]:
    response = api(user).get("/api/v1/findings/", {"unit": unit.pk, "date_from": "2024-04-16", "date_to": "2024-04-16",
                                                     "status": "open"})
    return {row["kind"]: row for row in response.json()["results"]}


def test_the_api_feeds_the_domicile_region_and_the_duty_survives_a_stricter_cap(api, domiciled):
    w = domiciled
    a, b, c, d = w.bekasi_staff
    rows = [
        {"nip": a.nip, "date": "2024-04-16", "location": "WFH", "wfh_region": "36.71"},  # Tangerang: away
        {"nip": b.nip, "date": "2024-04-16", "location": "WFH"},  # no region: unknown
        {"nip": c.nip, "date": "2024-04-16", "location": "WFO"},
        {"nip": d.nip, "date": "2024-04-16", "location": "WFO"},
    ]
    response = api(w.bekasi_hr).post(BULK, {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    assert RosterEntry.objects.get(employee=a).wfh_region.code == "36.71"
    listed = api(w.bekasi_hr).get("/api/v1/roster-entries/", {"employee": a.pk}).json()["results"]
    assert listed[0]["wfh_region"] == "36.71"
    compliance_check_units(start=APR16, end=APR16)
    found = findings_of(api, w.bekasi_inspector, w.bekasi_setda)
    stricter_rule, asean_rule = w.stricter.rules.get().pk, w.asean.rules.get().pk
    assert found["wfh_over_cap"]["rule"] == stricter_rule  # 2 of 4 over 40%: the strictest cap binds
    assert (found["wfh_away_from_domicile"]["rule"], found["wfh_away_from_domicile"]["details"]) == (
        asean_rule, {"employee_ids": [a.pk]})
    assert (found["wfh_location_unknown"]["rule"], found["wfh_location_unknown"]["measured"]) == (asean_rule, 1)
    assert set(found["wfh_away_from_domicile"]["circulars"]) == {w.asean.pk, w.stricter.pk}
    # Fed the domicile through the API again, both duties are met.
    rows[0]["wfh_region"] = rows[1]["wfh_region"] = "32.75"
    assert api(w.bekasi_hr).post(BULK, {"rows": rows}, format="json").status_code == 200
    compliance_check_units(start=APR16, end=APR16)
    assert set(findings_of(api, w.bekasi_inspector, w.bekasi_setda)) == {"wfh_over_cap"}


def test_an_unknown_region_code_is_a_row_error_and_writes_nothing(api, world):
    a, b = world.bekasi_staff[:2]
    response = api(world.bekasi_hr).post(BULK, {"rows": [
        {"nip": a.nip, "date": "2024-04-16", "location": "WFH", "wfh_region": "99.99"},
        {"nip": b.nip, "date": "2024-04-16", "location": "WFO", "wfh_region": "32.75"},
    ]}, format="json")
    assert response.status_code == 400
    errors = {r["row"]: r["errors"] for r in response.json()["errors"]["rows"]}
    assert "99.99" in errors[1]["wfh_region"][0]["message"] and "wfh_region" in errors[2]
    assert not RosterEntry.objects.exists()


def test_a_wfh_request_carries_its_region_by_code(api, world, domiciled):
    submit = {"employee": world.bekasi_staff[1].pk, "dates": ["2024-04-16"], "reason": "Anak sakit",
              "address": "Jl. Melati 3, Tangerang"}
    bad = api(world.bekasi_employee).post("/api/v1/wfh-requests/", {**submit, "address_region": "36.99"}, format="json")
    assert bad.status_code == 400 and "address_region" in bad.json()["errors"]
    good = api(world.bekasi_employee).post("/api/v1/wfh-requests/", {**submit, "address_region": "36.71"}, format="json")
    assert good.status_code == 201, good.json()
    assert good.json()["address_region"] == "36.71"
    assert WfhRequest.objects.get().address_region.code == "36.71"


def test_the_roster_import_reads_the_wfh_region_column(client, world, domiciled):
    a, b = world.bekasi_staff[:2]
    client.force_login(world.bekasi_hr)
    url = reverse("roster:import", args=[world.bekasi_setda.pk])

    def upload(lines):
        return client.post(url, {"file": SimpleUploadedFile("jadwal.csv", ("\n".join(lines) + "\n").encode())})

    bad = upload(["nip,tanggal,kode,wilayah_wfh", f"{a.nip},2024-04-16,WFH,99.1", f"{b.nip},2024-04-16,WFO,32.75"])
    assert "Kode wilayah WFH tidak dikenal: 99.1" in bad.content.decode()
    assert "Tempat dan wilayah kerja hanya untuk WFH, WFA atau kantor lain (KL)." in bad.content.decode()
    upload(["nip,tanggal,kode,wilayah_wfh", f"{a.nip},2024-04-16,WFH,36.71", f"{b.nip},2024-04-16,WFO,"])
    batch = ImportBatch.objects.filter(status="ready").get()
    client.post(reverse("roster:import_apply", args=[world.bekasi_setda.pk, batch.pk]))
    assert RosterEntry.objects.get(employee=a).wfh_region.code == "36.71"


def test_a_wfa_day_carries_its_region_and_place_through_the_import_and_the_export(client, world, domiciled):
    """PermenPANRB 4/2025's WFA names where it is worked: the import reads region and place for WFH, WFA
    and KL alike, refuses them on a day at one's own office, and the export gives them back."""
    a, b = world.bekasi_staff[:2]
    client.force_login(world.bekasi_hr)
    unit = world.bekasi_setda

    def upload(lines):
        return client.post(reverse("roster:import", args=[unit.pk]),
                           {"file": SimpleUploadedFile("jadwal.csv", ("\n".join(lines) + "\n").encode())})

    header = "nip,tanggal,kode,wilayah_wfh,tempat"
    bad = upload([header, f"{a.nip},2024-04-16,WFA,36.71,Kantor Kecamatan Cibodas", f"{b.nip},2024-04-16,WFO,,Rumah"])
    errors = {e.line: e.reason for e in bad.context["check"].errors}
    assert errors == {3: "Tempat dan wilayah kerja hanya untuk WFH, WFA atau kantor lain (KL)."}
    assert not RosterEntry.objects.exists()
    upload([header, f"{a.nip},2024-04-16,WFA,36.71,Kantor Kecamatan Cibodas", f"{b.nip},2024-04-16,WFO,,"])
    batch = ImportBatch.objects.filter(status="ready").get()
    client.post(reverse("roster:import_apply", args=[unit.pk, batch.pk]))
    entry = RosterEntry.objects.get(employee=a)
    assert (entry.location, entry.wfh_region.code, entry.wfh_address) == ("WFA", "36.71", "Kantor Kecamatan Cibodas")
    # a later file that only moves the place changes the cell (it is not the same cell twice)
    upload([header, f"{a.nip},2024-04-16,WFA,32.75,Perpustakaan Daerah"])
    batch = ImportBatch.objects.filter(status="ready").latest("pk")
    client.post(reverse("roster:import_apply", args=[unit.pk, batch.pk]))
    entry.refresh_from_db()
    assert (entry.wfh_region.code, entry.wfh_address, entry.version) == ("32.75", "Perpustakaan Daerah", 2)
    export = client.get(reverse("roster:export", args=[unit.pk, "csv"]) + "?mulai=2024-04-15").content.decode("utf-8-sig")
    assert export.splitlines()[0].split(",")[-2:] == ["wilayah_wfh", "tempat"]
    assert f"{a.nip},{a.name},2024-04-16,WFA,,32.75,Perpustakaan Daerah" in export
    assert f"{b.nip},{b.name},2024-04-16,WFO,,," in export


def test_the_api_refuses_a_place_on_a_day_at_ones_own_office(api, world):
    a = world.bekasi_staff[0]
    response = api(world.bekasi_hr).post("/api/v1/roster-entries/bulk/", {"rows": [
        {"nip": a.nip, "date": "2024-04-16", "location": "WFO", "wfh_address": "Rumah"},
    ]}, format="json")
    assert response.status_code == 400
    row = response.json()["errors"]["rows"][0]["errors"]
    assert row["wfh_address"][0]["message"] == "Tempat dan wilayah kerja hanya untuk WFH, WFA atau kantor lain (KL)."
    ok = api(world.bekasi_hr).post("/api/v1/roster-entries/bulk/", {"rows": [
        {"nip": a.nip, "date": "2024-04-16", "location": "KL", "wfh_address": "Kantor BKD Provinsi", "wfh_region": "32"},
    ]}, format="json")
    assert ok.status_code == 200, ok.json()
    assert RosterEntry.objects.get(employee=a).wfh_address == "Kantor BKD Provinsi"


def test_the_roster_grid_accepts_a_wfh_region(client, world, domiciled):
    a = world.bekasi_staff[0]
    client.force_login(world.bekasi_hr)
    url = reverse("roster:cells_set", args=[world.bekasi_setda.pk])
    bad = client.post(url, {"cells": f"{a.pk}:2024-04-16:0", "code": "WFH", "wfh_region": "00"})
    assert bad.status_code == 400 and "Kode wilayah tidak dikenal; isi kode wilayah Kemendagri" in bad.content.decode()
    client.post(url, {"cells": f"{a.pk}:2024-04-16:0", "code": "WFH", "wfh_region": "32.75"})
    assert RosterEntry.objects.get(employee=a).wfh_region.code == "32.75"


def test_no_circular_here_was_entered_outside_its_authority(domiciled):
    """The fixture's circulars are the ministry's: what the form and the API would accept."""
    from policies.authority import saved_circular_authority_errors

    assert all(saved_circular_authority_errors(c) == {} for c in Circular.objects.all())
