"""The audit log for inspectors and superusers: read, filter, export (CSV). Nobody edits it here or anywhere."""

import datetime
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rosterhub import spreadsheets
from rosterhub.date_bounds import BoundedDateField
from rosterhub.querystrings import query_without

from .audit_labels import action_label, summary_text
from .models import Agency, AuditEvent
from .scoping import Scope, scope_for

OBJECT_TYPES = [
    ("agencies.employee", _("Pegawai")),
    ("attendance.rosterentry", _("Jadwal kerja")),
    ("attendance.wfhrequest", _("Pengajuan WFH")),
    ("attendance.attendancerecord", _("Catatan kehadiran")),
    ("attendance.devicepunch", _("Data mesin presensi")),
    ("policies.circular", _("Surat edaran")),
    ("policies.finding", _("Temuan")),
    ("attendance.importbatch", _("Impor berkas")),
    ("attendance.rollcall", _("Apel")),
    ("agencies.agency", _("Instansi")),
    ("agencies.unit", _("Unit kerja")),
    ("agencies.user", _("Pengguna")),
    ("agencies.roleassignment", _("Peran pengguna")),
    ("agencies.region", _("Wilayah")),
    ("policies.holiday", _("Hari libur")),
]


def audit_scope(user) -> Scope:
    scope = scope_for(user)
    if not scope.is_inspector:
        raise PermissionDenied
    return scope


def audit_events_for(scope: Scope) -> QuerySet[AuditEvent]:
    """The events an inspector may read: those of the agencies they inspect."""
    events = AuditEvent.objects.select_related("actor", "agency", "unit")
    return events.filter(scope.inspected_q())


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Pelaku (nama pengguna)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Jenis data"), required=False, choices=[("", _("Semua"))] + OBJECT_TYPES)
    agency = forms.ModelChoiceField(label=_("Instansi"), required=False, queryset=Agency.objects.none(), empty_label=_("Semua"))
    interface = forms.ChoiceField(label=_("Saluran"), required=False, choices=[("", _("Semua"))] + AuditEvent.Interface.choices)
    date_from = BoundedDateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = scope.inspected_agencies()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor__username__icontains=data["actor"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("agency"):
            events = events.filter(agency=data["agency"])
        if data.get("interface"):
            events = events.filter(interface=data["interface"])
        # Day bounds in the viewer's time zone as datetimes, so the index on `at` serves the range.
        if data.get("date_from"):
            events = events.filter(at__gte=_local_midnight(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_local_midnight(data["date_to"] + datetime.timedelta(days=1)))
        return events


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent] | None]:
    scope = audit_scope(request.user)
    form = AuditFilterForm(request.GET or None, scope=scope)
    events = audit_events_for(scope)
    if form.is_bound:
        if not form.is_valid():
            return form, None
        events = form.apply(events)
    return form, events


@login_required
def events(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    if events is None:
        return render(request, "audit/events.html", {"form": form, "page": None}, status=400)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    labels = dict(OBJECT_TYPES)
    for event in page:
        event.type_label = labels.get(event.object_type, event.object_type)
        event.action_label, event.summary_label = action_label(event.action), summary_text(event.summary)
    template = "audit/events.html#table" if request.htmx else "audit/events.html"
    return render(request, template, {"form": form, "page": page, "query": query_without(request.GET, "page")})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(audit_events_for(audit_scope(request.user)), pk=pk)
    return render(request, "audit/event.html", {
        "event": event, "action_label": action_label(event.action), "summary_label": summary_text(event.summary),
        "type_label": dict(OBJECT_TYPES).get(event.object_type, event.object_type),
        "before": json.dumps(event.before, indent=2, ensure_ascii=False),
        "after": json.dumps(event.after, indent=2, ensure_ascii=False),
    })


EXPORT_HEADER = ["id", "waktu", "pelaku", "saluran", "aksi", "jenis_data", "id_data", "instansi", "unit", "ringkasan", "sebelum", "sesudah"]


@login_required
def events_export(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    if events is None:
        return HttpResponse(json.dumps(form.errors.get_json_data()), status=400, content_type="application/json")
    rows = (
        [
            e.pk, timezone.localtime(e.at).isoformat(), e.actor.username if e.actor else "", e.interface, e.action,
            e.object_type, e.object_id, e.agency.short_name if e.agency else "", e.unit.name if e.unit else "",
            e.summary, json.dumps(e.before, ensure_ascii=False), json.dumps(e.after, ensure_ascii=False),
        ]
        for e in events.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(spreadsheets.csv_lines(EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jejak-audit.csv"'
    return response
