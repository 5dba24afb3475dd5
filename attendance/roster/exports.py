"""Roster export in the import's own format: nip, nama, tanggal, kode, jenis_cuti."""

import csv
import io

from .selectors import RosterGrid

COLUMNS = ("nip", "nama", "tanggal", "kode", "jenis_cuti")


def _cell_text(value: str) -> str:
    """Keep spreadsheet programs from reading a name as a formula (CSV/formula injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def roster_export_rows(grid: RosterGrid):
    """One row per filled cell, in grid order; the name column is ignored on import."""
    for employee in grid.employees:
        name = _cell_text(employee.name)
        for day in grid.days:
            entry = grid.entries.get((employee.pk, day.date.isoformat()))
            if entry is not None:
                yield employee.identifier, name, day.date.isoformat(), entry.location, entry.leave_type


def roster_export_csv(grid: RosterGrid) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(roster_export_rows(grid))
    return buffer.getvalue().encode("utf-8-sig")


def roster_export_xlsx(grid: RosterGrid) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="Jadwal")
    sheet.append(COLUMNS)
    for nip, name, day, code, leave in roster_export_rows(grid):
        sheet.append([nip, name, day, code, leave])  # text dates round-trip through the import unchanged
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_filename(grid: RosterGrid, extension: str) -> str:
    return f"jadwal-{grid.unit.pk}-{grid.start:%Y%m%d}-{grid.end:%Y%m%d}.{extension}"
