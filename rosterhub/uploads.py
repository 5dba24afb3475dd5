"""Uploaded CSV/XLSX files, one way for every import (roster, employees, punches).

- `spreadsheet_upload_validate` / `SpreadsheetUploadForm`: the content is checked before any parser reads
  it, so a NUL byte, a binary file renamed .csv or a CSV in another encoding is one clear form error, never
  a 500 or a row error deep inside the parser;
- `read_rows` / `read_checked_rows`: the one reader of a table's rows, and the file-level verdict;
- `RowError` and `ImportCheck`: what an all-or-nothing import reports (every bad row with its reason).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive


def spreadsheet_upload_validate(upload, *, max_bytes: int | None = MAX_UPLOAD_BYTES):
    """Raise forms.ValidationError unless `upload` is a plausible CSV (UTF-8, no NUL) or XLSX (a zip).
    Read in chunks, so a large punch file is checked without holding it in memory."""
    name = upload.name.lower()
    if not name.endswith((".csv", ".xlsx")):
        raise forms.ValidationError(_("Hanya berkas .csv atau .xlsx."))
    if max_bytes is not None and upload.size > max_bytes:
        raise forms.ValidationError(_("Berkas terlalu besar (maks %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    upload.seek(0)
    try:
        if name.endswith(".xlsx"):
            if upload.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
                raise forms.ValidationError(_("Berkas ini bukan XLSX yang valid; simpan ulang dari aplikasi spreadsheet."))
            return upload
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                raise forms.ValidationError(_("Berkas CSV berisi karakter NUL (byte 0); simpan ulang sebagai CSV UTF-8."))
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(_("Berkas CSV harus berkodean UTF-8; simpan ulang sebagai \"CSV UTF-8\".")) from exc
    finally:
        upload.seek(0)
    return upload


class SpreadsheetUploadForm(forms.Form):
    """The upload field of every import; `max_bytes` None for device exports, which can be large."""

    max_bytes: int | None = MAX_UPLOAD_BYTES
    file = forms.FileField(label=gettext_lazy("Berkas CSV atau XLSX"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def clean_file(self):
        return spreadsheet_upload_validate(self.cleaned_data["file"], max_bytes=self.max_bytes)


@dataclass(frozen=True)
class RowError:
    """One bad row of an import: its line in the file, why, and the column at fault when one is."""

    line: int
    reason: str
    field: str = ""


@dataclass
class ImportCheck:
    changes: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.changes)


def column_name(header) -> str:
    return str(header or "").strip().lower()


def table_rows(source, name: str, *, column=column_name) -> Iterator[tuple[int, dict]]:
    """(line number, {column: value}) for each non-empty data row of a CSV or XLSX file, streamed (memory
    stays bounded for a 100,000-row punch file); the first row names the columns, through `column`.
    `source` is a path or a binary file object."""
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(source, column)
    else:
        yield from _csv_rows(source, column)


def _data_rows(rows, column) -> Iterator[tuple[int, dict]]:
    header = [column(h) for h in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        if any(str(v if v is not None else "").strip() for v in values):
            yield number, {h: values[i] if i < len(values) else "" for i, h in enumerate(header)}


def _csv_rows(source, column) -> Iterator[tuple[int, dict]]:
    binary = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115  (closed below)
    try:
        handle = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        first_line = handle.readline()
        handle.seek(0)
        delimiter = max(",;\t", key=first_line.count)
        yield from _data_rows(csv.reader(handle, delimiter=delimiter), column)
        handle.detach()
    finally:
        if binary is not source:
            binary.close()


def _xlsx_rows(source, column) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        yield from _data_rows(workbook.worksheets[0].iter_rows(values_only=True), column)
    finally:
        workbook.close()


def read_rows(name: str, content: bytes) -> list[tuple[int, dict]]:
    """Every data row of an uploaded file held in memory (roster and employee imports)."""
    return list(table_rows(io.BytesIO(content), name))


def read_checked_rows(
    check: ImportCheck, name: str, content: bytes, *, required: tuple[str, ...], max_rows: int
) -> list[tuple[int, dict]] | None:
    """The file's rows, or None with the reason added to `check` when the file as a whole is
    unusable: unreadable, a required column missing, or too many rows."""
    try:
        rows = read_rows(name, content)
    except Exception:  # any unreadable file is one error for the user
        check.errors.append(RowError(1, _("Berkas tidak dapat dibaca sebagai CSV atau XLSX.")))
        return None
    check.total_rows = len(rows)
    missing = [c for c in required if rows and c not in rows[0][1]]
    if missing:
        check.errors.append(RowError(1, _("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)}))
        return None
    if len(rows) > max_rows:
        check.errors.append(RowError(1, _("Terlalu banyak baris (maks %(n)s).") % {"n": max_rows}))
        return None
    return rows
