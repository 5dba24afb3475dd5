"""The grid: rows, days, live compliance per day, and a query count that does not grow."""

import datetime
import re

import pytest
from django.urls import reverse

from attendance.models import RosterEntry
from policies.models import Rule
from tests import factories as f

from .conftest import APR15, APR16, APR17, WEEK_OF_APR15, set_entries

pytestmark = pytest.mark.django_db


def grid(client, unit, **params):
    query = "&".join(f"{k}={v}" for k, v in {"unit": unit.pk, "mulai": WEEK_OF_APR15, **params}.items())
    return client.get(f"{reverse('roster:grid')}?{query}")


def test_it_lists_active_staff_with_nip_and_days_with_holiday_names(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    leaver = f.employee(world.bekasi_setda, name="Sudah Pensiun", active_from=datetime.date(2000, 1, 1),
                        active_until=datetime.date(2024, 1, 31))
    response = grid(client, world.bekasi_setda)
    html = response.content.decode()
    for employee in world.bekasi_staff:
        assert employee.name in html and employee.nip in html
    assert leaver.name not in html
    assert [d.date for d in response.context["grid"].days] == [APR15 + datetime.timedelta(days=n) for n in range(7)]
    assert "Cuti Bersama Idul Fitri" in html
    assert response.context["grid"].days[5].weekend  # Saturday 20 April


def test_an_invalid_period_or_start_falls_back_to_the_default_and_says_so(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    response = grid(client, world.bekasi_setda, periode="tahun", mulai="16-04-2024x")
    assert response.status_code == 200
    assert response.context["unit"] == world.bekasi_setda  # the valid unit is kept
    assert response.context["kind"] == "minggu"
    errors = response.context["form"].errors
    assert set(errors) == {"periode", "mulai"}
    assert 'id="roster-period-errors"' in response.content.decode()


def test_day_shows_wfh_against_the_binding_cap_and_turns_red_when_over(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    set_entries(world.bekasi_staff[:2], APR16, "WFH")
    set_entries(world.bekasi_staff[:3], APR17, "WFH")
    html = grid(client, world.bekasi_setda).content.decode()
    assert "WFH 2 dari maks. 2" in html and "WFH 3 dari maks. 2" in html  # the day's count against the cap
    assert "SE MenPANRB 1/2024 · 50%" in html
    assert 'id="ds-20240416" class="ds"' in html
    assert 'id="ds-20240417" class="ds over"' in html
    assert "SE MenPANRB 1/2024: maks 50% WFH, mengikat" in html  # the tooltip names the binding circular


def test_direct_service_unit_is_labelled_wfo_100(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    html = grid(client, world.bekasi_dinkes).content.decode()
    assert "Wajib WFO 100%" in html and "SE MenPANRB 1/2024 · 0%" in html


def test_cells_carry_code_version_and_approved_wfh_lock(client, world, se_1_2024):
    from .conftest import approved_wfh

    client.force_login(world.bekasi_hr)
    set_entries([world.bekasi_staff[0]], APR16, "CUTI", leave_type="CT")
    approved_wfh(world.bekasi_staff[1], APR17, world.bekasi_hr)
    html = grid(client, world.bekasi_setda).content.decode()
    e0, e1 = world.bekasi_staff[0].pk, world.bekasi_staff[1].pk
    assert f'<td id="c-{e0}-20240416" class="rc loc-cuti" data-v="1" title="Cuti: Cuti tahunan">CT</td>' in html
    assert f'<td id="c-{e1}-20240417" class="rc loc-wfh locked" data-v="1"' in html
    assert f'<td id="c-{e0}-20240415" class="rc off" data-v="0"></td>' in html  # cuti bersama, empty


def test_month_period_and_circular_dates(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    month = grid(client, world.bekasi_setda, periode="bulan").context["grid"]
    assert (month.start, month.end) == (datetime.date(2024, 4, 1), datetime.date(2024, 4, 30))
    by_circular = grid(client, world.bekasi_setda, se=se_1_2024.pk).context["grid"]
    assert (by_circular.start, by_circular.end) == (APR16, APR17)


def _big_unit(world, employees: int, start: datetime.date, days: int):
    unit = f.unit(world.bekasi, f"Unit {employees}", "administration")
    staff = [f.employee(unit) for _ in range(employees)]
    RosterEntry.objects.bulk_create([
        RosterEntry(agency=world.bekasi, unit=unit, employee=e, date=start + datetime.timedelta(days=d),
                    location="WFH" if (e.pk + d) % 3 == 0 else "WFO")
        for e in staff for d in range(days)
    ])
    return unit


# session, user, scope (2), units in scope, circular picker, the policies day statuses (about 13),
# employees, entries, unread notifications: the same for 10 employees × 7 days and 300 × 31.
MAX_GRID_QUERIES = 24


def test_grid_query_count_does_not_grow_with_employees_or_days(
    client, world, se_1_2024, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world.bekasi_hr)
    Rule.objects.create(circular=se_1_2024, start_date=datetime.date(2024, 3, 1), end_date=datetime.date(2024, 3, 31),
                        categories=["administration"], wfh_cap_percent=50)  # so both periods have a circular
    small = _big_unit(world, 10, APR15, 7)
    big = _big_unit(world, 300, datetime.date(2024, 3, 1), 31)
    client.get(reverse("roster:grid"))  # the first request of a session stores its time zone
    with django_assert_max_num_queries(MAX_GRID_QUERIES) as small_queries:
        response = grid(client, small, mulai=WEEK_OF_APR15, periode="minggu")
    assert response.content.decode().count('<td id="c-') == 10 * 7
    with django_assert_num_queries(len(small_queries)):
        response = grid(client, big, mulai="2024-03-01", periode="bulan")
    assert response.context["grid"].employee_count == 300
    assert len(response.context["grid"].days) == 31
    assert response.content.decode().count('<td id="c-') == 300 * 31
    wfh = RosterEntry.objects.filter(unit=big, location="WFH").count()
    assert len(re.findall(r'class="rc loc-wfh[^"]*" data-v', response.content.decode())) == wfh > 0
