"""API over roster entries, WFH requests, attendance records, device punches and the dashboard summary.

Bulk writes take `{"rows": [...]}` (up to MAX_BULK_ROWS), check every row first and write in one
transaction through the same services as the web app; any bad row means nothing is written and the
answer lists each bad row with a code per field.
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api import ReadOnlyScopedViewSet
from agencies.models import Agency, Employee, Region, Unit
from agencies.scoping import scope_for
from policies.models import Finding, FindingStatus
from rosterhub.api_base import ApiConflict, KnownKeysOnly, RowErrors, api_context, plausible_date, validate_rows
from rosterhub.date_bounds import parse_date, parse_timestamp

from .models import (
    AttendanceRecord,
    AttendanceStatus,
    DevicePunch,
    LeaveType,
    RosterEntry,
    WfhDayStatus,
    WfhRequest,
    WorkLocation,
)
from .presence import services as presence_services
from .presence.punches import punches_import
from .roster.services import RosterChange, RosterConflict, RosterError, RosterProtected, place_error, roster_entries_set
from .wfh import services as wfh_services


# -- shared row helpers -----------------------------------------------------------------------
class EmployeeRefSerializer(KnownKeysOnly, serializers.Serializer):
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


class RegionCodeField(serializers.SlugRelatedField):
    """A WFH place's region as its Kemendagri code ("32.75"); an unknown code is a field error."""

    default_error_messages = {"does_not_exist": gettext_lazy("Kode wilayah Kemendagri tidak dikenal: {value}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Kemendagri region code of the WFH place, e.g. 32.75 (Kota Bekasi).")
        super().__init__(slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True,
                         default=None, **kwargs)


# -- roster entries -----------------------------------------------------------------------------
class RosterEntrySerializer(serializers.ModelSerializer):
    wfh_region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RosterEntry
        fields = [
            "id", "agency", "unit", "employee", "date", "location", "leave_type", "wfh_address", "wfh_region",
            "wfh_request", "version", "updated_by", "updated_at",
        ]


class RosterRowSerializer(EmployeeRefSerializer):
    date = serializers.DateField(validators=[plausible_date])
    location = serializers.ChoiceField(choices=[("", "clear")] + WorkLocation.choices, allow_blank=True)
    leave_type = serializers.ChoiceField(choices=LeaveType.choices, required=False, allow_blank=True, default="")
    wfh_address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    wfh_region = RegionCodeField()
    expected_version = serializers.IntegerField(required=False, min_value=0, max_value=2**31, allow_null=True, default=None)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["leave_type"] and attrs["location"] != WorkLocation.LEAVE:
            raise serializers.ValidationError(
                {"leave_type": [ErrorDetail(_("Jenis cuti hanya untuk lokasi CUTI."), code="invalid")]}
            )
        region = attrs.get("wfh_region")
        if error := place_error(attrs["location"], address=attrs["wfh_address"], region_id=region.pk if region else None):
            raise serializers.ValidationError({"wfh_region" if region else "wfh_address": [ErrorDetail(error, code="invalid")]})
        return attrs


class RosterBulkSerializer(serializers.Serializer):
    rows = RosterRowSerializer(many=True)
    override_approved_wfh = serializers.BooleanField(required=False, default=False)


class RosterEntryViewSet(ReadOnlyScopedViewSet):
    queryset = RosterEntry.objects.all()
    serializer_class = RosterEntrySerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "location": "location"}
    date_field = "date"
    ordering_fields = ["date", "employee", "unit", "updated_at"]
    ordering = ["date", "unit_id", "employee_id"]

    @extend_schema(
        request=RosterBulkSerializer,
        responses={200: inline_serializer("RosterBulkResult", {"written": serializers.IntegerField(), "cleared": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        """Set (or clear, with location "") many employees' work locations in one transaction."""
        rows = validate_rows(request.data, RosterRowSerializer, body=RosterBulkSerializer)
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
                wfh_region_id=row["wfh_region"].pk if row.get("wfh_region") else None,
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
    address_region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WfhRequest
        fields = [
            "id", "agency", "unit", "employee", "reason", "location", "address", "address_region", "status", "submitted_by",
            "submitted_at", "approver", "decided_by", "decided_at", "decision_note", "days",
        ]

    def get_days(self, obj) -> list[dict]:
        return [{"date": d.date.isoformat(), "status": d.status} for d in obj.days.all()]


class WfhSubmitSerializer(EmployeeRefSerializer):
    dates = serializers.ListField(child=serializers.DateField(validators=[plausible_date]), min_length=1, max_length=31)
    reason = serializers.CharField(max_length=2000)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    address_region = RegionCodeField()


class WfhDecisionSerializer(KnownKeysOnly, serializers.Serializer):
    dates = serializers.ListField(child=serializers.DateField(validators=[plausible_date]), required=False, max_length=31,
                                  help_text="Days to approve; all pending days when left out.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WfhRejectSerializer(KnownKeysOnly, serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class WfhRequestViewSet(ReadOnlyScopedViewSet):
    """WFH requests: list and read; submit (employee or HR); approve all or some days / reject (unit head); cancel."""

    queryset = WfhRequest.objects.prefetch_related("days")
    serializer_class = WfhRequestSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "status": "status"}
    ordering_fields = ["submitted_at", "status"]
    ordering = ["submitted_at", "id"]

    @extend_schema(request=WfhSubmitSerializer, responses={201: WfhRequestSerializer})
    def create(self, request):
        data = _valid(WfhSubmitSerializer, request.data)
        resolved, errors = resolve_employees(self.scope, [data])
        if errors:
            raise exceptions.ValidationError(errors[0]["errors"])
        employee = Employee.objects.get(pk=resolved[1]["id"])
        wfh = _decided(lambda: wfh_services.wfh_request_submit(
            context=api_context(request), employee=employee, dates=data["dates"], reason=data["reason"], address=data["address"],
            address_region=data["address_region"],
        ))
        body = WfhRequestSerializer(self._fresh(wfh)).data
        body["skipped"] = [{"date": c.date.isoformat(), "reason": c.message} for c in wfh.skipped]  # weekends, holidays
        return Response(body, status=status.HTTP_201_CREATED)

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
    """Run a WFH service: a refusal by the cap (or a WFO-100% unit), a state changed meanwhile, or a decision the
    database could not serialise twice (code "busy") is a 409 with its reason; any other refusal (no address, a
    Saturday, a holiday, a day not in the request) is a 400 naming the field."""
    try:
        return call()
    except wfh_services.WfhRequestError as exc:
        if exc.conflict:
            raise ApiConflict(str(exc), code=exc.code) from exc
        raise exceptions.ValidationError({exc.field or "non_field_errors": [ErrorDetail(str(exc), code="invalid")]}) from exc


# -- attendance records and device punches ------------------------------------------------------
class AttendanceRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttendanceRecord
        fields = [
            "id", "agency", "unit", "employee", "date", "status", "late_tier", "early_tier", "leave_type", "check_in",
            "check_out", "source", "place", "note", "version", "updated_at",
        ]


class DeviceRowSerializer(KnownKeysOnly, serializers.Serializer):
    """Common to machine rows: the employee by NIP/NIK or by the machine's own user id."""

    nip = serializers.CharField(required=False, allow_blank=True, max_length=18)
    device_user_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    device = serializers.CharField(required=False, allow_blank=True, max_length=60)

    def validate(self, attrs):
        if not (attrs.get("nip") or attrs.get("device_user_id")):
            raise serializers.ValidationError({"nip": [ErrorDetail(_("Isi nip atau device_user_id."), code="required")]})
        return attrs


def _plausible_timestamp(value: str) -> str:
    try:
        parsed = parse_timestamp(value, datetime.UTC)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc), code="invalid") from exc
    plausible_date(parsed.date())
    return value


def _plausible_day(value: str) -> str:
    try:
        return plausible_date(parse_date(value)).isoformat()
    except ValueError as exc:
        raise serializers.ValidationError(str(exc), code="invalid") from exc


class PunchRowSerializer(DeviceRowSerializer):
    timestamp = serializers.CharField(max_length=40, validators=[_plausible_timestamp],
                                      help_text="ISO 8601; without an offset it is the agency's local time.")


class AttendanceRowSerializer(DeviceRowSerializer):
    date = serializers.CharField(max_length=20)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    leave_type = serializers.ChoiceField(choices=LeaveType.choices, required=False, allow_blank=True)
    check_in = serializers.CharField(max_length=40, required=False, allow_blank=True, validators=[_plausible_timestamp])
    check_out = serializers.CharField(max_length=40, required=False, allow_blank=True, validators=[_plausible_timestamp])
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)

    def validate_date(self, value):
        return _plausible_day(value)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("check_in") and attrs.get("check_out"):
            tz = datetime.UTC
            if parse_timestamp(attrs["check_out"], tz) < parse_timestamp(attrs["check_in"], tz):
                raise serializers.ValidationError({"check_out": [ErrorDetail(_("Jam pulang sebelum jam masuk."), code="invalid")]})
        return attrs


class MachineBulkSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, help_text="Needed only when you are HR of several agencies.")


