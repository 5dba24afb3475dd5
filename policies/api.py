"""API over circulars (with their rules and obligations) and compliance findings (read-only)."""

from django.db.models import Q
from rest_framework import serializers

from agencies.api import ReadOnlyScopedViewSet

from .models import Circular, CircularStatus, Finding, Obligation, Rule


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rule
        fields = [
            "id", "description", "start_date", "end_date", "categories", "employment_types", "wfh_cap_percent",
            "basis", "domicile_required", "binds_every_day",
        ]


class ObligationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Obligation
        fields = ["order", "text"]


class CircularSerializer(serializers.ModelSerializer):
    rules = RuleSerializer(many=True, read_only=True)
    obligations = ObligationSerializer(many=True, read_only=True)

    class Meta:
        model = Circular
        fields = [
            "id", "number", "title", "issuer", "signed_on", "document_url", "summary", "status", "published_at",
            "revoked_at", "based_on", "amends", "supersedes", "scope_kind", "scope_regions", "scope_agencies",
            "rules", "obligations",
        ]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id", "agency", "unit", "date", "kind", "rule", "circulars", "measured", "limit", "basis_count",
            "details", "status", "closed_automatically", "first_found_at", "checked_at", "reviewed_by", "reviewed_at",
        ]


class CircularViewSet(ReadOnlyScopedViewSet):
    """Published and revoked circulars are public documents; drafts only for their issuer's administrators."""

    serializer_class = CircularSerializer
    filterset = {"status": "status", "issuer": "issuer_id", "scope_kind": "scope_kind"}
    date_field = "signed_on"
    ordering_fields = ["signed_on", "number"]
    ordering = ["-signed_on", "number"]

    def scoped_queryset(self, scope):
        queryset = Circular.objects.prefetch_related(
            "rules", "obligations", "based_on", "amends", "supersedes", "scope_regions", "scope_agencies"
        )
        if scope.is_superuser:
            return queryset
        return queryset.filter(~Q(status=CircularStatus.DRAFT) | Q(issuer_id__in=scope.policy_agency_ids))


class FindingViewSet(ReadOnlyScopedViewSet):
    queryset = Finding.objects.prefetch_related("circulars")
    scope_fields = {"agency": "agency_id", "unit_path": "unit__path", "employee": None}
    serializer_class = FindingSerializer
    filterset = {"agency": "agency_id", "unit": "unit_id", "status": "status", "kind": "kind"}
    date_field = "date"
    ordering_fields = ["date", "unit", "kind", "measured"]
    ordering = ["-date", "unit_id", "kind"]
