"""Dashboard tables as CSV, XLSX and a printable PDF recap (rekapitulasi kehadiran).

Every table is built from the same selectors as the screen, so an export never shows
more than the user can see.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from . import selectors
from .selectors import Jurisdiction


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list]


def _figure_headers():
    return [_("Hadir"), _("WFO"), _("WFH"), _("WFA / lokasi lain"), _("Sakit"), _("Izin"), _("Cuti"), _("Dinas luar"), _("Terlambat"),
            _("Pulang cepat"), _("Tanpa keterangan")]


def _figure_values(f):
    return [f["present"], f["wfo"], f["wfh"], f.get("wfa", 0), f["sick"], f["permission"], f["leave"], f["field_duty"], f["late"],
            f["early_leave"], f["absent"]]


def table_units(scope, j: Jurisdiction, sort="name", descending=False) -> Table:
    rows = selectors.unit_rows(scope, j, sort, descending)
    return Table("units", _("Kehadiran per unit"),
                 [_("Unit"), _("Instansi"), _("Pegawai"), *_figure_headers(), _("Temuan terbuka"), _("Hari melebihi batas WFH")],
                 [[r.name, r.agency, r.headcount, *_figure_values(r.figures), r.open_findings, r.days_over_cap] for r in rows])


def table_trend(scope, j: Jurisdiction) -> Table:
    summary = selectors.dashboard_summary(scope, j)
    return Table("trend", _("Kehadiran harian"), [_("Tanggal"), *_figure_headers()],
                 [[d["date"].isoformat(), *_figure_values(d)] for d in summary.trend])


def table_findings(scope, j: Jurisdiction) -> Table:
    findings = selectors.open_findings(scope, j).select_related("unit", "agency").order_by("date", "unit__name")
    return Table("findings", _("Temuan terbuka"), [_("Tanggal"), _("Instansi"), _("Unit"), _("Jenis"), _("Terukur"), _("Batas")],
                 [[f.date.isoformat(), str(f.agency), f.unit.name, f.kind_text, f.measured, f.limit] for f in findings])


def table_watchlist(scope, j: Jurisdiction) -> Table:
    return Table("watchlist", _("Pantauan disiplin PP 94/2021"),
                 [_("Pegawai"), _("NIP/NIK"), _("Unit"), _("Hari TK tahun ini"), _("TK berturut-turut"), _("Tahap tercapai"),
                  _("Tahap berikutnya"), _("Kurang (hari)")],
                 [[w.name, w.identifier, w.unit, w.standing.days, w.standing.longest_run, str(w.standing.step or "-"),
                   str(w.standing.next_step or "-"), w.standing.days_to_next if w.standing.days_to_next is not None else "-"]
                  for w in selectors.watchlist(scope, j, limit=None)])


def table_roll_calls(scope, j: Jurisdiction) -> Table:
    rows = []
    for recap in selectors.roll_call_recaps(scope, j):
        rc = recap.roll_call
        rows.append([
            rc.date.isoformat(), str(rc.agency), rc.unit.name if rc.unit else "-", rc.title, rc.reported_present,
            rc.reported_absent_total, rc.breakdown_total, rc.reported_sick, rc.reported_permission, rc.reported_leave,
            rc.reported_without_notice, _("ya") if recap.adds_up else _("tidak"), recap.records["present"],
            recap.records["sick"], recap.records["permission"], recap.records["leave"], recap.records["absent"],
            _("ya") if recap.matches_records else _("tidak"),
        ])
    return Table("roll_calls", _("Rekap apel"),
                 [_("Tanggal"), _("Instansi"), _("Unit"), _("Kegiatan"), _("Hadir (lapor)"), _("Berhalangan (lapor)"),
                  _("Jumlah rincian"), _("Sakit (lapor)"), _("Izin (lapor)"), _("Cuti (lapor)"), _("TK (lapor)"),
                  _("Rincian sesuai"), _("Hadir (catatan)"), _("Sakit (catatan)"), _("Izin (catatan)"), _("Cuti (catatan)"),
                  _("TK (catatan)"), _("Sesuai catatan")], rows)


def table_unit_day(scope, unit, day: datetime.date) -> Table:
    rows = []
    for p in selectors.unit_day(scope, unit, day):
        r = p["record"] or {}
        rows.append([p["name"], p["nip"] or p["nik"] or "", p["unit__name"], p["roster"], r.get("status", ""),
                     _local_time(r.get("check_in")), _local_time(r.get("check_out")), r.get("note", "")])
    return Table("unit_day", _("Kehadiran %(unit)s %(date)s") % {"unit": unit.name, "date": formats.date_format(day)},
                 [_("Pegawai"), _("NIP/NIK"), _("Unit"), _("Jadwal"), _("Status"), _("Masuk"), _("Pulang"), _("Keterangan")], rows)


def _local_time(value):
    from django.utils import timezone

    return timezone.localtime(value).strftime("%H.%M") if value else ""


TABLES = {
    "units": table_units, "trend": table_trend, "findings": table_findings, "watchlist": table_watchlist,
    "roll_calls": table_roll_calls,
}


def recap_pdf(*, agency, j: Jurisdiction, summary, units: Table, signer: str) -> bytes:
    """Rekapitulasi kehadiran: the agency's letterhead, figures, per-unit table, signature block."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.2 * cm, bottomMargin=1.2 * cm, title=_("Rekapitulasi kehadiran"))
    header = (agency.letterhead or agency.name if agency else _("Rekapitulasi gabungan")).splitlines()
    story = [Paragraph(f"<b>{_escape(line)}</b>", styles["Title"] if i == 0 else styles["Normal"]) for i, line in enumerate(header)]
    period = f"{formats.date_format(j.start)} – {formats.date_format(j.end)}"
    story += [Spacer(1, 6), Paragraph(_escape(_("REKAPITULASI KEHADIRAN PEGAWAI")), styles["Heading2"]),
              Paragraph(_escape(_("Periode: %(period)s") % {"period": period}), styles["Normal"]), Spacer(1, 8)]
    f = summary.figures
    figure_row = [[_("Pegawai"), *_figure_headers()], [summary.headcount, *_figure_values(f)]]
    story += [_grid(PdfTable, TableStyle, colors, figure_row), Spacer(1, 10)]
    data = [units.headers] + [[_escape(str(c))[:40] for c in row] for row in units.rows]
    story += [_grid(PdfTable, TableStyle, colors, data, font_size=7), Spacer(1, 24)]
    today = formats.date_format(datetime.date.today())
    place = agency.seat_region.name if agency else ""
    signature = [[""], [f"{place}, {today}".strip(", ")], [_("Mengetahui,")], [""], [""], [""], [_escape(signer)]]
    story.append(PdfTable(signature, colWidths=[8 * cm], hAlign="RIGHT"))
    doc.build(story)
    return buffer.getvalue()


def _grid(PdfTable, TableStyle, colors, data, font_size=8):
    table = PdfTable(data, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("FONTSIZE", (0, 0), (-1, -1), font_size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