class PunchBulkSerializer(MachineBulkSerializer):
    rows = PunchRowSerializer(many=True)
    complete_days = serializers.BooleanField(
        required=False, default=False,
        help_text="True with the day's last push: staff without any punch that day are then recorded TK.",
    )


class AttendanceBulkSerializer(MachineBulkSerializer):
    rows = AttendanceRowSerializer(many=True)


BulkResult = inline_serializer("MachineBulkResult", {"rows": serializers.IntegerField(), "records_written": serializers.IntegerField()})


def hr_agency(request) -> Agency:
    """The agency a machine writes for: named in the body, or the caller's only HR agency."""
    scope = scope_for(request.user)
    data = request.data if isinstance(request.data, dict) else {}
    agency_id = data.get("agency")
    if agency_id is None:
        agency_id = scope.sole_hr_agency_id
    if isinstance(agency_id, bool) or not isinstance(agency_id, int) or not 0 < agency_id < 2**62:
        raise exceptions.ValidationError({"agency": [ErrorDetail(_("Sebutkan id instansi."), code="required")]})
    if not scope.can_manage_employees(agency_id):
        raise exceptions.PermissionDenied(_("Anda bukan pengelola kepegawaian instansi ini."))
    agency = Agency.objects.select_related("seat_region").filter(pk=agency_id).first()
    if agency is None:
        raise exceptions.NotFound()
    return agency


