"""API over roster entries, WFH requests, attendance records, device punches and the dashboard summary.

Bulk writes take `{"rows": [...]}` (up to MAX_BULK_ROWS), check every row first and write in one
transaction through the same services as the web app; any bad row means nothing is written and the
answer lists each bad row with a code per field.
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api import ReadOnlyScopedViewSet
from agencies.models import Employee, Unit
from agencies.scoping import scope_for
from policies.models import Finding, FindingStatus
from rosterhub.api_base import ApiConflict, RowErrors, api_context, validate_rows

from .models import AttendanceRecord, DevicePunch, RosterEntry, WfhDayStatus, WfhRequest, WorkLocation
from .roster.services import RosterChange, RosterConflict, RosterError, RosterProtected, roster_entries_set
from .wfh import services as wfh_services


# -- shared row helpers -----------------------------------------------------------------------
class EmployeeRefSerializer(serializers.Serializer):
    """A row names its employee by id or by NIP/NIK (what a machine or SIMPEG knows)."""

    employee = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    nip = serializers.CharField(required=False, max_length=18)
    nik = serializers.CharField(required=False, max_length=16)

    def validate(self, attrs):
        if not any(attrs.get(k) for k in ("employee", "nip", "nik")):
            raise serializers.ValidationError({"employee": [_("Sebutkan pegawai: employee (id), nip atau nik.")]}, code="required")
        return attrs


def resolve_employees(scope, rows: list[dict]) -> tuple[dict[int, dict], list[dict]]:
    """One query for every employee the rows name, inside the scope. Returns (employee per row index, row errors)."""
    ids = {r["employee"] for r in rows if r.get("employee")}
    nips = {r["nip"] for r in rows if r.get("nip")}
    niks = {r["nik"] for r in rows if r.get("nik")}
    found = list(
        scope.employees()
        .filter(Q(pk__in=ids) | Q(nip__in=nips) | Q(nik__in=niks))
        .values("id", "nip", "nik", "agency_id", "unit_id", "unit__path")
    )
    by_id = {e["id"]: e for e in found}
    by_nip = {e["nip"]: e for e in found if e["nip"]}
    by_nik = {e["nik"]: e for e in found if e["nik"]}
    resolved, errors = {}, []
    for index, row in enumerate(rows, start=1):
        employee = (
            by_id.get(row.get("employee")) if row.get("employee") else by_nip.get(row.get("nip")) or by_nik.get(row.get("nik"))
        )
        if employee is None:
            errors.append(row_error(index, "employee", _("Pegawai tidak ditemukan dalam cakupan Anda."), "not_found"))
        else:
            resolved[index] = employee
    return resolved, errors


def row_error(index: int, field: str, message: str, code: str) -> dict:
    return {"row": index, "errors": {field: [ErrorDetail(message, code=code)]}}


def unit_of(employee: dict) -> Unit:
    """A light Unit carrying what the scope's can_* checks read."""
    return Unit(pk=employee["unit_id"], agency_id=employee["agency_id"], path=employee["unit__path"])


def duplicate_errors(rows: list[dict], resolved: dict[int, dict], date_key: str) -> list[dict]:
    seen, errors = set(), []
    for index, row in enumerate(rows, start=1):
        if index not in resolved:
            continue
        key = (resolved[index]["id"], row[date_key])
        if key in seen:
            errors.append(row_error(index, date_key, _("Pegawai dan tanggal ini muncul lebih dari sekali."), "duplicate"))
        seen.add(key)
    return errors


# -- roster entries -----------------------------------------------------------------------------
class RosterEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RosterEntry
        fields = [
            "id", "agency", "unit", "employee", "date", "location", "leave_type", "wfh_address", "wfh_region",
            "wfh_request", "version", "updated_by", "updated_at",
        ]


class RosterRowSerializer(EmployeeRefSerializer):
    date = serializers.DateField()
    location = serializers.ChoiceField(choices=[("", "clear")] + WorkLocation.choices, allow_blank=True)
    leave_type = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    wfh_address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    expected_version = serializers.IntegerField(required=False, min_value=0, max_value=2**31, allow_null=True, default=None)


class RosterBulkSerializer(serializers.Serializer):
    rows = RosterRowSerializer(many=True)
    override_approved_wfh = serializers.BooleanField(required=False, default=False)


