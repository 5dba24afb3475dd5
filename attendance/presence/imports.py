"""Device punch files (CSV or XLSX) read as streams, and the import batch lifecycle.

A file is read twice, row by row (validate, then apply), so memory stays bounded by the
chunk size whatever the file's length. The batch records progress for the progress bar.
"""

import csv
import zipfile
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from agencies.audit import AuditContext
from agencies.models import AuditEvent
from attendance.models import ImportBatch
from rosterhub.uploads import table_rows

from .punches import punches_import
from .rows import ImportResult

# Column names fingerprint machines and officers use, mapped to ours.
HEADER_ALIASES = {
    "nip": "nip", "nik": "nip", "nip/nik": "nip",
    "device_user_id": "device_user_id", "user id": "device_user_id", "userid": "device_user_id", "id": "device_user_id",
    "ac-no.": "device_user_id", "no. id": "device_user_id", "id pengguna": "device_user_id",
    "timestamp": "timestamp", "waktu": "timestamp", "datetime": "timestamp", "tanggal jam": "timestamp", "time": "timestamp",
    "device": "device", "mesin": "device", "terminal": "device",
}
PROGRESS_EVERY = 5000


def column_label(key: str) -> str:
    """Our column names (and "file") in the user's words, for the preview and the error list."""
    labels = {"nip": _("NIP/NIK"), "device_user_id": _("ID pengguna mesin"), "timestamp": _("Waktu"), "device": _("Mesin"),
              "file": _("Berkas")}
    return str(labels.get(key, key))
UNREADABLE_FILE_ERRORS = (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError)


def _normalise(header) -> str:
    text = str(header or "").strip().lower()
    return HEADER_ALIASES.get(text, text)


class PunchFile:
    """Re-iterable rows of a CSV or XLSX punch file, as dicts with our column names, streamed by the one
    reader of every import (rosterhub.uploads.table_rows)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def __iter__(self):
        for _line, row in table_rows(str(self.path), self.path.name, column=_normalise):
            yield row

    def preview(self, n: int = 10) -> list[dict]:
        rows = []
        for row in self:
            rows.append(row)
            if len(rows) >= n:
                break
        return rows


def _save_progress(batch: ImportBatch, **fields) -> None:
    """Status changes between the phases, outside the import's transaction."""
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    if "processed_rows" in fields:
        progress_note(batch.pk, fields["processed_rows"])


# Rows done so far go to the cache, not the batch row: the import runs in one transaction, whose
# writes nobody else sees until it ends, and SQLite lets no second connection write meanwhile. The
# cache (a file cache by default, Redis in production) is shared by the worker and the web process.
PROGRESS_KEY = "import-progress:{}"


def progress_note(batch_id: int, done: int) -> None:
    cache.set(PROGRESS_KEY.format(batch_id), done, timeout=6 * 3600)


def progress_of(batch: ImportBatch) -> int:
    """Rows done of a running batch: the furthest of the cache and the row."""
    return max(batch.processed_rows, cache.get(PROGRESS_KEY.format(batch.pk)) or 0)


def import_batch_validate(*, batch: ImportBatch) -> ImportResult:
    """Check every row without applying anything; the batch becomes READY or INVALID."""
    _save_progress(batch, status=ImportBatch.Status.VALIDATING, processed_rows=0)
    try:
        result = punches_import(
            context=AuditContext(batch.created_by, AuditEvent.Interface.IMPORT), agency=batch.agency,
            rows=_counting(PunchFile(batch.file.path), batch), dry_run=True,
        )
    except UNREADABLE_FILE_ERRORS:  # not UTF-8 CSV, a broken XLSX, ...: one error for the user, not a stuck batch
        errors = [{"line": 1, "field": "file", "message": _("Berkas tidak dapat dibaca sebagai CSV (UTF-8) atau XLSX.")}]
        _save_progress(batch, status=ImportBatch.Status.INVALID, errors=errors)
        return ImportResult(error_count=1)
    status = ImportBatch.Status.READY if result.ok and result.total_rows else ImportBatch.Status.INVALID
    errors = [{"line": e.line, "field": e.field, "message": e.reason} for e in result.errors]
    if not result.total_rows:
        errors = [{"line": 1, "field": "file", "message": _("Berkas tidak berisi baris data.")}]
    _save_progress(batch, status=status, total_rows=result.total_rows, processed_rows=result.total_rows, errors=errors)
    return result


def import_batch_apply(*, batch: ImportBatch) -> ImportResult:
    """Apply a READY batch in one transaction; on any error nothing stays applied."""
    _save_progress(batch, status=ImportBatch.Status.APPLYING, processed_rows=0)
    progress = SideProgress(batch)
    try:
        result = punches_import(
            context=AuditContext(batch.created_by, AuditEvent.Interface.IMPORT), agency=batch.agency,
            rows=PunchFile(batch.file.path), batch=batch, progress=progress,
        )
    except Exception:
        _save_progress(batch, status=ImportBatch.Status.FAILED, finished_at=timezone.now())
        raise
    finally:
        progress.close()
    if not result.ok:
        errors = [{"line": e.line, "field": e.field, "message": e.reason} for e in result.errors]
        _save_progress(batch, status=ImportBatch.Status.INVALID, errors=errors, finished_at=timezone.now())
        return result
    _save_progress(batch, status=ImportBatch.Status.DONE, processed_rows=result.total_rows, applied_rows=result.applied_rows,
                   finished_at=timezone.now())
    return result


def _counting(rows, batch):
    """Pass rows through, noting progress every few thousand rows (the check runs in a transaction too)."""
    for i, row in enumerate(rows, start=1):
        if i % PROGRESS_EVERY == 0:
            progress_note(batch.pk, i)
        yield row


class SideProgress:
    """The apply phase's progress callback: notes rows done where the page can read them
    while the import's own transaction is still open, on SQLite and PostgreSQL alike."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch

    def __call__(self, done: int) -> None:
        self.batch.processed_rows = done
        progress_note(self.batch.pk, done)

    def close(self) -> None:
        """Nothing to release (kept so callers need not know where progress goes)."""
