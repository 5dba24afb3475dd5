"""Django-admin edits of domain rows are audited like any other change (interface "admin")."""

from django.contrib import admin

from agencies.audit import AuditContext, audit_record, audit_record_many, snapshot
from agencies.models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """Records create, change and delete (also "delete selected") with every stored field before and after.

    The admin wraps each of these in a transaction, so the change and its event commit together.
    """

    def _context(self, request) -> AuditContext:
        return AuditContext(actor=request.user, interface=AuditEvent.Interface.ADMIN)

    def _fields(self) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields]

    def _action(self, verb: str) -> str:
        return f"{self.model._meta.model_name}.admin_{verb}"

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored, self._fields()) if stored else None
        super().save_model(request, obj, form, change)
        audit_record(
            self._context(request), action=self._action("change" if change else "create"), obj=obj, before=before,
            after=snapshot(obj, self._fields()),
        )

    def delete_model(self, request, obj):
        audit_record(self._context(request), action=self._action("delete"), obj=obj, before=snapshot(obj, self._fields()), after=None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit_record_many(self._context(request), [
            {"action": self._action("delete"), "obj": o, "before": snapshot(o, self._fields()), "after": None} for o in queryset
        ])
        super().delete_queryset(request, queryset)
