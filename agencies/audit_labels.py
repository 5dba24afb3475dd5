"""Words for the audit trail. Events store codes (`wfh.submit`, `2024-04-16 wfh_over_cap`) so they
read the same in any language; these turn them into the viewer's words when shown."""

import datetime
import re

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "employee.create": _("Pegawai ditambahkan"),
    "employee.change": _("Data pegawai diubah"),
    "employee.end": _("Masa kerja pegawai diakhiri"),
    "employee.delete": _("Pegawai dihapus"),
    "roster.set": _("Jadwal kerja diisi"),
    "roster.clear": _("Jadwal kerja dikosongkan"),
    "wfh.submit": _("WFH diajukan"),
    "wfh_request.submit": _("WFH diajukan"),
    "wfh.cancel": _("Pengajuan WFH dibatalkan"),
    "wfh.decide": _("Pengajuan WFH diputuskan"),
    "attendance.create": _("Kehadiran dicatat"),
    "attendance.upsert": _("Kehadiran dicatat (API)"),
    "attendance.correct": _("Kehadiran dikoreksi"),
    "attendance.derive": _("Kehadiran diturunkan dari data mesin"),
    "attendance.punches_import": _("Data mesin presensi diimpor"),
    "attendance.roll_call": _("Kehadiran dari apel"),
    "roll_call.record": _("Apel dicatat"),
    "circular.create": _("Surat edaran dibuat"),
    "circular.change": _("Surat edaran diubah"),
    "circular.publish": _("Surat edaran diterbitkan"),
    "circular.revoke": _("Surat edaran dicabut"),
    "finding.open": _("Temuan dibuka"),
    "finding.reopen": _("Temuan dibuka kembali"),
    "finding.close": _("Temuan ditutup otomatis (hari kini patuh)"),
    "finding.acknowledge": _("Temuan diakui"),
    "finding.note": _("Catatan temuan ditambahkan"),
    "finding.resolve": _("Temuan diselesaikan"),
    "user.language": _("Bahasa akun diubah"),
}
VERBS = {"create": _("dibuat"), "change": _("diubah"), "delete": _("dihapus")}


def action_label(action: str) -> str:
    """A known action's words; otherwise (admin edits of any model: `<model>.<verb>`) the verb's."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    entity, _dot, verb = action.rpartition(".")
    if verb in VERBS:
        return f"{entity.replace('_', ' ').capitalize()} {VERBS[verb]}"
    return action


ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]{4,}\b")


def _code_labels() -> dict[str, str]:
    """Stored codes that summaries may carry (finding kinds and statuses, service categories)."""
    from policies.models import FindingKind, FindingStatus

    from .models import ServiceCategory

    return {str(value): str(label) for choices in (FindingKind, FindingStatus, ServiceCategory) for value, label in choices.choices}


def summary_text(summary: str) -> str:
    def day(m):
        try:
            return date_format(datetime.date(int(m[1]), int(m[2]), int(m[3])), "j F Y")
        except ValueError:
            return m[0]

    labels = _code_labels()
    return CODE.sub(lambda m: labels.get(m[0], m[0]), ISO_DAY.sub(day, summary))
