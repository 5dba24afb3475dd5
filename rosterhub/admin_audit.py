"""Django-admin edits of domain rows are audited like any other change (interface "admin"):
the row itself and the rows of its inlines (a user's role assignments, a circular's rules)."""

from django.contrib import admin

from agencies.audit import AuditContext, audit_record, audit_record_many, snapshot
from agencies.models import AuditEvent


def audited_fields(model) -> list[str]:
    """Every stored field, but never a password hash (a change shows as `password_changed`)."""
    return [f.name for f in model._meta.concrete_fields if f.name != "password"]


def audit_place(obj) -> dict:
    """The agency and unit an event is filed under, so the agency's inspectors see it: a unit is
    its own place; a row naming only a unit (a unit head's role) belongs to that unit's agency;
    an agency is its own; a user belongs to their employee record's agency."""
    label = obj._meta.label_lower
    if label == "agencies.unit":
        return {"agency_id": obj.agency_id, "unit_id": obj.pk}
    if label == "agencies.agency":
        return {"agency_id": obj.pk, "unit_id": None}
    if label == "agencies.user":
        employee = getattr(obj, "employee", None) if obj.pk else None
        return {"agency_id": employee.agency_id if employee else None, "unit_id": None}
    agency_id, unit_id = getattr(obj, "agency_id", None), getattr(obj, "unit_id", None)
    if agency_id is None and unit_id is not None:
        agency_id = obj.unit.agency_id
    return {"agency_id": agency_id, "unit_id": unit_id}


def _action(model, verb: str) -> str:
    return f"{model._meta.model_name}.admin_{verb}"


class AuditedModelAdmin(admin.ModelAdmin):
    """Records create, change and delete (also "delete selected" and inline rows) with every stored
    field before and after. The admin wraps each of these in a transaction, so the change and its
    events commit together."""

    def _context(self, request) -> AuditContext:
        return AuditContext(actor=request.user, interface=AuditEvent.Interface.ADMIN)

    def _fields(self) -> list[str]:
        return audited_fields(self.model)

    def _action(self, verb: str) -> str:
        return _action(self.model, verb)

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored, self._fields()) if stored else None
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self._fields())
        if stored is not None and hasattr(stored, "password") and stored.password != obj.password:
            after["password_changed"] = True
        if before != after:
            audit_record(
                self._context(request), action=self._action("change" if change else "create"), obj=obj, before=before,
                after=after, summary=str(obj), **audit_place(obj),
            )

    def delete_model(self, request, obj):
        audit_record(self._context(request), action=self._action("delete"), obj=obj, before=snapshot(obj, self._fields()),
                     after=None, summary=str(obj), **audit_place(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit_record_many(self._context(request), [
            {"action": self._action("delete"), "obj": o, "before": snapshot(o, self._fields()), "after": None,
             "summary": str(o), **audit_place(o)}
            for o in queryset
        ])
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: one query for their stored state, one event per created, changed or deleted row."""
        model, fields = formset.model, audited_fields(formset.model)
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk] if formset.can_delete else []
        touched = [f.instance.pk for f in formset.initial_forms if f.instance.pk and f.has_changed()]
        touched += [o.pk for o in deleted]
        stored = {o.pk: snapshot(o, fields) for o in model.objects.filter(pk__in=touched)} if touched else {}
        # Deleted rows are recorded first (from the database: a deleted form's instance holds its
        # edited values, and after deletion no id).
        events = [
            {"action": _action(model, "delete"), "obj": o, "before": stored.get(o.pk), "after": None, "summary": str(o),
             **audit_place(o)}
            for o in deleted
        ]
        if events:
            audit_record_many(self._context(request), events)
        super().save_formset(request, form, formset, change)
        events = [
            {"action": _action(model, "create"), "obj": o, "before": None, "after": snapshot(o, fields), "summary": str(o),
             **audit_place(o)}
            for o in formset.new_objects
        ]
        events += [
            {"action": _action(model, "change"), "obj": o, "before": stored.get(o.pk), "after": snapshot(o, fields),
             "summary": str(o), **audit_place(o)}
            for o, _changed in formset.changed_objects
        ]
        if events:
            audit_record_many(self._context(request), events)
