"""Shared pieces of the integration API: paging, error format, scoped viewsets, query filters.

Every error body has a machine-readable `code`; field and row errors list a code per message,
so a machine can act on them without parsing Indonesian text.
"""

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, filters, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler as drf_exception_handler

from agencies.audit import AuditContext
from agencies.models import AuditEvent
from agencies.scoping import Scope, scope_for
from rosterhub import date_bounds

MAX_BULK_ROWS = 10_000


def plausible_date(value: datetime.date) -> datetime.date:
    """The date window of rosterhub.date_bounds (the same for every door), as a serializer validator."""
    return _bounded(date_bounds.validate_date, value)


def plausible_employment_date(value: datetime.date) -> datetime.date:
    return _bounded(date_bounds.validate_employment_date, value)


def _bounded(validator, value):
    try:
        return validator(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages[0], code="out_of_range") from exc


def refuse_unknown_keys(data, known) -> None:
    """400 naming every key the endpoint does not define: a typo (`wfh_regoin`) must not be dropped silently."""
    if isinstance(data, dict):
        unknown = sorted(str(key) for key in set(data) - set(known))
        if unknown:
            raise exceptions.ValidationError({
                name[:100]: [ErrorDetail(_("Kolom tidak dikenal: %(key)s.") % {"key": name[:100]}, code="unknown_field")]
                for name in unknown
            })


class KnownKeysOnly:
    """Serializer mixin: unknown keys are refused with the key named, before any field is validated."""

    def to_internal_value(self, data):
        refuse_unknown_keys(data, self.fields)
        return super().to_internal_value(data)


class ApiConflict(exceptions.APIException):
    """409 with a machine-readable code and any extra keys (e.g. the row) kept as given."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "Conflict."

    def __init__(self, detail=None, code="conflict", **extra):
        super().__init__(detail, code)
        self.body = {"code": code, "detail": str(self.detail), **extra}


def exception_handler(exc, context):
    """DRF's handler with Django's own errors mapped to 4xx and one body shape."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    elif isinstance(exc, IntegrityError | DataError):
        exc = ApiConflict(_("Data bertentangan dengan data yang sudah ada."), code="integrity")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": _("Data tidak valid."), "errors": exc.get_full_details()}
    elif isinstance(exc, ApiConflict):
        response.data = exc.body
    else:
        response.data = {"code": exc.get_codes() if isinstance(exc.detail, str) else "error", "detail": exc.detail}
    return response


def api_context(request) -> AuditContext:
    return AuditContext(actor=request.user, interface=AuditEvent.Interface.API)


class QueryFilter(filters.BaseFilterBackend):
    """The view's `filterset` (query parameter -> lookup) and its date range, validated (400 naming the
    parameter, never a 500) and documented in the OpenAPI schema."""

    def filter_queryset(self, request, queryset, view):
        return queryset.filter(**query_lookups(request.query_params, view.filterset, view.date_field))

    def get_schema_operation_parameters(self, view):
        params = [
            {"name": name, "in": "query", "required": False,
             "schema": {"type": "integer"} if lookup.endswith("_id") else {"type": "string"}}
            for name, lookup in view.filterset.items()
        ]
        if view.date_field:
            params += [
                {"name": name, "in": "query", "required": False, "schema": {"type": "string", "format": "date"}}
                for name in ("date_from", "date_to")
            ]
        return params


def query_lookups(params, filterset: dict[str, str], date_field: str | None) -> dict:
    lookups, errors = {}, {}
    for name, lookup in filterset.items():
        value = params.get(name)
        if value in (None, ""):
            continue
        if "\x00" in value:
            errors[name] = [ErrorDetail(_("Karakter NUL tidak diizinkan."), code="null_characters_not_allowed")]
        elif lookup.endswith("_id") and not (value.isascii() and value.isdigit()):
            errors[name] = [ErrorDetail(_("Harus berupa bilangan bulat."), code="invalid")]
        elif lookup.endswith("_id") and int(value) > 2**62:
            errors[name] = [ErrorDetail(_("Angka terlalu besar."), code="max_value")]
        else:
            lookups[lookup] = value
    for name, suffix in (("date_from", "gte"), ("date_to", "lte")) if date_field else ():
        value = params.get(name)
        if value:
            try:
                lookups[f"{date_field}__{suffix}"] = datetime.date.fromisoformat(value)
            except ValueError:
                errors[name] = [ErrorDetail(_("Tanggal harus berformat YYYY-MM-DD."), code="invalid")]
    if errors:
        raise exceptions.ValidationError(errors)
    return lookups


class ScopedViewSet(viewsets.GenericViewSet):
    """A viewset whose rows come only from `scoped_queryset(scope)`; objects outside the scope are 404."""

    filter_backends = [QueryFilter, filters.OrderingFilter]
    filterset: dict[str, str] = {}  # query parameter -> lookup
    date_field: str | None = None  # enables date_from / date_to

    @property
    def scope(self) -> Scope:
        return scope_for(self.request.user)

    def scoped_queryset(self, scope: Scope):
        return self.queryset.all().visible_to(scope)

    def get_queryset(self):
        return self.scoped_queryset(self.scope)


def validate_rows(
    data, row_serializer: type[serializers.Serializer], context: dict | None = None, *,
    body: type[serializers.Serializer] | None = None,
) -> list[dict]:
    """Validate `{"rows": [...]}` row by row, so errors name the row: [{"row": 3, "errors": {...}}].
    With `body` (the endpoint's whole-body serializer) keys of the body it does not define are refused."""
    if body is not None:
        refuse_unknown_keys(data, body().fields)
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise exceptions.ValidationError(
            {"rows": [ErrorDetail(_("Kirim daftar baris yang tidak kosong pada kunci 'rows'."), code="required")]}
        )
    if len(rows) > MAX_BULK_ROWS:
        raise exceptions.ValidationError(
            {"rows": [ErrorDetail(_("Paling banyak %(max)s baris per permintaan.") % {"max": MAX_BULK_ROWS}, code="max_length")]}
        )
    valid, errors = [], []
    for index, row in enumerate(rows, start=1):
        serializer = row_serializer(data=row, context=context or {})
        if serializer.is_valid():
            valid.append(serializer.validated_data)
        else:
            errors.append({"row": index, "errors": serializer.errors})
    if errors:
        raise RowErrors(errors)
    return valid


class RowErrors(exceptions.ValidationError):
    """Per-row errors; nothing was written."""

    def __init__(self, rows: list[dict]):
        super().__init__({"rows": [{"row": r["row"], "errors": r["errors"]} for r in rows]})
        self.rows = rows

    def get_full_details(self):
        return {"rows": [{"row": r["row"], "errors": _full_details(r["errors"])} for r in self.rows]}


def _full_details(errors):
    return exceptions.ValidationError(errors).get_full_details()
