"""The employee's own pages: "Jadwal saya" (roster by month) and "Kehadiran saya" (attendance)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.models import Employee
from agencies.scoping import scope_for
from attendance.models import AttendanceRecord, RosterEntry

from .selectors import default_month, own_attendance_month, own_discipline, own_roster_month, parse_month


def _own_employee(request: HttpRequest) -> Employee | None:
    employee_id = scope_for(request.user).employee_id
    if employee_id is None:
        return None
    return Employee.objects.select_related("unit", "agency__seat_region").get(pk=employee_id)


def _no_employee(request: HttpRequest) -> HttpResponse:
    """A login not linked to an employee record has no own roster: say so, with a way back."""
    return render(request, "attendance/selfservice/no_employee.html", status=403)


def _month(request: HttpRequest, employee: Employee, model):
    value = request.GET.get("bulan")
    month = parse_month(value)
    if month is None:
        if value:
            messages.warning(request, _("Bulan tidak dikenali (tulis seperti 2024-04, dalam rentang tanggal yang diterima); ditampilkan bulan terakhir yang berisi data."))
        month = default_month(employee, model)
    return month


@login_required
@require_GET
def my_roster(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    if employee is None:
        return _no_employee(request)
    month = _month(request, employee, RosterEntry)
    return render(request, "attendance/selfservice/roster.html", {
        "employee": employee, "month": month, "days": own_roster_month(employee, month),
    })


@login_required
@require_GET
def my_attendance(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    if employee is None:
        return _no_employee(request)
    month = _month(request, employee, AttendanceRecord)
    return render(request, "attendance/selfservice/attendance.html", {
        "employee": employee, "month": month, "days": own_attendance_month(employee, month),
        "discipline": own_discipline(employee, month.first.year),
    })