def import_result_response(result) -> Response:
    if not result.ok:
        rows = {}
        for error in result.errors:
            rows.setdefault(error.line, {}).setdefault(error.field, []).append(ErrorDetail(error.reason, code="invalid"))
        raise RowErrors([{"row": line, "errors": errors} for line, errors in sorted(rows.items())])
    return Response({"rows": result.applied_rows, "records_written": result.records_written})


def duplicate_device_rows(rows: list[dict], *keys: str) -> list[dict]:
    seen, errors = set(), []
    for index, row in enumerate(rows, start=1):
        key = (row.get("nip") or "", row.get("device") or "", row.get("device_user_id") or "", *(row[k] for k in keys))
        if key in seen:
            errors.append(row_error(index, keys[-1], _("Baris ini muncul lebih dari sekali."), "duplicate"))
        seen.add(key)
    return errors


class AttendanceRecordViewSet(ReadOnlyScopedViewSet):
    queryset = AttendanceRecord.objects.all()
    serializer_class = AttendanceRecordSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "status": "status", "source": "source"}
    date_field = "date"
    ordering_fields = ["date", "employee", "unit", "status"]
    ordering = ["date", "unit_id", "employee_id"]

    @extend_schema(request=AttendanceBulkSerializer, responses={200: BulkResult})
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        """Create or replace whole day records (e.g. from a regional e-presensi app), all or nothing."""
        agency = hr_agency(request)
        rows = validate_rows(request.data, AttendanceRowSerializer, body=AttendanceBulkSerializer)
        errors = duplicate_device_rows(rows, "date")
        if errors:
            raise RowErrors(errors)
        result = presence_services.attendance_records_upsert(
            context=api_context(request), agency=agency, rows=rows, source=AttendanceRecord.Source.DEVICE, first_line=1,
        )
        return import_result_response(result)


class DevicePunchSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevicePunch
        fields = ["id", "agency", "employee", "punched_at", "local_date", "device"]


class DevicePunchViewSet(ReadOnlyScopedViewSet):
    queryset = DevicePunch.objects.all()
    serializer_class = DevicePunchSerializer
    filterset = {"agency": "agency_id", "employee": "employee_id", "device": "device"}
    date_field = "local_date"
    ordering_fields = ["punched_at", "employee"]
    ordering = ["punched_at", "id"]

    @extend_schema(request=PunchBulkSerializer, responses={200: BulkResult})
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        """Push raw punches from a fingerprint machine; the day records (first in, last out) are derived at once."""
        agency = hr_agency(request)
        rows = validate_rows(request.data, PunchRowSerializer, body=PunchBulkSerializer)
        complete_days = _flag(request.data, "complete_days")
        result = punches_import(
            context=api_context(request), agency=agency, rows=rows, first_line=1, complete_days=complete_days,
        )
        return import_result_response(result)


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
        attendance = AttendanceRecord.objects.filter(where).visible_to(scope)
        roster = RosterEntry.objects.filter(where).visible_to(scope)
        findings = Finding.objects.filter(where, status=FindingStatus.OPEN).visible_to(scope)
        return Response({
            "date_from": p["date_from"], "date_to": p["date_to"],
            "attendance": dict(attendance.values_list("status").annotate(n=Count("id")).order_by()),
            "roster": dict(roster.values_list("location").annotate(n=Count("id")).order_by()),
            "open_findings": findings.count(),
        }, status=status.HTTP_200_OK)


class SummaryParams(serializers.Serializer):
    date_from = serializers.DateField(validators=[plausible_date])
    date_to = serializers.DateField(validators=[plausible_date])
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**62)

    def validate(self, attrs):
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("Tanggal akhir tidak boleh sebelum tanggal awal.")]}, code="invalid")
        if (attrs["date_to"] - attrs["date_from"]).days > 366:
            raise serializers.ValidationError({"date_to": [_("Periode paling panjang satu tahun.")]}, code="max_length")
        return attrs

