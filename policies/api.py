"""API over circulars (with their rules and obligations, read-only) and compliance findings (read; review)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api import ReadOnlyScopedViewSet
from rosterhub.api_base import ApiConflict, api_context

from .compliance import PolicyError, finding_acknowledge, finding_add_note, finding_resolve
from .models import Circular, CircularStatus, Finding, Obligation, Rule


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rule
        fields = [
            "id", "description", "start_date", "end_date", "weekdays", "categories", "employment_types", "wfh_cap_percent",
            "counted_locations",
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


class FindingNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


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

    @extend_schema(request=FindingNoteSerializer, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._review(request, finding_acknowledge, note=_note(request, required=False))

    @extend_schema(request=FindingNoteSerializer, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._review(request, finding_resolve, note=_note(request, required=False))

    @extend_schema(request=FindingNoteSerializer, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        return self._review(request, finding_add_note, text=_note(request, required=True))

    def _review(self, request, service, **kwargs):
        finding = self.get_object()
        if not self.scope.can_review_findings(finding.agency_id):
            raise exceptions.PermissionDenied()
        try:
            finding = service(context=api_context(request), finding=finding, **kwargs)
        except PolicyError as exc:
            raise ApiConflict(str(exc), code="refused") from exc
        return Response(FindingSerializer(self.get_queryset().get(pk=finding.pk)).data)


def _note(request, *, required: bool) -> str:
    data = request.data if isinstance(request.data, dict) else {}
    serializer = FindingNoteSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    note = serializer.validated_data["note"]
    if required and not note.strip():
        raise exceptions.ValidationError({"note": [exceptions.ErrorDetail(_("Catatan wajib diisi."), code="required")]})
    return note
