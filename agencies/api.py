"""API over regions, agencies, units and employees. Regions, agencies and units are read-only;
employees are also created, changed and ended here by HR officers (a personnel system keeping
RosterHub current), through the same services as the web screen."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from rosterhub.api_base import KnownKeysOnly, ScopedViewSet, api_context, plausible_employment_date

from .employees.services import employee_end, employee_save
from .models import Agency, Employee, EmploymentType, Region, Unit


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
        fields = ["id", "agency", "parent", "code", "name", "service_category", "effective_category", "head", "acting_head"]


class EmployeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = [
            "id", "agency", "unit", "nip", "nik", "name", "employment_type", "position", "domicile_region",
            "email", "active_from", "active_until",
        ]


class EmployeeWriteSerializer(KnownKeysOnly, serializers.Serializer):
    """What a client may set on an employee; the agency follows the unit. Unknown keys are refused."""

    name = serializers.CharField(max_length=150)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    unit = serializers.IntegerField(min_value=1)
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
    serializer_class = UnitSerializer
    filterset = {"agency": "agency_id", "parent": "parent_id", "category": "effective_category"}
    ordering_fields = ["name", "path", "id"]
    ordering = ["agency_id", "path"]

    def scoped_queryset(self, scope):
        return scope.units()


class EmployeeViewSet(ReadOnlyScopedViewSet):
    """Employees the caller may read; HR officers of the employee's agency may also create
    (POST), change (PATCH) and end employment (POST {id}/end/). Nothing is ever deleted."""

    serializer_class = EmployeeSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employment_type": "employment_type", "nip": "nip", "nik": "nik"}
    ordering_fields = ["name", "nip", "id"]
    ordering = ["name", "id"]

    def scoped_queryset(self, scope):
        return scope.employees()

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
