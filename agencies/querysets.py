"""`Model.objects.visible_to(scope)`: each model declares once which of its fields carry the agency,
the unit's path and the employee, and `agencies.scoping.Scope.q` turns a user's reach into a filter."""

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Override `scope_fields` per model (None: the model has no such field)."""

    scope_fields = {"agency": "agency_id", "unit_path": "unit__path", "employee": "employee_id"}

    def visible_to(self, scope):
        return self.filter(scope.q(**self.scope_fields))


def scoped_queryset(*, agency: str = "agency_id", unit_path: str | None = "unit__path", employee: str | None = "employee_id"):
    """A QuerySet class with `visible_to(scope)` for rows of this shape."""
    fields = {"agency": agency, "unit_path": unit_path, "employee": employee}
    return type("ScopedQuerySet", (ScopedQuerySet,), {"scope_fields": fields})


def scoped_manager(**fields):
    """A manager whose querysets have `visible_to(scope)`; see `scoped_queryset`."""
    return scoped_queryset(**fields).as_manager()
