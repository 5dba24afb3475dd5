"""Roster export in the import's own format: nip, nama, tanggal, kode, jenis_cuti, wilayah_wfh, tempat
(cells neutralised by rosterhub.spreadsheets)."""

from attendance.models import REMOTE_LOCATIONS, RosterEntry
from rosterhub import spreadsheets

from .imports import PLACE_COLUMN, REGION_COLUMN
from .selectors import RosterGrid

COLUMNS = ("nip", "nama", "tanggal", "kode", "jenis_cuti", REGION_COLUMN, PLACE_COLUMN)


def _places(grid: RosterGrid) -> dict[tuple[int, str], tuple[str, str]]:
    """(employee id, ISO day) -> (region code, place) of the days away from one's own office: one query."""
    rows = RosterEntry.objects.filter(
        employee_id__in=[e.pk for e in grid.employees], date__range=(grid.start, grid.end), location__in=REMOTE_LOCATIONS,
    ).values_list("employee_id", "date", "wfh_region__code", "wfh_address")
    return {(e, d.isoformat()): (code or "", address) for e, d, code, address in rows}


def roster_export_rows(grid: RosterGrid):
    """One row per filled cell, in grid order; the name column is ignored on import. Text dates round-trip
    through the import unchanged."""
    places = _places(grid)
    for employee in grid.employees:
        for day in grid.days:
            key = (employee.pk, day.date.isoformat())
            entry = grid.entries.get(key)
            if entry is not None:
                region, place = places.get(key, ("", ""))
                yield employee.identifier, employee.name, day.date.isoformat(), entry.location, entry.leave_type, region, place


def roster_export(grid: RosterGrid, fmt: str) -> bytes:
    return spreadsheets.table_bytes(fmt, "Jadwal", COLUMNS, roster_export_rows(grid))


def export_filename(grid: RosterGrid, extension: str) -> str:
    return f"jadwal-{grid.unit.pk}-{grid.start:%Y%m%d}-{grid.end:%Y%m%d}.{extension}"
