"""The content of an uploaded CSV/XLSX file, checked before any parser reads it: the same check for the
roster, employee and punch imports, so a NUL byte, a binary file renamed .csv or a CSV in another encoding is
one clear form error, never a 500 or a row error deep inside the parser."""

import codecs

from django import forms
from django.utils.translation import gettext as _

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
