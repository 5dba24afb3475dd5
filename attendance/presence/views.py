"""Attendance screens: the inspector dashboard, a unit's day, exports, HR corrections,
the roll call (apel) sheet and punch file imports. Views check access, call a selector
or service, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from agencies.audit import AuditContext
from agencies.models import Role
from agencies.scoping import scope_for
from attendance.models import AttendanceRecord, AttendanceStatus, ImportBatch
from rosterhub import spreadsheets
from rosterhub.date_bounds import query_date, query_int
from rosterhub.querystrings import query_without

from . import dayview, exports, hours, periods, selectors
from .charts import trend_chart, unit_bars
from .forms import CorrectionForm, ImportForm, JurisdictionForm, RollCallTallyForm
from .records import AttendanceError
from .services import attendance_record_correct, roll_call_record
from .tasks import punch_import_apply, punch_import_validate

DASHBOARD_ROLES = (Role.INSPECTOR, Role.HR_OFFICER, Role.UNIT_HEAD)
UNITS_PER_PAGE = 50
CHART_UNITS = 15
UNIT_COLUMNS = [("name", _lazy("Unit")), ("headcount", _lazy("Pegawai")), ("present", _lazy("Hadir")), ("wfh", "WFH"),
                ("absent", _lazy("TK")), ("late", _lazy("TL")), ("findings", _lazy("Temuan"))]


def _dashboard_scope(request):
    scope = scope_for(request.user)
    if not any(scope.has_role(r) for r in DASHBOARD_ROLES):
        raise PermissionDenied
    return scope


def _hr_agency(request):
    """The agency an HR officer works for (the first, when several)."""
    scope = scope_for(request.user)
    agency = scope.hr_agencies().order_by("name").first()
    if agency is None:
        raise PermissionDenied
    return scope, agency


def _jurisdiction(request, scope, latest=None):
    """The form and its Jurisdiction (None when invalid). Without a period the dashboard opens on
    today if today has records, else on the latest day that has (not a week of zeros)."""
    data = request.GET.copy()
    if not data.get("start") and not data.get("end"):
        today = timezone.localdate()
        day = periods.opening_day(today, latest if latest is not None else selectors.latest_recorded_day(scope, today))
        data["start"] = data["end"] = day.isoformat()
    else:
        start, end = JurisdictionForm.default_period()
        data.setdefault("start", start.isoformat())
        data.setdefault("end", end.isoformat())
    form = JurisdictionForm(data, scope=scope)
    if not form.is_valid():
        return form, None
    return form, form.jurisdiction()


def _presets(request, scope, today, latest, j):
    from policies.selectors import circulars_covering

    circulars = circulars_covering(scope.agencies().select_related("seat_region")[:500])
    keep = query_without(request.GET, "start", "end", "page")
    return [
        {"label": p.label, "key": p.key, "current": j is not None and (j.start, j.end) == (p.start, p.end),
         "start": p.start, "end": p.end, "kind": "day" if p.key.count("-") > 1 else "circular" if p.key.startswith("circular") else "",
         "query": f"start={p.start.isoformat()}&end={p.end.isoformat()}" + (f"&{keep}" if keep else "")}
        for p in periods.presets(today, latest, circulars)
    ]


@login_required
def dashboard(request):
    if scope_for(request.user).is_only_employee:
        return redirect("selfservice:attendance")  # an employee's attendance is their own
    scope = _dashboard_scope(request)
    today = timezone.localdate()
    latest = selectors.latest_recorded_day(scope, today)
    form, j = _jurisdiction(request, scope, latest)
    context = {"form": form, "query": request.GET.urlencode(), "presets": _presets(request, scope, today, latest, j)}
    if j is not None:
        sort = request.GET.get("sort", "name")
        descending = request.GET.get("dir") == "desc"
        units = selectors.unit_rows(scope, j, sort, descending)
        summary = selectors.dashboard_summary(scope, j, headcount=sum(r.headcount for r in units))
        page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
        selectors.attach_caps(page.object_list, j.end)
        hours.attach_schemes(page.object_list, j.end)
        context.update(
            j=j, summary=summary, units=page.object_list, page=page, sort=sort, descending=descending,
            tiles=[{"tile": t, "value": summary.figures.get(t.key, 0)} for t in selectors.figure_tiles()],
            trend=trend_chart(summary.trend), bars=unit_bars(page.object_list), page_query=query_without(request.GET, "page"),
            findings=selectors.open_findings(scope, j).select_related("unit", "agency").order_by("-date", "unit__name")[:50],
            watchlist=selectors.watchlist(scope, j), roll_calls=selectors.roll_call_recaps(scope, j),
            sort_query=query_without(request.GET, "sort", "dir"), in_breach=[r for r in page.object_list if r.tallies],
            single_day=j.start == j.end, unit_columns=UNIT_COLUMNS, query=f"start={j.start}&end={j.end}&"
            + query_without(request.GET, "start", "end"),
        )
    template = "attendance/presence/dashboard.html"
    if request.htmx:
        template += "#content"  # the form is inside: a wrong period shows its message in place
    return render(request, template, context)


def _day(value: str) -> datetime.date:
    return query_date(value, name=_("Tanggal"))  # a path segment is never empty


@login_required
def unit_day(request, unit_id: int, day: str):
    scope = _dashboard_scope(request)
    unit = get_object_or_404(scope.units().select_related("agency__seat_region"), pk=unit_id)
    date = _day(day)
    subunits = request.GET.get("subunit") == "1"
    people = selectors.unit_day(scope, unit, date, subunits=subunits)
    findings = selectors.unit_day_findings(scope, unit, date, subunits=subunits)
    status = request.GET.get("status", "")
    behind = dayview.people_behind(findings, people)
    shown = dayview.filtered(people, status)
    for person in shown:
        person["behind"] = behind.get(person["id"], [])
    can_correct = scope.can_correct_attendance(unit.agency_id)
    weeks = hours.week_hours_of(unit.agency, [(p["id"], p["unit_id"]) for p in shown], date)
    for person in shown:
        person["week"] = weeks.get(person["id"])
    week_start, week_end = hours.week_of(date)
    return render(request, "attendance/presence/unit_day.html", {
        "scheme": hours.scheme_names_on([(unit.pk, unit.agency_id)], date)[unit.pk], "week_start": week_start,
        "week_end": week_end,
        "unit": unit, "date": date, "people": shown, "total": len(people), "can_correct": can_correct,
        "previous": date - datetime.timedelta(days=1), "next": date + datetime.timedelta(days=1),
        "subunits": subunits, "has_subunits": scope.units().filter(path__startswith=unit.path).exclude(pk=unit.pk).exists(),
        "status": status, "status_tallies": dayview.status_tallies(people), "place_tallies": dayview.place_tallies(people),
        "findings": findings, "behind_count": len(behind), "subunit_query": "subunit=1&" if subunits else "",
    })


def _file_response(table_name: str, fmt: str, table) -> HttpResponse:
    if fmt not in spreadsheets.CONTENT_TYPES:
        raise Http404
    content = spreadsheets.table_bytes(fmt, table.name, table.headers, table.rows)
    return spreadsheets.download_response(content, fmt=fmt, filename=f"kehadiran-{table_name}.{fmt}")


@login_required
def export(request, table: str, fmt: str):
    scope = _dashboard_scope(request)
    if table not in exports.TABLES:
        raise Http404
    form, j = _jurisdiction(request, scope)
    if j is None:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    builder = exports.TABLES[table]
    data = builder(scope, j, request.GET.get("sort", "name"), request.GET.get("dir") == "desc") if table == "units" else builder(scope, j)
    return _file_response(table, fmt, data)


@login_required
def unit_day_export(request, unit_id: int, day: str, fmt: str):
    scope = _dashboard_scope(request)
    unit = get_object_or_404(scope.units(), pk=unit_id)
    return _file_response(f"unit-{unit.pk}-{day}", fmt, exports.table_unit_day(scope, unit, _day(day)))


@login_required
def recap_pdf(request):
    scope = _dashboard_scope(request)
    form, j = _jurisdiction(request, scope)
    if j is None:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    agency = scope.agencies().filter(pk=j.agency_id).first() if j.agency_id else None
    if agency is None:
        agencies = list(scope.agencies()[:2])
        agency = agencies[0] if len(agencies) == 1 else None
    pdf = exports.recap_pdf(
        agency=agency, j=j, summary=selectors.dashboard_summary(scope, j), units=exports.table_units(scope, j),
        signer=request.user.get_full_name() or request.user.username,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rekap-kehadiran-{j.start}-{j.end}.pdf"'
    return response


# -- HR: correction, roll call, imports -------------------------------------------------

@login_required
def record_correct(request, employee_id: int, day: str):
    scope = scope_for(request.user)
    employee = get_object_or_404(scope.employees().select_related("unit", "agency__seat_region"), pk=employee_id)
    if not scope.can_correct_attendance(employee.agency_id):
        raise PermissionDenied
    date = _day(day)
    record = AttendanceRecord.objects.filter(employee=employee, date=date).first()
    tz = employee.agency.tzinfo
    initial = {"status": record.status if record else AttendanceStatus.PRESENT, "leave_type": record.leave_type if record else "",
               "check_in": timezone.localtime(record.check_in, tz).time() if record and record.check_in else None,
               "check_out": timezone.localtime(record.check_out, tz).time() if record and record.check_out else None,
               "version": record.version if record else 0}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            attendance_record_correct(
                context=AuditContext(request.user), employee=employee, date=date, status=d["status"],
                leave_type=d["leave_type"], reason=d["reason"], expected_version=d["version"],
                check_in=datetime.datetime.combine(date, d["check_in"], tz) if d["check_in"] else None,
                check_out=datetime.datetime.combine(date, d["check_out"], tz) if d["check_out"] else None,
            )
        except AttendanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kehadiran %(name)s disimpan.") % {"name": employee.name})
            return redirect("presence:unit_day", unit_id=employee.unit_id, day=date.isoformat())
    return render(request, "attendance/presence/correct.html", {"form": form, "employee": employee, "date": date, "record": record})


ROLL_CALL_CHOICES = [("H", _lazy("Hadir")), ("S", _lazy("Sakit")), ("I", _lazy("Izin")), ("C", _lazy("Cuti")),
                     ("DL", _lazy("Dinas luar")), ("TK", _lazy("Tanpa keterangan"))]


@login_required
def roll_call(request):
    scope, agency = _hr_agency(request)
    units = scope.units().filter(agency=agency).order_by("path")
    unit_id = query_int(request.GET.get("unit") or request.POST.get("unit"), name="unit")
    unit = units.filter(pk=unit_id).first() if unit_id else None
    date = query_date(request.GET.get("date") or request.POST.get("date"), name="date") or timezone.localdate()
    staff = []
    if unit is not None:
        staff = selectors.staff_placed_on(scope, unit, date)
    form = RollCallTallyForm(request.POST or None)
    if request.method == "POST" and unit is not None and form.is_valid():
        marks = {p["id"]: request.POST.get(f"mark-{p['id']}", AttendanceStatus.PRESENT) for p in staff}
        try:
            rc = roll_call_record(context=AuditContext(request.user), agency=agency, unit=unit, date=date, marks=marks,
                                  **form.cleaned_data)
        except AttendanceError as exc:
            form.add_error(None, str(exc))
        else:
            if rc.adds_up:
                messages.success(request, _("Apel disimpan."))
            else:
                messages.warning(request, _("Apel disimpan, tetapi rincian berhalangan (%(sum)d) tidak sama dengan jumlah "
                                            "berhalangan yang dilaporkan (%(total)d).") % {
                    "sum": rc.breakdown_total, "total": rc.reported_absent_total})
            return redirect(f"{reverse('presence:roll_call')}?unit={unit.pk}&date={date.isoformat()}")
    return render(request, "attendance/presence/roll_call.html", {
        "agency": agency, "units": units, "unit": unit, "date": date, "staff": staff, "form": form,
        "choices": ROLL_CALL_CHOICES,
    })


@login_required
def imports(request):
    scope, agency = _hr_agency(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                agency=agency, kind=ImportBatch.Kind.PUNCHES, file=upload, original_name=upload.name[:255],
                created_by=request.user,
            )
            transaction.on_commit(lambda: punch_import_validate.delay(batch.pk))
        return redirect("presence:import_detail", pk=batch.pk)
    batches = ImportBatch.objects.filter(scope.hr_q(), kind=ImportBatch.Kind.PUNCHES)[:20]
    return render(request, "attendance/presence/imports.html", {"form": form, "batches": batches, "agency": agency})


def _batch_for(request, pk):
    scope = scope_for(request.user)
    batches = ImportBatch.objects.select_related("agency__seat_region")
    batches = batches.filter(scope.hr_q())
    return get_object_or_404(batches, pk=pk)


@login_required
def import_detail(request, pk: int):
    batch = _batch_for(request, pk)
    preview = []
    if batch.status in (ImportBatch.Status.READY, ImportBatch.Status.INVALID) and batch.file:
        from .imports import PunchFile

        preview = PunchFile(batch.file.path).preview(10)
    running = batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.VALIDATING, ImportBatch.Status.APPLYING)
    if running:
        from .imports import progress_of

        batch.processed_rows = progress_of(batch)
    from .imports import column_label

    context = {
        "batch": batch, "preview": preview, "running": running,
        "preview_header": [column_label(key) for key in (preview[0] if preview else {})],
        "errors": [{**e, "field": column_label(e.get("field", ""))} for e in batch.errors or []],
    }
    template = "attendance/presence/import_detail.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@login_required
@require_POST
def import_apply(request, pk: int):
    batch = _batch_for(request, pk)
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
        status=ImportBatch.Status.APPLYING, processed_rows=0)
    if updated:
        from .imports import progress_note

        progress_note(batch.pk, 0)  # the check phase left its count behind
        transaction.on_commit(lambda: punch_import_apply.delay(batch.pk))
    else:
        messages.error(request, _("Impor ini tidak siap diterapkan."))
    return redirect("presence:import_detail", pk=batch.pk)

