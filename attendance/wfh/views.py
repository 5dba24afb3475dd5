"""WFH pages: my requests and the request form (employees, HR), the queue and decisions (heads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.audit import AuditContext
from agencies.notifications import notifications_mark_read
from agencies.scoping import scope_for
from attendance.models import WfhDayStatus, WfhRequestStatus, WorkLocation
from rosterhub.date_bounds import query_ints

from .forms import DecisionForm, QueueFilterForm, WfhRequestForm
from .selectors import (
    wfh_already_rostered,
    wfh_day_checks,
    wfh_day_loads,
    wfh_queue,
    wfh_queue_units,
    wfh_request_timeline,
    wfh_requests_mine,
    wfh_requests_visible,
    wfh_submittable_employees,
)
from .services import (
    WfhRequestError,
    format_days,
    may_cancel,
    may_decide,
    skipped_text,
    wfh_request_cancel,
    wfh_request_decide,
    wfh_request_submit,
    wfh_requests_bulk_approve,
)

QUEUE_LIMIT = 200
FORM_FIELD_OF = {"dates": "date_from", "reason": "reason", "address": "address"}


def _context(request: HttpRequest) -> AuditContext:
    return AuditContext(actor=request.user)


def _request_form(request: HttpRequest, data=None) -> WfhRequestForm:
    employees = wfh_submittable_employees(request.user)
    own_id = scope_for(request.user).employee_id
    own = employees.filter(pk=own_id).first() if own_id else None
    return WfhRequestForm(data, employees=employees, own_employee=own, initial={"employee": own})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    requests = wfh_requests_mine(request.user)[:QUEUE_LIMIT]
    can_submit = wfh_submittable_employees(request.user).exists()
    return render(request, "attendance/wfh/mine.html", {"requests": requests, "can_submit": can_submit})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    if not wfh_submittable_employees(request.user).exists():
        raise PermissionDenied
    form = _request_form(request, request.POST if request.method == "POST" else None)
    checks = []
    if request.method == "POST" and form.is_valid():
        employee = form.cleaned_data["employee"]
        checks = wfh_day_checks(employee, form.days, form.cleaned_data.get("location") or WorkLocation.WFH)
        try:
            created = wfh_request_submit(
                context=_context(request), employee=employee, dates=form.days,
                reason=form.cleaned_data["reason"], address=form.cleaned_data["address"],
                address_region=form.cleaned_data["address_region"], location=form.cleaned_data.get("location") or WorkLocation.WFH,
            )
        except WfhRequestError as exc:
            form.add_error(FORM_FIELD_OF.get(exc.field), str(exc))
        else:
            messages.success(request, submitted_text(created))
            return redirect("wfh:detail", created.pk)
    return render(request, "attendance/wfh/new.html", {"form": form, "checks": checks})


def submitted_text(created) -> str:
    """ "Pengajuan WFH terkirim ke kepala unit: 3 hari kerja. Dilewati: 20 April 2024 (Bukan hari kerja), …" """
    text = _("Pengajuan WFH terkirim ke kepala unit: %(n)s hari kerja (%(days)s).") % {
        "n": len(created.days.all()), "days": format_days(d.date for d in created.days.all()),
    }
    if created.skipped:
        text += " " + _("Dilewati: %(days)s.") % {"days": skipped_text(created.skipped)}
    return text


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The form's at-once warnings for the chosen employee and days (htmx)."""
    form = _request_form(request, request.POST)
    form.is_valid()
    employee, days = form.cleaned_data.get("employee"), form.days
    location = form.cleaned_data.get("location") or WorkLocation.WFH
    checks = wfh_day_checks(employee, days, location) if employee and days else []
    return render(request, "attendance/wfh/new.html#checks", {"checks": checks})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    wfh = get_object_or_404(wfh_requests_visible(request.user).prefetch_related("days"), pk=pk)
    days = list(wfh.days.all())
    pending = [d.date for d in days if d.status == WfhDayStatus.PENDING]
    can_decide = wfh.status == WfhRequestStatus.PENDING and may_decide(request.user, wfh)
    loads = wfh_day_loads([wfh.unit_id], pending) if can_decide else {}
    already = wfh_already_rostered((wfh.employee_id, d) for d in pending) if can_decide else set()
    rows = []
    for day in days:
        load = loads.get((wfh.unit_id, day.date))
        adding = load.adding_for(wfh.employee.employment_type, (wfh.employee_id, day.date) in already, wfh.location) if load else 0
        rows.append((day, load, load.cap_check(adding=adding) if load else None))
    notifications_mark_read(user=request.user, url=request.path)
    return render(request, "attendance/wfh/detail.html", {
        "wfh": wfh, "rows": rows, "can_decide": can_decide,
        "can_cancel": wfh.status == WfhRequestStatus.PENDING and may_cancel(request.user, wfh),
        "decision_form": DecisionForm(days=pending, initial={"approve": [d.isoformat() for d in pending]}),
        "timeline": wfh_request_timeline(wfh),
    })


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    wfh = get_object_or_404(wfh_requests_visible(request.user).prefetch_related("days"), pk=pk)
    pending = [d.date for d in wfh.days.all() if d.status == WfhDayStatus.PENDING]
    form = DecisionForm(request.POST, days=pending)
    if not form.is_valid():
        messages.error(request, _("Pilihan tanggal tidak valid."))
        return redirect("wfh:detail", wfh.pk)
    approve = [] if request.POST.get("action") == "reject" else form.cleaned_data["approve"]
    if request.POST.get("action") != "reject" and not approve:
        messages.error(request, _("Pilih tanggal yang disetujui, atau tolak pengajuan dengan alasan."))
        return redirect("wfh:detail", wfh.pk)
    try:
        decided = wfh_request_decide(
            context=_context(request), request=wfh, approve_dates=approve,
            reject_dates=[d for d in pending if d not in approve], note=form.cleaned_data["note"],
        )
    except WfhRequestError as exc:
        messages.error(request, str(exc))
        return redirect("wfh:detail", wfh.pk)
    messages.success(request, _("Keputusan disimpan: %(status)s.") % {"status": decided.get_status_display()})
    return redirect("wfh:queue")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    wfh = get_object_or_404(wfh_requests_visible(request.user), pk=pk)
    try:
        wfh_request_cancel(context=_context(request), request=wfh)
    except WfhRequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pengajuan WFH dibatalkan."))
    return redirect("wfh:detail", wfh.pk)


