"""Writing cells from the editor: versions, approved WFH, patterns, undo, audit, history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agencies.models import AuditEvent
from attendance.models import RosterEntry
from attendance.roster.patterns import ALL_WFO, COPY_LAST_WEEK, TEAM_AB, pattern_fill

from .conftest import APR15, APR16, APR17, APR18, approved_wfh, cell_ref, set_entries

pytestmark = pytest.mark.django_db


def post(client, unit, refs, **data):
    return client.post(reverse("roster:cells_set", args=[unit.pk]), {"cells": ",".join(refs), **data})


def location(employee, day):
    entry = RosterEntry.objects.filter(employee=employee, date=day).first()
    return entry.location if entry else ""


@pytest.fixture
def hr(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    return client


def test_it_saves_a_cell_and_answers_with_the_cell_and_the_days_status(hr, world):
    employee = world.bekasi_staff[0]
    response = post(hr, world.bekasi_setda, [cell_ref(employee, APR16)], code="WFH")
    html = response.content.decode()
    assert location(employee, APR16) == "WFH"
    assert f'<template><td id="c-{employee.pk}-20240416" class="rc loc-wfh" data-v="1"' in html
    assert 'hx-swap-oob="true">WFH</td></template>' in html
    assert "WFH 1 dari maks. 2" in html
    event = AuditEvent.objects.get(object_type="attendance.rosterentry", action="roster.set")
    assert event.actor == world.bekasi_hr and event.after["location"] == "WFH" and event.after["employee"] == employee.pk


def test_a_range_turns_the_day_red_past_the_cap(hr, world):
    refs = [cell_ref(e, APR16) for e in world.bekasi_staff[:3]]
    html = post(hr, world.bekasi_setda, refs, code="WFH").content.decode()
    assert "WFH 3 dari maks. 2" in html and 'class="ds over"' in html
    assert RosterEntry.objects.filter(unit=world.bekasi_setda, date=APR16, location="WFH").count() == 3


def test_leave_with_its_type(hr, world):
    post(hr, world.bekasi_setda, [cell_ref(world.bekasi_staff[0], APR17)], code="CUTI", leave_type="CT")
    entry = RosterEntry.objects.get(employee=world.bekasi_staff[0], date=APR17)
    assert (entry.location, entry.leave_type) == ("CUTI", "CT")


def test_second_officer_with_a_stale_version_is_refused_with_who_and_when(hr, world, client):
    employee = world.bekasi_staff[0]
    post(hr, world.bekasi_setda, [cell_ref(employee, APR16, 0)], code="WFH")
    from tests import factories as f

    other = f.user("hr_bekasi_2", f.Role.HR_OFFICER, agency=world.bekasi)
    client.force_login(other)
    html = post(client, world.bekasi_setda, [cell_ref(employee, APR16, 0)], code="WFO").content.decode()
    entry = RosterEntry.objects.get(employee=employee, date=APR16)
    when = date_format(timezone.localtime(entry.updated_at, world.bekasi.tzinfo), "j F Y H.i")
    assert f"Sel ini sudah diubah oleh Hr_Bekasi pada {when}" in html
    assert f'id="c-{employee.pk}-20240416" class="rc loc-wfh"' in html  # the cell shows the current value
    assert location(employee, APR16) == "WFH"
    assert RosterEntry.objects.get(employee=employee, date=APR16).version == 1


def test_approved_wfh_is_not_overwritten_without_confirmation(hr, world):
    employee = world.bekasi_staff[1]
    approved_wfh(employee, APR16, world.bekasi_hr)
    html = post(hr, world.bekasi_setda, [cell_ref(employee, APR16, 1)], code="WFO").content.decode()
    assert "sudah disetujui" in html and 'name="override"' in html
    assert location(employee, APR16) == "WFH"
    post(hr, world.bekasi_setda, [cell_ref(employee, APR16, 1)], code="WFO", override="on")
    assert location(employee, APR16) == "WFO"


def test_patterns_skip_approved_wfh_and_say_so(hr, world):
    approved_wfh(world.bekasi_staff[1], APR16, world.bekasi_hr)
    refs = [cell_ref(e, APR16, 1 if e == world.bekasi_staff[1] else 0) for e in world.bekasi_staff]
    html = post(hr, world.bekasi_setda, refs, pattern=ALL_WFO).content.decode()
    assert "1 sel berisi WFH/WFA yang sudah disetujui" in html
    assert location(world.bekasi_staff[1], APR16) == "WFH"
    assert [location(e, APR16) for e in (world.bekasi_staff[0], *world.bekasi_staff[2:])] == ["WFO"] * 3


def test_team_ab_alternates_over_working_days_and_leaves_holidays(hr, world):
    refs = [cell_ref(e, day) for e in world.bekasi_staff[:2] for day in (APR15, APR16, APR17, APR18)]
    post(hr, world.bekasi_setda, refs, pattern=TEAM_AB)
    grid_order = sorted(world.bekasi_staff, key=lambda e: (e.name, e.pk))
    first, second = (e for e in grid_order if e in world.bekasi_staff[:2])
    assert location(first, APR15) == "" and location(second, APR15) == ""  # cuti bersama
    assert [location(first, d) for d in (APR16, APR17, APR18)] != [location(second, d) for d in (APR16, APR17, APR18)]
    assert {location(first, APR16), location(first, APR17)} == {"WFO", "WFH"}


def test_pattern_fill_is_pure():
    working = {APR15: False, APR16: True, APR17: True}
    cells = [(1, d) for d in working] + [(2, d) for d in working]
    assert pattern_fill(TEAM_AB, cells, row_order={1: 0, 2: 1}, working=working) == {
        (1, APR16): ("WFO", ""), (1, APR17): ("WFH", ""), (2, APR16): ("WFH", ""), (2, APR17): ("WFO", ""),
    }
    assert pattern_fill(ALL_WFO, cells, row_order={}, working=working) == {
        (1, APR16): ("WFO", ""), (1, APR17): ("WFO", ""), (2, APR16): ("WFO", ""), (2, APR17): ("WFO", ""),
    }
    week_ago = {(1, APR16 - datetime.timedelta(days=7)): ("CUTI", "CT")}
    assert pattern_fill(COPY_LAST_WEEK, cells, row_order={}, working=working, last_week=week_ago) == {
        (1, APR16): ("CUTI", "CT")
    }


def test_copy_last_week(hr, world):
    employee = world.bekasi_staff[2]
    set_entries([employee], APR16 - datetime.timedelta(days=7), "DL")
    post(hr, world.bekasi_setda, [cell_ref(employee, APR16)], pattern=COPY_LAST_WEEK)
    assert location(employee, APR16) == "DL"


def test_undo_puts_back_the_last_change_only(hr, world):
    a, b = world.bekasi_staff[:2]
    set_entries([a], APR16, "WFO")
    post(hr, world.bekasi_setda, [cell_ref(a, APR16, 1)], code="SAKIT")
    post(hr, world.bekasi_setda, [cell_ref(b, APR17)], code="WFH")
    html = hr.post(reverse("roster:undo", args=[world.bekasi_setda.pk])).content.decode()
    assert "1 sel dikembalikan" in html
    assert location(b, APR17) == "" and location(a, APR16) == "SAKIT"
    hr.post(reverse("roster:undo", args=[world.bekasi_setda.pk]))
    assert location(a, APR16) == "WFO"
    html = hr.post(reverse("roster:undo", args=[world.bekasi_setda.pk])).content.decode()
    assert "Tidak ada perubahan" in html and "disabled" in html


def test_undo_is_refused_when_someone_changed_the_cell_since(hr, world):
    a = world.bekasi_staff[0]
    post(hr, world.bekasi_setda, [cell_ref(a, APR16)], code="WFH")
    RosterEntry.objects.filter(employee=a, date=APR16).update(location="DL", version=5)
    html = hr.post(reverse("roster:undo", args=[world.bekasi_setda.pk])).content.decode()
    assert "sudah diubah" in html
    assert location(a, APR16) == "DL"


def test_clearing_a_cell_deletes_the_entry_and_audits_it(hr, world):
    a = world.bekasi_staff[0]
    set_entries([a], APR16, "WFO")
    post(hr, world.bekasi_setda, [cell_ref(a, APR16, 1)], code="")
    assert location(a, APR16) == ""
    assert AuditEvent.objects.filter(action="roster.clear", before__employee=a.pk).exists()


def test_inactive_days_are_not_written(hr, world):
    from tests import factories as f

    newcomer = f.employee(world.bekasi_setda, active_from=APR17)
    post(hr, world.bekasi_setda, [cell_ref(newcomer, APR16), cell_ref(newcomer, APR17)], code="WFO")
    assert location(newcomer, APR16) == "" and location(newcomer, APR17) == "WFO"


def test_bad_cells_are_a_bad_request(hr, world):
    assert post(hr, world.bekasi_setda, ["x:y"], code="WFO").status_code == 400
    assert post(hr, world.bekasi_setda, [cell_ref(world.bekasi_staff[0], APR16)], code="XX").status_code == 400


def test_cell_history_lists_who_changed_what(hr, world):
    a = world.bekasi_staff[0]
    post(hr, world.bekasi_setda, [cell_ref(a, APR16)], code="WFH")
    post(hr, world.bekasi_setda, [cell_ref(a, APR16, 1)], code="DL")
    post(hr, world.bekasi_setda, [cell_ref(a, APR17)], code="SAKIT")
    url = reverse("roster:history", args=[world.bekasi_setda.pk])
    rows = hr.get(f"{url}?pegawai={a.pk}&tanggal=2024-04-16").context["events"]
    assert [(e.before or {}).get("location") for e, _n, _d in rows] == ["WFH", None]
    assert [e.after["location"] for e, _n, _d in rows] == ["DL", "WFH"]
    fragment = hr.get(f"{url}?pegawai={a.pk}&tanggal=2024-04-16", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'data-testid="history"' in fragment  # the fragment for the cell dialog
    assert fragment.count("<tr>") == 3  # header and two changes
    unit_history = hr.get(url)
    assert len(unit_history.context["events"]) == 3
    assert a.name in unit_history.content.decode()


def test_one_write_updates_many_cells_each_to_its_next_version(world):
    from agencies.audit import AuditContext
    from attendance.roster.services import RosterChange, roster_entries_set

    a, b, c = world.bekasi_staff[:3]
    set_entries([a, b, c], APR16, "WFO")
    RosterEntry.objects.filter(employee=b).update(version=7)
    roster_entries_set(context=AuditContext(actor=world.bekasi_hr), changes=[
        RosterChange(employee_id=a.pk, date=APR16, location="WFH", expected_version=1),
        RosterChange(employee_id=b.pk, date=APR16, location="WFH", expected_version=7),
        RosterChange(employee_id=c.pk, date=APR16, location="CUTI", leave_type="CS", expected_version=1),
    ])
    stored = {e.employee_id: e for e in RosterEntry.objects.filter(date=APR16)}
    assert [(stored[x.pk].location, stored[x.pk].leave_type, stored[x.pk].version) for x in (a, b, c)] == [
        ("WFH", "", 2), ("WFH", "", 8), ("CUTI", "CS", 2)
    ]
    assert stored[a.pk].updated_by == world.bekasi_hr
    assert AuditEvent.objects.get(after__employee=b.pk).after["version"] == 8


def test_history_of_a_write_without_actor_reads_as_the_interface(hr, world):
    """Seeded and command-run writes carry no actor: the unit and cell history still answer."""
    from agencies.audit import AuditContext
    from attendance.roster.services import RosterChange, roster_entries_set

    a = world.bekasi_staff[0]
    roster_entries_set(context=AuditContext(actor=None, interface=AuditEvent.Interface.COMMAND), changes=[
        RosterChange(employee_id=a.pk, date=APR16, location="WFO"),
    ])
    url = reverse("roster:history", args=[world.bekasi_setda.pk])
    page = hr.get(url)
    assert page.status_code == 200 and "Sistem" in page.content.decode() and "Perintah operator" in page.content.decode()
    fragment = hr.get(f"{url}?pegawai={a.pk}&tanggal=2024-04-16", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "Perintah operator" in fragment.content.decode()
