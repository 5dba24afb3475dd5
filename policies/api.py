"""API over circulars (with their rules and obligations, read-only) and compliance findings (read; review)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api import ReadOnlyScopedViewSet
from rosterhub.api_base import ApiConflict, KnownKeysOnly, api_context

from . import services
from .compliance import PolicyError, finding_acknowledge, finding_add_note, finding_resolve
from .forms import CircularForm, ObligationFormSet, RuleFormSet
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
    scope_regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                                 help_text="Kemendagri region codes.")

    class Meta:
        model = Circular
        fields = [
            "id", "number", "title", "issuer", "signed_on", "document_url", "summary", "status", "published_at",
            "revoked_at", "based_on", "amends", "supersedes", "scope_kind", "scope_regions", "scope_agencies",
            "rules", "obligations",
        ]


class CircularDraftSerializer(serializers.Serializer):
    """The body of `POST circulars/` (documentation: the circular form itself validates it)."""

    number = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.IntegerField()
    signed_on = serializers.DateField()
    document_url = serializers.URLField(required=False)
    summary = serializers.CharField(required=False)
    scope_kind = serializers.ChoiceField(choices=Circular.ScopeKind.choices)
    scope_regions = serializers.ListField(child=serializers.CharField(), required=False, help_text="Kemendagri codes.")
    scope_agencies = serializers.ListField(child=serializers.IntegerField(), required=False)
    based_on = serializers.ListField(child=serializers.IntegerField(), required=False)
    amends = serializers.ListField(child=serializers.IntegerField(), required=False)
    supersedes = serializers.ListField(child=serializers.IntegerField(), required=False)
    rules = RuleSerializer(many=True)
    obligations = ObligationSerializer(many=True, required=False)


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id", "agency", "unit", "date", "kind", "rule", "circulars", "measured", "limit", "basis_count",
            "details", "status", "closed_automatically", "first_found_at", "checked_at", "reviewed_by", "reviewed_at",
        ]


class FindingNoteSerializer(KnownKeysOnly, serializers.Serializer):
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
        return queryset.filter(scope.circulars_visible_q())

    @extend_schema(request=CircularDraftSerializer, responses={201: CircularSerializer})
    def create(self, request):
        """A draft circular with its rules and obligations, checked like the form (issuer authority: 400)."""
        if not self.scope.is_policy_admin:
            raise exceptions.PermissionDenied()
        data = request.data if isinstance(request.data, dict) else {}
        form, rules, obligations = _circular_forms(data, self.scope)
        if not (form.is_valid() & rules.is_valid() & obligations.is_valid()):
            raise exceptions.ValidationError(_form_errors(form, rules, obligations))
        try:
            circular = services.circular_save(context=api_context(request), form=form, rules=rules, obligations=obligations)
        except services.AuthorityError as exc:
            raise exceptions.ValidationError(exc.errors) from exc
        return Response(CircularSerializer(self.get_queryset().get(pk=circular.pk)).data, status=201)

    @extend_schema(request=None, responses={200: CircularSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._lifecycle(request, services.circular_publish)

    @extend_schema(request=None, responses={200: CircularSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._lifecycle(request, services.circular_revoke)

    def _lifecycle(self, request, service):
        circular = self.get_object()
        if not self.scope.can_issue_for(circular.issuer_id):
            raise exceptions.PermissionDenied()
        try:
            service(context=api_context(request), circular=circular)
        except services.AuthorityError as exc:
            raise exceptions.ValidationError(exc.errors) from exc
        except PolicyError as exc:
            raise ApiConflict(str(exc), code="refused") from exc
        return Response(CircularSerializer(self.get_queryset().get(pk=circular.pk)).data)


def _circular_forms(data: dict, scope):
    """The API body as the circular form and its rule and obligation formsets: one validation for both doors."""
    rules, obligations = data.get("rules") or [], data.get("obligations") or []
    rules = rules if isinstance(rules, list) else []
    obligations = obligations if isinstance(obligations, list) else []
    flat = {key: value for key, value in data.items() if key not in ("rules", "obligations")}
    for prefix, rows in (("rules", rules), ("obligations", obligations)):
        flat |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
        for index, row in enumerate(rows):
            for key, value in (row.items() if isinstance(row, dict) else ()):
                flat[f"{prefix}-{index}-{key}"] = value
    circular = Circular(status=CircularStatus.DRAFT)
    return (CircularForm(flat, instance=circular, scope=scope), RuleFormSet(flat, instance=circular, prefix="rules"),
            ObligationFormSet(flat, instance=circular, prefix="obligations"))


def _form_errors(form, rules, obligations) -> dict:
    errors = {field: list(messages) for field, messages in form.errors.items()}
    if any(rules.errors) or rules.non_form_errors():
        errors["rules"] = [dict(e) for e in rules.errors] + list(rules.non_form_errors())
    if any(obligations.errors):
        errors["obligations"] = [dict(e) for e in obligations.errors]
    return errors


class FindingViewSet(ReadOnlyScopedViewSet):
    queryset = Finding.objects.prefetch_related("circulars")
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
