"""History that stays put: a move (mutasi) is dated, and every past verdict, count and grid keeps
reading the placement that held on its own day (issue 12, point 5)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agencies.models import AuditEvent, Employee
from policies.models import Finding
from tests import factories as f
from tests.policies.conftest import APR16, make_circular, roster, se_1_2024_rules


@pytest.fixture
def unit_a_over_cap(world):
    """Sekretariat Daerah (unit A, administration, ≤ 50% WFH): 10 staff, 6 WFH on 16 April 2024 (6/5).
    Bagian Umum (unit B), the health office and Tangerang are fully rostered WFO: no finding."""
    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    staff = world.bekasi_staff + [f.employee(world.bekasi_setda) for _ in range(6)]
    roster(staff[:6], APR16, "WFH")
    roster(staff[6:], APR16, "WFO")
    roster(world.bekasi_umum_staff + world.bekasi_nurses + world.tangerang_staff, APR16, "WFO")
    return staff


def check_april_16() -> set[tuple]:
    call_command("check_compliance", "--date", APR16.isoformat(), stdout=io.StringIO())
    return set(
        Finding.objects.filter(status=Finding.Status.OPEN)
        .values_list("unit_id", "date", "kind", "measured", "limit").order_by()
    )


def edit_data(client, employee, **changes) -> dict:
    form = client.get(reverse("employees:edit", args=[employee.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(changes)
    return data


def test_moving_a_wfh_employee_today_leaves_16_april_2024_as_it_was(client, world, unit_a_over_cap):
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    before = check_april_16()
    assert before == {(a.pk, APR16, "wfh_over_cap", 6, 5)}
    mover = unit_a_over_cap[0]  # rostered WFH on 16 April
    client.force_login(world.bekasi_hr)
    response = client.post(reverse("employees:edit", args=[mover.pk]), edit_data(client, mover, unit=b.pk))
    assert response.status_code == 302, response.context["form"].errors
    mover.refresh_from_db()
    assert mover.unit == b  # the current placement

    after = check_april_16()
    assert after == before  # A still 6/5, and no "missing roster" for B
    today = timezone.localdate()
    periods = list(mover.placements.order_by("valid_from").values_list("unit_id", "valid_from", "valid_until"))
    assert periods == [(a.pk, mover.active_from, today - datetime.timedelta(days=1)), (b.pk, today, None)]
    event = AuditEvent.objects.get(action="employee.change", object_id=str(mover.pk))
    assert (event.before["unit"], event.after["unit"], event.after["moved_on"]) == (a.pk, b.pk, today.isoformat())


def test_the_edit_screen_shows_the_placement_history(client, world, unit_a_over_cap):
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]),
                edit_data(client, mover, unit=world.bekasi_bagian_umum.pk, moved_on="2024-05-01"))
    body = client.get(reverse("employees:edit", args=[mover.pk])).content.decode()
    assert "Riwayat penempatan" in body and "1 Mei 2024" in body and "30 April 2024" in body


def test_the_roster_grids_follow_the_placement_of_each_period(client, world, unit_a_over_cap):
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]), edit_data(client, mover, unit=b.pk, moved_on="2024-05-01"))

    def rows(unit, month):
        grid = client.get(reverse("roster:grid"), {"unit": unit.pk, "periode": "bulan", "mulai": month})
        return {e.pk for e in grid.context["grid"].employees}

    assert mover.pk in rows(a, "2024-04-01") and mover.pk not in rows(b, "2024-04-01")
    assert mover.pk in rows(b, "2024-05-01") and mover.pk not in rows(a, "2024-05-01")


def test_a_moved_employees_past_cell_opens_its_history_in_the_old_unit(client, world, unit_a_over_cap):
    """The grid of April still shows the mover's row in unit A: pressing R on 16 April opens that cell's
    history there (not a 404 because the employee belongs to B today), and B, where they were not, refuses it."""
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]), edit_data(client, mover, unit=b.pk, moved_on="2024-05-01"))
    cell = {"pegawai": mover.pk, "tanggal": APR16.isoformat()}
    response = client.get(reverse("roster:history", args=[a.pk]), cell)
    assert response.status_code == 200 and response.context["employee"] == mover
    assert client.get(reverse("roster:history", args=[b.pk]), cell).status_code == 404


def test_an_api_move_is_dated_and_a_date_before_the_placement_is_refused(world, unit_a_over_cap):
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    before = check_april_16()
    mover = unit_a_over_cap[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.bekasi_hr).key}")
    url = f"/api/v1/employees/{mover.pk}/"
    refused = client.patch(url, {"unit": b.pk, "moved_on": "2019-12-31"}, format="json")
    assert refused.status_code == 400 and "1 Januari 2020" in refused.json()["errors"]["moved_on"][0]["message"]
    moved = client.patch(url, {"unit": b.pk, "moved_on": "2024-04-17"}, format="json")
    assert moved.status_code == 200, moved.content
    assert [(p["unit"], p["valid_from"], p["valid_until"]) for p in moved.json()["placements"]] == [
        (a.pk, "2020-01-01", "2024-04-16"), (b.pk, "2024-04-17", None),
    ]
    assert check_april_16() == before


def test_an_import_dates_a_move_with_mutasi_sejak(client, world, unit_a_over_cap):
    before = check_april_16()
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    csv = ("nip,nik,nama,jenis,unit,aktif_sejak,mutasi_sejak\n"
           f"{mover.nip},,{mover.name},PNS,{world.bekasi_bagian_umum.name},2020-01-01,2024-06-01\n").encode()
    upload = io.BytesIO(csv)
    upload.name = "pegawai.csv"
    response = client.post(reverse("employees:import"), {"file": upload, "terapkan": "1"})
    assert response.status_code == 302
    assert list(Employee.objects.get(pk=mover.pk).placements.values_list("valid_from", flat=True)) == [
        datetime.date(2020, 1, 1), datetime.date(2024, 6, 1),
    ]
    assert check_april_16() == before


def test_ending_employment_before_a_dated_move_cancels_the_move(client, world, unit_a_over_cap):
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]),
                edit_data(client, mover, unit=world.bekasi_bagian_umum.pk, moved_on="2024-05-01"))
    client.post(reverse("employees:end", args=[mover.pk]), {"last_day": "2024-04-30"})
    mover.refresh_from_db()
    assert mover.unit == world.bekasi_setda and mover.active_until == datetime.date(2024, 4, 30)
    assert list(mover.placements.values_list("unit_id", "valid_until")) == [
        (world.bekasi_setda.pk, datetime.date(2024, 4, 30)),
    ]


def test_the_dashboard_counts_staff_where_they_were_in_the_period(client, world, unit_a_over_cap):
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    mover = unit_a_over_cap[0]
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]), edit_data(client, mover, unit=b.pk))
    client.force_login(world.bekasi_inspector)
    response = client.get(reverse("presence:dashboard"), {"start": "2024-04-16", "end": "2024-04-16"})
    assert response.status_code == 200
    headcounts = {row.unit_id: row.headcount for row in response.context["units"]}
    assert (headcounts[a.pk], headcounts[b.pk]) == (10, 2)


def test_check_output_names_the_same_counts_in_json(world, unit_a_over_cap):
    out = io.StringIO()
    call_command("check_compliance", "--date", APR16.isoformat(), "--format", "json", stdout=out)
    assert [(x["measured"], x["limit"]) for x in json.loads(out.getvalue())] == [(6, 5)]


def test_a_roster_import_files_past_days_under_the_unit_of_that_day(client, world, unit_a_over_cap):
    a, b = world.bekasi_setda, world.bekasi_bagian_umum
    mover = unit_a_over_cap[6]  # rostered WFO on 16 April in A
    client.force_login(world.bekasi_hr)
    client.post(reverse("employees:edit", args=[mover.pk]), edit_data(client, mover, unit=b.pk, moved_on="2024-05-01"))

    def upload(unit, day):
        file = io.BytesIO(f"nip,tanggal,kode\n{mover.nip},{day},WFH\n".encode())
        file.name = "jadwal.csv"
        return client.post(reverse("roster:import", args=[unit.pk]), {"file": file}).context["check"]

    assert upload(a, "2024-04-17").ok  # still A's on 17 April
    refused = upload(b, "2024-04-17")
    assert [e.reason for e in refused.errors] == ["Pada tanggal ini pegawai ditempatkan di unit lain."]
    assert upload(b, "2024-05-02").ok and not upload(a, "2024-05-02").ok