def _require_decider(user) -> None:
    scope = scope_for(user)
    if not scope.is_unit_head:
        raise PermissionDenied


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pending requests of the head's units, oldest first, each day with its count against the cap."""
    _require_decider(request.user)
    template = "attendance/wfh/queue.html#queue" if request.htmx else "attendance/wfh/queue.html"
    return render(request, template, _queue_context(request))


def _queue_context(request: HttpRequest, *, decided: dict | None = None) -> dict:
    """The queue's rows; `decided` maps request id -> (level, message) of the decisions just made
    from the queue, whose rows stay in place showing the outcome."""
    decided = decided or {}
    form = QueueFilterForm(request.GET or None, units=wfh_queue_units(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    requests = list(wfh_queue(
        request.user, unit_id=getattr(filters.get("unit"), "pk", None), search=filters.get("q", ""),
        date_from=filters.get("date_from"), date_to=filters.get("date_to"),
    )[:QUEUE_LIMIT])
    shown = {r.pk for r in requests}
    extra = [pk for pk in decided if pk not in shown]
    if extra:
        requests += list(wfh_requests_visible(request.user).filter(pk__in=extra).prefetch_related("days"))
        requests.sort(key=lambda r: (r.submitted_at, r.pk))
    pending_days = [(r, d.date) for r in requests for d in r.days.all() if d.status == WfhDayStatus.PENDING]
    loads = wfh_day_loads({r.unit_id for r, _ in pending_days}, {day for _, day in pending_days})
    already = wfh_already_rostered((r.employee_id, day) for r, day in pending_days)
    return {
        "form": form, "rows": _queue_rows(requests, loads, already, decided),
        "filter_query": request.GET.urlencode(),
    }


def _queue_rows(requests, loads, already, decided) -> list[dict]:
    """Each request with its pending days, a label and a cap badge per day: the badge says whether
    approving this request's day now fits. A badge is rendered once per (unit, day, adding)
    however many requests share it (a long queue repeats the same few days)."""
    labels, badges = {}, {}
    rows = []
    for r in requests:
        days = []
        for d in r.days.all():
            if d.status != WfhDayStatus.PENDING:
                continue
            if d.date not in labels:
                labels[d.date] = date_format(d.date, "D, j M Y")
            load = loads.get((r.unit_id, d.date))
            adding = load.adding_for(r.employee.employment_type, (r.employee_id, d.date) in already, r.location) if load else 0
            key = (r.unit_id, d.date, adding)
            if key not in badges:
                cap = load.cap_check(adding=adding) if load else None
                badges[key] = render_to_string("attendance/wfh/_load.html", {"load": load, "cap": cap})
            days.append((labels[d.date], badges[key]))
        level, message = decided.get(r.pk, ("", ""))
        rows.append({"request": r, "days": days, "pending": r.status == WfhRequestStatus.PENDING,
                     "level": level, "message": message})
    return rows


@login_required
@require_POST
def decide_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from the queue: approve every pending day of the request, or reject it with the
    reason typed in its row. The queue answers in place (htmx), the row showing the outcome and
    every badge of the same day recomputed; without htmx, back to the queue with a message."""
    _require_decider(request.user)
    wfh = get_object_or_404(wfh_requests_visible(request.user).prefetch_related("days"), pk=pk)
    reject = request.POST.get("action") == "reject"
    pending = [d.date for d in wfh.days.all() if d.status == WfhDayStatus.PENDING]
    earlier = query_ints(request.POST.getlist("decided")[:QUEUE_LIMIT], name="decided")
    decided = {i: ("", "") for i in earlier}  # rows decided earlier from this page stay, showing their status
    try:
        done = wfh_request_decide(
            context=_context(request), request=wfh, approve_dates=[] if reject else pending,
            reject_dates=pending if reject else [], note=request.POST.get(f"note_{wfh.pk}", "")[:2000],
        )
    except WfhRequestError as exc:
        level, message = "danger", str(exc)
    else:
        level, message = "success", _("%(status)s: %(days)s.") % {
            "status": done.get_status_display(), "days": format_days(pending),
        }
    if not request.htmx:
        getattr(messages, "error" if level == "danger" else "success")(request, message)
        return redirect(f"{reverse('wfh:queue')}?{request.GET.urlencode()}" if request.GET else "wfh:queue")
    decided[wfh.pk] = (level, message)
    return render(request, "attendance/wfh/queue.html#queue", _queue_context(request, decided=decided))


@login_required
@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    _require_decider(request.user)
    ids = query_ints(request.POST.getlist("requests"), name="requests")
    chosen = list(wfh_requests_visible(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, _("Pilih minimal satu pengajuan."))
        return redirect("wfh:queue")
    try:
        wfh_requests_bulk_approve(context=_context(request), requests=chosen)
    except WfhRequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s pengajuan disetujui.") % {"n": len(chosen)})
    return redirect("wfh:queue")
