"""Every page's query parameters are validated: malformed ids, huge integers, reversed and out-of-range
dates become a form error or a 400, never a 500 (issue 13 point 6, issue 12 point 7)."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

BAD_DATES = ["9999-12-31", "0001-01-01", "2204-05-31", "abc", "2024-02-30"]
BAD_IDS = ["abc", "²", str(2**70), "-1", "1.5"]


@pytest.fixture
def hr(client, world):
    client.force_login(world.bekasi_hr)
    return client


def test_the_roster_grid_and_export_refuse_out_of_range_dates(hr, world):
    unit = world.bekasi_setda.pk
    for day in BAD_DATES:
        for periode in ("minggu", "bulan"):
            response = hr.get("/jadwal/", {"unit": unit, "mulai": day, "periode": periode})
            assert response.status_code in (200, 400), (day, periode)
        for fmt in ("csv", "xlsx"):
            assert hr.get(f"/jadwal/{unit}/ekspor.{fmt}", {"mulai": day}).status_code in (200, 400), day


def test_the_roster_history_refuses_bad_employee_ids(hr, world):
    unit = world.bekasi_setda.pk
    for value in BAD_IDS:
        response = hr.get(f"/jadwal/{unit}/riwayat/", {"pegawai": value, "tanggal": "2024-04-16"})
        assert response.status_code in (400, 404), value
    for day in BAD_DATES:
        employee = world.bekasi_staff[1].pk
        response = hr.get(f"/jadwal/{unit}/riwayat/", {"pegawai": employee, "tanggal": day})
        assert response.status_code in (400, 404), day


def test_a_cell_edit_naming_a_huge_employee_id_is_a_400(hr, world):
    unit = world.bekasi_setda.pk
    for cells in (f"{2**70}:2024-04-16:0", "1:9999-12-31:0", "1:0001-01-01:0", "²:2024-04-16:0"):
        response = hr.post(f"/jadwal/{unit}/sel/", {"cells": cells, "code": "WFO"})
        assert response.status_code == 400, cells


def test_attendance_pages_refuse_bad_units_and_days(hr, world):
    unit = world.bekasi_setda.pk
    for value in BAD_IDS:
        assert hr.get("/kehadiran/apel/", {"unit": value, "date": "2024-04-16"}).status_code in (200, 400), value
    for day in BAD_DATES:
        assert hr.get("/kehadiran/apel/", {"unit": unit, "date": day}).status_code in (200, 400), day
        assert hr.get(f"/kehadiran/unit/{unit}/{day}/").status_code in (400, 404), day
        for fmt in ("csv", "xlsx"):
            assert hr.get(f"/kehadiran/unit/{unit}/{day}/unduh.{fmt}").status_code in (400, 404), day
        assert hr.get("/kehadiran/", {"start": day, "end": "2024-04-30"}).status_code in (200, 400), day


def test_the_audit_log_refuses_out_of_range_dates(client, world):
    client.force_login(world.bekasi_inspector)
    hr = client
    for day in BAD_DATES:
        for name in ("date_from", "date_to"):
            response = hr.get("/audit/", {name: day})
            assert response.status_code in (200, 400), day
            if response.status_code == 200:
                assert response.context["form"].errors, day
            assert hr.get("/audit/ekspor.csv", {name: day}).status_code in (200, 400), day


def test_the_findings_page_refuses_out_of_range_dates(hr):
    for day in BAD_DATES:
        assert hr.get("/temuan/", {"date_from": day, "date_to": day, "unit": str(2**70)}).status_code in (200, 400)


def test_the_wfh_queue_bulk_approval_ignores_non_ascii_digits(client, world):
    client.force_login(world.bekasi_head)
    for value in ("²", str(2**70), "abc", "١٢"):
        response = client.post("/wfh/antrean/setujui/", {"requests": [value]})
        assert response.status_code in (302, 400), value
    for day in BAD_DATES:
        assert client.get("/wfh/antrean/", {"date_from": day, "date_to": day}).status_code in (200, 400)


def test_the_circular_preview_refuses_reversed_and_out_of_range_dates(client, world):
    import datetime

    from agencies.models import Role
    from policies.models import Circular, Rule

    admin = f.user("kebijakan_bekasi", Role.POLICY_ADMIN, agency=world.bekasi)
    circular = Circular.objects.create(number="1/2024", title="Uji", issuer=world.bekasi, signed_on=datetime.date(2024, 4, 1),
                                       scope_kind=Circular.ScopeKind.AGENCIES)
    circular.scope_agencies.add(world.bekasi)
    Rule.objects.create(circular=circular, start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 4, 30),
                        categories=["administration"], wfh_cap_percent=50)
    client.force_login(admin)
    url = f"/surat-edaran/{circular.pk}/pratinjau/"
    for start, end in [("2024-04-20", "2024-04-01"), ("9999-01-01", "9999-12-31"), ("0001-01-01", "0001-01-05"),
                       ("", "2024-03-01"), ("abc", "")]:
        response = client.get(url, {"start": start, "end": end})
        assert response.status_code in (200, 400), (start, end)