class RosterEntryViewSet(ReadOnlyScopedViewSet):
    serializer_class = RosterEntrySerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "location": "location"}
    date_field = "date"
    ordering_fields = ["date", "employee", "unit", "updated_at"]
    ordering = ["date", "unit_id", "employee_id"]

    def scoped_queryset(self, scope):
        return scope.filter(RosterEntry.objects.all(), agency="agency_id", unit_path="unit__path", employee="employee_id")

    @extend_schema(
        request=RosterBulkSerializer,
        responses={200: inline_serializer("RosterBulkResult", {"written": serializers.IntegerField(), "cleared": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        """Set (or clear, with location "") many employees' work locations in one transaction."""
        rows = validate_rows(request.data, RosterRowSerializer)
        scope = self.scope
        resolved, errors = resolve_employees(scope, rows)
        for index, employee in resolved.items():
            if not scope.can_edit_roster(unit_of(employee)):
                errors.append(row_error(index, "employee", _("Anda tidak berwenang mengubah jadwal unit pegawai ini."), "forbidden"))
        errors += duplicate_errors(rows, resolved, "date")
        if errors:
            raise RowErrors(sorted(errors, key=lambda e: e["row"]))
        changes = [
            RosterChange(
                employee_id=resolved[i]["id"], date=row["date"], location=row["location"], leave_type=row["leave_type"],
                expected_version=row["expected_version"], wfh_address=row["wfh_address"],
            )
            for i, row in enumerate(rows, start=1)
        ]
        override = _flag(request.data, "override_approved_wfh")
        try:
            written = roster_entries_set(context=api_context(request), changes=changes, override_approved_wfh=override)
        except RosterConflict as exc:
            raise ApiConflict(str(exc), code="version_conflict", row=_row_of(changes, exc.change)) from exc
        except RosterProtected as exc:
            raise ApiConflict(str(exc), code="approved_wfh") from exc
        except RosterError as exc:
            raise exceptions.ValidationError({"rows": [str(exc)]}, code="invalid") from exc
        return Response({"written": len(written), "cleared": sum(1 for c in changes if not c.location)})


def _flag(data, name: str) -> bool:
    value = data.get(name, False) if isinstance(data, dict) else False
    if not isinstance(value, bool):
        raise exceptions.ValidationError({name: [_("Harus true atau false.")]}, code="invalid")
    return value


def _row_of(changes: list[RosterChange], change: RosterChange) -> int:
    return changes.index(change) + 1


# -- WFH requests -------------------------------------------------------------------------------
class WfhRequestSerializer(serializers.ModelSerializer):
    days = serializers.SerializerMethodField()

    class Meta:
        model = WfhRequest
        fields = [
            "id", "agency", "unit", "employee", "reason", "address", "address_region", "status", "submitted_by",
            "submitted_at", "approver", "decided_by", "decided_at", "decision_note", "days",
        ]

    def get_days(self, obj) -> list[dict]:
        return [{"date": d.date.isoformat(), "status": d.status} for d in obj.days.all()]


class WfhSubmitSerializer(EmployeeRefSerializer):
    dates = serializers.ListField(child=serializers.DateField(), min_length=1, max_length=31)
    reason = serializers.CharField(max_length=2000)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class WfhDecisionSerializer(serializers.Serializer):
    dates = serializers.ListField(child=serializers.DateField(), required=False, max_length=31,
                                  help_text="Days to approve; all pending days when left out.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WfhRejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class WfhRequestViewSet(ReadOnlyScopedViewSet):
    """WFH requests: list and read; submit (employee or HR); approve all or some days / reject (unit head); cancel."""

    serializer_class = WfhRequestSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "status": "status"}
    ordering_fields = ["submitted_at", "status"]
    ordering = ["submitted_at", "id"]

    def scoped_queryset(self, scope):
        return scope.filter(WfhRequest.objects.prefetch_related("days"), agency="agency_id", unit_path="unit__path", employee="employee_id")

    @extend_schema(request=WfhSubmitSerializer, responses={201: WfhRequestSerializer})
    def create(self, request):
        data = _valid(WfhSubmitSerializer, request.data)
        resolved, errors = resolve_employees(self.scope, [data])
        if errors:
            raise exceptions.ValidationError(errors[0]["errors"])
        employee = Employee.objects.get(pk=resolved[1]["id"])
        wfh = _decided(lambda: wfh_services.wfh_request_submit(
            context=api_context(request), employee=employee, dates=data["dates"], reason=data["reason"], address=data["address"],
        ))
        return Response(WfhRequestSerializer(self._fresh(wfh)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WfhDecisionSerializer, responses={200: WfhRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        wfh = self.get_object()
        data = _valid(WfhDecisionSerializer, request.data)
        pending = [d.date for d in wfh.days.all() if d.status == WfhDayStatus.PENDING]
        dates = data.get("dates", pending)
        _decided(lambda: wfh_services.wfh_request_decide(
            context=api_context(request), request=wfh, approve_dates=dates, note=data["note"],
        ))
        return Response(WfhRequestSerializer(self._fresh(wfh)).data)

    @extend_schema(request=WfhRejectSerializer, responses={200: WfhRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        wfh = self.get_object()
        data = _valid(WfhRejectSerializer, request.data)
        _decided(lambda: wfh_services.wfh_request_decide(
            context=api_context(request), request=wfh, approve_dates=[], note=data["note"],
        ))
        return Response(WfhRequestSerializer(self._fresh(wfh)).data)

    @extend_schema(request=None, responses={200: WfhRequestSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        wfh = self.get_object()
        _decided(lambda: wfh_services.wfh_request_cancel(context=api_context(request), request=wfh))
        return Response(WfhRequestSerializer(self._fresh(wfh)).data)

    def _fresh(self, wfh: WfhRequest) -> WfhRequest:
        return WfhRequest.objects.prefetch_related("days").get(pk=wfh.pk)


def _valid(serializer_class, data) -> dict:
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"non_field_errors": [ErrorDetail(_("Kirim objek JSON."), code="invalid")]})
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _decided(call):
    """Run a WFH service; a refusal by a rule (cap, WFO-100% unit, wrong days) is a 409 with its reason."""
    try:
        return call()
    except wfh_services.WfhRequestError as exc:
        raise ApiConflict(str(exc), code="refused") from exc


# -- attendance records and device punches ------------------------------------------------------
class AttendanceRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttendanceRecord
        fields = [
            "id", "agency", "unit", "employee", "date", "status", "late_tier", "early_tier", "leave_type", "check_in",
            "check_out", "source", "place", "note", "version", "updated_at",
        ]


class AttendanceRecordViewSet(ReadOnlyScopedViewSet):
    serializer_class = AttendanceRecordSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "status": "status", "source": "source"}
    date_field = "date"
    ordering_fields = ["date", "employee", "unit", "status"]
    ordering = ["date", "unit_id", "employee_id"]

    def scoped_queryset(self, scope):
        return scope.filter(AttendanceRecord.objects.all(), agency="agency_id", unit_path="unit__path", employee="employee_id")


class DevicePunchSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevicePunch
        fields = ["id", "agency", "employee", "punched_at", "local_date", "device"]


class DevicePunchViewSet(ReadOnlyScopedViewSet):
    serializer_class = DevicePunchSerializer
    filterset = {"agency": "agency_id", "employee": "employee_id", "device": "device"}
    date_field = "local_date"
    ordering_fields = ["punched_at", "employee"]
    ordering = ["punched_at", "id"]

    def scoped_queryset(self, scope):
        return scope.filter(DevicePunch.objects.all(), agency="agency_id", unit_path="employee__unit__path", employee="employee_id")


# -- dashboard summary --------------------------------------------------------------------------
class DashboardSummaryView(APIView):
    """Counts for a period over what the caller may read: attendance by status, roster by location, open findings."""

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", datetime.date, required=True),
            OpenApiParameter("date_to", datetime.date, required=True),
            OpenApiParameter("agency", int),
            OpenApiParameter("unit", int),
        ],
        responses={200: inline_serializer("DashboardSummary", {
            "attendance": serializers.DictField(child=serializers.IntegerField()),
            "roster": serializers.DictField(child=serializers.IntegerField()),
            "open_findings": serializers.IntegerField(),
        })},
    )
    def get(self, request):
        params = SummaryParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        scope = scope_for(request.user)
        where = Q(date__gte=p["date_from"], date__lte=p["date_to"])
        if p.get("agency"):
            where &= Q(agency_id=p["agency"])
        if p.get("unit"):
            where &= Q(unit_id=p["unit"])
        attendance = scope.filter(AttendanceRecord.objects.filter(where), agency="agency_id", unit_path="unit__path", employee="employee_id")
        roster = scope.filter(RosterEntry.objects.filter(where), agency="agency_id", unit_path="unit__path", employee="employee_id")
        findings = scope.filter(Finding.objects.filter(where, status=FindingStatus.OPEN), agency="agency_id", unit_path="unit__path", employee=None)
        return Response({
            "date_from": p["date_from"], "date_to": p["date_to"],
            "attendance": dict(attendance.values_list("status").annotate(n=Count("id")).order_by()),
            "roster": dict(roster.values_list("location").annotate(n=Count("id")).order_by()),
            "open_findings": findings.count(),
        }, status=status.HTTP_200_OK)


class SummaryParams(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**62)

    def validate(self, attrs):
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("Tanggal akhir tidak boleh sebelum tanggal awal.")]}, code="invalid")
        if (attrs["date_to"] - attrs["date_from"]).days > 366:
            raise serializers.ValidationError({"date_to": [_("Periode paling panjang satu tahun.")]}, code="max_length")
        return attrs

