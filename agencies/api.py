"""API over regions, agencies, units and employees. Regions and agencies are read-only; units
are also created and changed, and employees created, changed (moves dated by `moved_on`) and
ended here by HR officers (a personnel system keeping RosterHub current), through the same
services as the web screens."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from rosterhub.api_base import KnownKeysOnly, ScopedViewSet, api_context, plausible_employment_date

from .employees.services import employee_end, employee_save
from .models import Agency, Employee, EmployeePlacement, EmploymentType, Region, ServiceCategory, Unit
from .units.services import unit_save


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "timezone"]


class AgencySerializer(serializers.ModelSerializer):
    seat_region_code = serializers.CharField(source="seat_region.code", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id", "code", "name", "short_name", "kind", "seat_region", "seat_region_code", "parent",
            "working_weekdays", "work_start", "work_end", "friday_work_end",
        ]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id", "agency", "parent", "code", "name", "service_category", "effective_category", "head", "head_since",
            "acting_head", "acting_head_from", "acting_head_until",
        ]


class UnitWriteSerializer(KnownKeysOnly, serializers.Serializer):
    """What an HR officer may set on a unit; `agency` only on create. Unknown keys are refused."""

    agency = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    name = serializers.CharField(max_length=200)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    parent = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    service_category = serializers.ChoiceField(choices=[("", "")] + ServiceCategory.choices, required=False)
    head = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    head_since = serializers.DateField(required=False, allow_null=True, validators=[plausible_employment_date])
    acting_head = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    acting_head_from = serializers.DateField(required=False, allow_null=True, validators=[plausible_employment_date])
    acting_head_until = serializers.DateField(required=False, allow_null=True, validators=[plausible_employment_date])


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmployeePlacement
        fields = ["unit", "agency", "employment_type", "valid_from", "valid_until"]


class EmployeeSerializer(serializers.ModelSerializer):
    """`unit`, `agency` and `employment_type` are the current placement; `placements` the history."""

    placements = PlacementSerializer(many=True, read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id", "agency", "unit", "nip", "nik", "name", "employment_type", "position", "domicile_region",
            "email", "active_from", "active_until", "placements",
        ]


class EmployeeWriteSerializer(KnownKeysOnly, serializers.Serializer):
    """What a client may set on an employee; the agency follows the unit. Unknown keys are refused."""

    name = serializers.CharField(max_length=150)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    unit = serializers.IntegerField(min_value=1)
    moved_on = serializers.DateField(required=False, validators=[plausible_employment_date])
    nip = serializers.CharField(max_length=18, required=False, allow_null=True, allow_blank=True)
    nik = serializers.CharField(max_length=16, required=False, allow_null=True, allow_blank=True)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True)
    domicile_region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    domicile_address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    active_from = serializers.DateField(validators=[plausible_employment_date])
    active_until = serializers.DateField(required=False, allow_null=True, validators=[plausible_employment_date])



class EmployeeEndSerializer(KnownKeysOnly, serializers.Serializer):
    last_day = serializers.DateField(validators=[plausible_employment_date])


def _payload(serializer_class, request, *, partial: bool = False) -> dict:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": [ErrorDetail(_("Kirim objek JSON."), code="invalid")]})
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


class RegionViewSet(ReadOnlyScopedViewSet):
    """Kemendagri regions: public reference data, readable by every signed-in client."""

    serializer_class = RegionSerializer
    filterset = {"level": "level", "parent": "parent_id", "code": "code"}
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def scoped_queryset(self, scope):
        return Region.objects.all()


class AgencyViewSet(ReadOnlyScopedViewSet):
    serializer_class = AgencySerializer
    filterset = {"kind": "kind", "code": "code"}
    ordering_fields = ["name", "code"]
    ordering = ["name"]

    def scoped_queryset(self, scope):
        return scope.agencies()


class UnitViewSet(ReadOnlyScopedViewSet):
    """Units the caller may read; HR officers of the unit's agency may also create (POST) and
    change (PATCH) them, through the same service as the Unit kerja screen. Never deleted."""

    serializer_class = UnitSerializer
    filterset = {"agency": "agency_id", "parent": "parent_id", "category": "effective_category"}
    ordering_fields = ["name", "path", "id"]
    ordering = ["agency_id", "path"]

    def scoped_queryset(self, scope):
        return scope.units()

    @extend_schema(request=UnitWriteSerializer, responses={201: UnitSerializer})
    def create(self, request):
        data = _payload(UnitWriteSerializer, request)
        agency_id = data.pop("agency", None)
        if agency_id is None:
            agency_id = self.scope.sole_hr_agency_id
        agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        if agency is None or not self.scope.can_manage_units(agency.pk):
            raise exceptions.PermissionDenied()
        unit = unit_save(context=api_context(request), scope=self.scope, unit=None, data=data, agency=agency)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnitWriteSerializer, responses={200: UnitSerializer})
    def partial_update(self, request, pk=None):
        unit = self.get_object()
        if not self.scope.can_manage_units(unit.agency_id):
            raise exceptions.PermissionDenied()
        data = _payload(UnitWriteSerializer, request, partial=True)
        if "agency" in data:
            raise exceptions.ValidationError({"agency": [ErrorDetail(_("Instansi unit tidak dapat diubah."), code="invalid")]})
        unit = unit_save(context=api_context(request), scope=self.scope, unit=unit, data=data)
        return Response(UnitSerializer(unit).data)


class EmployeeViewSet(ReadOnlyScopedViewSet):
    """Employees the caller may read; HR officers of the employee's agency may also create
    (POST), change (PATCH) and end employment (POST {id}/end/). Nothing is ever deleted."""

    serializer_class = EmployeeSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employment_type": "employment_type", "nip": "nip", "nik": "nik"}
    ordering_fields = ["name", "nip", "id"]
    ordering = ["name", "id"]

    def scoped_queryset(self, scope):
        return scope.employees().prefetch_related(Prefetch("placements", EmployeePlacement.objects.order_by("valid_from")))

    @extend_schema(request=EmployeeWriteSerializer, responses={201: EmployeeSerializer})
    def create(self, request):
        if not self.scope.is_hr_officer:
            raise exceptions.PermissionDenied()
        data = _payload(EmployeeWriteSerializer, request)
        employee = employee_save(context=api_context(request), scope=self.scope, employee=None, data=data)
        return Response(EmployeeSerializer(employee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EmployeeWriteSerializer, responses={200: EmployeeSerializer})
    def partial_update(self, request, pk=None):
        employee = self.get_object()
        data = _payload(EmployeeWriteSerializer, request, partial=True)
        employee = employee_save(context=api_context(request), scope=self.scope, employee=employee, data=data)
        return Response(EmployeeSerializer(employee).data)

    @extend_schema(request=EmployeeEndSerializer, responses={200: EmployeeSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        employee = self.get_object()
        data = _payload(EmployeeEndSerializer, request)
        employee = employee_end(context=api_context(request), scope=self.scope, employee=employee, last_day=data["last_day"])
        return Response(EmployeeSerializer(employee).data)
