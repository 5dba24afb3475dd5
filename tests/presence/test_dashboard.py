"""The inspector dashboard: Bekasi's 16 April 2024 exactly as recorded, scoping of every figure and export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from agencies.models import Role
from attendance.models import AttendanceRecord
from tests import factories as f
from tests.presence.conftest import BEKASI_DAY

DAY = {"start": "2024-04-16", "end": "2024-04-16"}


def get(client, user, name, params=None, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs or None), params or {})


def figure(html: str, key: str) -> str:
    marker = f'data-figure="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_anonymous_visitors_are_sent_to_login(client, world):
    response = client.get(reverse("presence:dashboard"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_an_employee_without_an_oversight_role_is_refused(client, world):
    dashboard = get(client, world.bekasi_employee, "presence:dashboard")
    assert dashboard.status_code == 302 and dashboard["Location"] == "/saya/kehadiran/"  # their own attendance instead
    assert get(client, world.bekasi_employee, "presence:export", DAY, table="units", fmt="csv").status_code == 403


def test_bekasi_16_april_shows_exactly_what_the_records_say(client, world, bekasi_day):
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    assert figure(html, "headcount") == "1.629"
    assert figure(html, "present") == "1.581"
    assert (figure(html, "wfo"), figure(html, "wfh")) == ("1.540", "41")
    assert [figure(html, k) for k in ("sick", "permission", "leave", "absent", "late")] == ["17", "9", "3", "19", "40"]


def test_the_roll_call_that_does_not_add_up_is_flagged(client, world, bekasi_day):
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    assert 'data-testid="tally-mismatch"' in html
    assert "Dilaporkan 40 berhalangan, rinciannya berjumlah 48" in html
    assert "Sesuai catatan" in html  # 1,581 / 17 / 9 / 3 / 19 match the records


def test_the_dashboard_runs_a_fixed_number_of_queries(client, world, bekasi_day, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.bekasi_inspector)
    client.get(reverse("presence:dashboard"), DAY)  # warm the session; summaries catch up with the bulk-loaded records
    with CaptureQueriesContext(connection) as one_day:
        client.get(reverse("presence:dashboard"), DAY)
    assert len(one_day) <= 45  # presets (the scope's circulars: 8), finding tallies, latest day with records
    with django_assert_num_queries(len(one_day)):
        client.get(reverse("presence:dashboard"), {**DAY, "end": "2024-04-30"})


def test_bekasi_inspector_sees_no_tangerang_figures(client, world, bekasi_day):
    html = get(client, world.tangerang_hr, "presence:dashboard", DAY).content.decode()
    assert figure(html, "headcount") == "3" and figure(html, "absent") == "3" and figure(html, "present") == "0"
    html = get(client, world.bekasi_inspector, "presence:dashboard", {**DAY, "agency": world.tangerang.pk}).content.decode()
    assert "1.581" not in html and 'data-figure="absent">3' not in html  # a foreign agency id is not a valid choice


def test_a_region_inspector_sees_agencies_seated_in_the_region_only(client, world, bekasi_day):
    html = get(client, world.jabar_inspector, "presence:dashboard", DAY).content.decode()
    assert figure(html, "present") == "1.581" and figure(html, "absent") == "19"


def test_a_unit_head_sees_only_the_unit_subtree(client, world, bekasi_day):
    html = get(client, world.bekasi_head, "presence:dashboard", DAY).content.decode()
    own = AttendanceRecord.objects.filter(unit__path__startswith=world.bekasi_setda.path, date=BEKASI_DAY)
    assert figure(html, "present") == f"{own.filter(status__in=['H', 'TL', 'PSW', 'WFH']).count():,}".replace(",", ".")
    assert "Dinas Kesehatan" not in html


@pytest.mark.parametrize("table", ["units", "trend", "findings", "watchlist", "roll_calls"])
def test_exports_hold_only_what_the_user_can_see(client, world, bekasi_day, table):
    response = get(client, world.tangerang_hr, "presence:export", DAY, table=table, fmt="csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Bekasi" not in text and "Dinas Kesehatan" not in text
    if table == "units":
        rows = list(csv.reader(io.StringIO(text)))
        assert [r[0] for r in rows[1:]] == ["Sekretariat Daerah"]
        assert rows[1][12] == "3"  # Tangerang's three TK


def test_the_units_export_matches_the_screen_figures(client, world, bekasi_day):
    text = get(client, world.bekasi_inspector, "presence:export", DAY, table="units", fmt="csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sum(int(r["Hadir"]) for r in rows) == 1581
    assert sum(int(r["Tanpa keterangan"]) for r in rows) == 19


def test_xlsx_and_pdf_exports_download(client, world, bekasi_day):
    xlsx = get(client, world.bekasi_inspector, "presence:export", DAY, table="roll_calls", fmt="xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = get(client, world.bekasi_inspector, "presence:recap_pdf", {**DAY, "agency": world.bekasi.pk})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert get(client, world.bekasi_inspector, "presence:export", DAY, table="secrets", fmt="csv").status_code == 404


def test_drill_down_lists_who_was_where_and_refuses_other_agencies(client, world, bekasi_day):
    response = get(client, world.bekasi_inspector, "presence:unit_day", unit_id=world.bekasi_dinkes.pk, day="2024-04-16")
    assert response.status_code == 200
    assert world.bekasi_nurses[0].name in response.content.decode()
    assert get(client, world.bekasi_inspector, "presence:unit_day", unit_id=world.tangerang_setda.pk, day="2024-04-16").status_code == 404
    assert get(client, world.bekasi_inspector, "presence:unit_day_export", unit_id=world.tangerang_setda.pk,
               day="2024-04-16", fmt="csv").status_code == 404


def test_the_watchlist_shows_the_step_reached(client, world):
    emp = world.bekasi_staff[2]
    for day in (1, 2, 3):
        AttendanceRecord.objects.create(agency=world.bekasi, unit=emp.unit, employee=emp, date=datetime.date(2024, 4, day),
                                        status="TK", source="device")
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    watch = html[html.index('data-testid="watchlist"'):]
    assert emp.name in watch and "Teguran lisan" in watch and "Teguran tertulis" in watch
    assert emp.name not in get(client, world.tangerang_hr, "presence:dashboard", DAY).content.decode()


def test_sorting_the_unit_table_by_absence(client, world, bekasi_day):
    html = get(client, world.bekasi_inspector, "presence:dashboard", {**DAY, "sort": "absent", "dir": "desc"}).content.decode()
    table = html[html.index('data-testid="units-table"'):]
    names = [n for n in ("Sekretariat Daerah", "Bagian Umum", "Dinas Kesehatan") if n in table]
    positions = sorted(names, key=table.index)
    absent = {u.name: AttendanceRecord.objects.filter(unit=u, date=BEKASI_DAY, status="TK").count()
              for u in (world.bekasi_setda, world.bekasi_bagian_umum, world.bekasi_dinkes)}
    assert [absent[n] for n in positions] == sorted(absent.values(), reverse=True)


def test_htmx_requests_get_only_the_dashboard_fragment(client, world, bekasi_day):
    client.force_login(world.bekasi_inspector)
    response = client.get(reverse("presence:dashboard"), DAY, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-figure="present">1.581' in html and "<nav" not in html


def test_hr_corrects_a_day_with_a_reason_and_inspectors_cannot(client, world, bekasi_day):
    emp = world.bekasi_nurses[0]
    url = reverse("presence:correct", kwargs={"employee_id": emp.pk, "day": "2024-04-16"})
    client.force_login(world.bekasi_inspector)
    assert client.post(url, {"status": "S", "reason": "x", "version": 1}).status_code == 403
    client.force_login(world.tangerang_hr)
    assert client.get(url).status_code == 404
    client.force_login(world.bekasi_hr)
    version = AttendanceRecord.objects.get(employee=emp, date=BEKASI_DAY).version
    assert client.post(url, {"status": "S", "reason": "", "version": version}).status_code == 200  # reason required
    response = client.post(url, {"status": "S", "reason": "Surat keterangan dokter", "version": version})
    assert response.status_code == 302
    record = AttendanceRecord.objects.get(employee=emp, date=BEKASI_DAY)
    assert (record.status, record.source, record.note) == ("S", "manual", "Surat keterangan dokter")


def test_hr_marks_a_roll_call_sheet(client, world):
    client.force_login(world.bekasi_hr)
    url = reverse("presence:roll_call")
    data = {"unit": world.bekasi_dinkes.pk, "date": "2024-04-17", "title": "Apel pagi", "reported_present": 2,
            "reported_absent_total": 1, "reported_sick": 1, "reported_permission": 0, "reported_leave": 0,
            "reported_without_notice": 0, f"mark-{world.bekasi_nurses[2].pk}": "S"}
    assert client.post(url, data).status_code == 302
    day = datetime.date(2024, 4, 17)
    assert AttendanceRecord.objects.get(employee=world.bekasi_nurses[2], date=day).status == "S"
    assert AttendanceRecord.objects.filter(date=day, status="H", source="roll_call").count() == 2
    client.force_login(world.bekasi_inspector)
    assert client.get(url).status_code == 403


def test_the_period_is_validated(client, world):
    html = get(client, world.bekasi_inspector, "presence:dashboard", {"start": "2024-04-16", "end": "2024-01-01"}).content.decode()
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in html


def test_an_inspector_role_alone_can_open_the_dashboard(client, world):
    user = f.user("inspektur_baru", Role.INSPECTOR, agency=world.tangerang)
    assert get(client, user, "presence:dashboard", DAY).status_code == 200


def test_the_dashboard_speaks_english_when_the_user_chose_it_not_when_the_browser_asks(client, world):
    client.force_login(world.bekasi_inspector)
    html = client.get(reverse("presence:dashboard"), DAY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Dasbor kehadiran dan kepatuhan" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("presence:dashboard"), DAY).content.decode()
    assert "Attendance and compliance dashboard" in html and "Absent without notice" in html


def test_a_correction_shows_on_the_dashboard_at_once(client, world, bekasi_day):
    from agencies.audit import AuditContext
    from attendance.presence.services import attendance_record_correct

    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    assert figure(html, "sick") == "17"
    absent = AttendanceRecord.objects.filter(agency=world.bekasi, date=BEKASI_DAY, status="TK").first()
    attendance_record_correct(context=AuditContext(world.bekasi_hr), record=absent, status="S", reason="Surat dokter menyusul")
    html = client.get(reverse("presence:dashboard"), DAY).content.decode()
    assert (figure(html, "sick"), figure(html, "absent")) == ("18", "18")


def test_the_rebuild_command_recounts_after_records_vanish(client, world, bekasi_day):
    from django.core.management import call_command

    get(client, world.bekasi_inspector, "presence:dashboard", DAY)
    AttendanceRecord.objects.filter(agency=world.bekasi, date=BEKASI_DAY, status="I").delete()  # outside the services
    call_command("attendance_summaries", "--agency", "pemkot-bekasi", stdout=io.StringIO())
    html = client.get(reverse("presence:dashboard"), DAY).content.decode()
    assert figure(html, "permission") == "0" and figure(html, "present") == "1.581"


def test_the_trend_chart_leaves_out_days_without_records():
    from attendance.presence.charts import trend_chart
    from attendance.presence.selectors import figures_from_counts

    days = [{"date": datetime.date(2024, 4, d), **figures_from_counts({"H": 5} if d != 20 else {})} for d in (19, 20, 22)]
    chart = trend_chart(days)
    assert [label for _x, label in chart["labels"]] == [datetime.date(2024, 4, 19), datetime.date(2024, 4, 22)]
