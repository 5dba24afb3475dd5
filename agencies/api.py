"""API over regions, agencies, units and employees (read-only; HR keeps them in the web app)."""

from rest_framework import mixins, serializers

from rosterhub.api_base import ScopedViewSet

from .models import Agency, Employee, Region, Unit


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
    serializer_class = EmployeeSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "employment_type": "employment_type", "nip": "nip", "nik": "nik"}
    ordering_fields = ["name", "nip", "id"]
    ordering = ["name", "id"]

    def scoped_queryset(self, scope):
        return scope.employees()
