"""Indonesia's calendar from the holidays package: national days and cuti bersama, synced idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command

from policies.holidays import holidays_sync
from policies.models import Holiday
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_loads_national_holidays_and_collective_leave_with_indonesian_names():
    holidays_sync(years=[2024])
    idulfitri = {h.date: (h.kind, h.name) for h in Holiday.objects.filter(date__month=4)}
    assert idulfitri[datetime.date(2024, 4, 10)] == ("national", "Hari Raya Idul Fitri")
    assert idulfitri[datetime.date(2024, 4, 8)] == ("collective_leave", "Cuti Bersama Hari Raya Idul Fitri")
    assert idulfitri[datetime.date(2024, 4, 15)][0] == "collective_leave"
    assert datetime.date(2024, 4, 16) not in idulfitri
    collective = Holiday.objects.filter(kind="collective_leave")
    assert collective.exists() and all("Cuti Bersama" in h.name for h in collective)


def test_syncing_twice_changes_nothing_and_leaves_local_holidays_alone():
    bekasi = f.agency()
    local = Holiday.objects.create(date=datetime.date(2024, 3, 10), name="Hari Jadi Kota Bekasi", kind="local", agency=bekasi)
    first = holidays_sync(years=[2023, 2024])
    ids = set(Holiday.objects.values_list("pk", flat=True))
    second = holidays_sync(years=[2023, 2024])
    assert first["created"] == first["total"] > 40
    assert (second["created"], second["deleted"]) == (0, 0)
    assert set(Holiday.objects.values_list("pk", flat=True)) == ids
    assert Holiday.objects.filter(pk=local.pk).exists()


def test_a_national_row_no_longer_in_the_calendar_is_removed_only_for_the_synced_years():
    Holiday.objects.create(date=datetime.date(2024, 4, 19), name="Libur Tambahan", kind="national")
    Holiday.objects.create(date=datetime.date(2022, 4, 19), name="Libur Lama", kind="national")
    result = holidays_sync(years=[2024])
    assert result["deleted"] == 1
    assert not Holiday.objects.filter(name="Libur Tambahan").exists()
    assert Holiday.objects.filter(name="Libur Lama").exists()


def test_the_command_reports_what_it_did():
    out = io.StringIO()
    call_command("load_holidays", "--years", "2023", "2024", stdout=out)
    assert out.getvalue().startswith("Holidays 2023, 2024:")
    assert Holiday.objects.filter(date__year=2023).exists() and Holiday.objects.filter(date__year=2024).exists()
