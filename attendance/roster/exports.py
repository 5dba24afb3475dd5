"""Roster export in the import's own format: nip, nama, tanggal, kode, jenis_cuti (cells neutralised by
rosterhub.spreadsheets)."""

from rosterhub import spreadsheets

from .selectors import RosterGrid

COLUMNS = ("nip", "nama", "tanggal", "kode", "jenis_cuti")


def roster_export_rows(grid: RosterGrid):
    """One row per filled cell, in grid order; the name column is ignored on import. Text dates round-trip
    through the import unchanged."""
    for employee in grid.employees:
        for day in grid.days:
            entry = grid.entries.get((employee.pk, day.date.isoformat()))
            if entry is not None:
                yield employee.identifier, employee.name, day.date.isoformat(), entry.location, entry.leave_type


def roster_export(grid: RosterGrid, fmt: str) -> bytes:
    return spreadsheets.table_bytes(fmt, "Jadwal", COLUMNS, roster_export_rows(grid))


def export_filename(grid: RosterGrid, extension: str) -> str:
    return f"jadwal-{grid.unit.pk}-{grid.start:%Y%m%d}-{grid.end:%Y%m%d}.{extension}"
