from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from rosterhub.admin_audit import AuditedModelAdmin, audit_place

from .audit import AuditContext, audit_record, audit_record_many, snapshot
from .employees.services import EMPLOYEE_AUDITED_FIELDS
from .models import Agency, AuditEvent, Employee, Notification, Region, RoleAssignment, Unit, User

# Regions, agencies, units, users, role assignments and holidays are audited like any other
# write (rosterhub.admin_audit); employees keep their own action names (employee.change).


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level", "timezone")
    list_filter = ("level", "timezone")
    search_fields = ("code", "name")


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "seat_region")
    list_filter = ("kind", "seat_region__timezone")
    search_fields = ("code", "name", "short_name")


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("name", "agency", "parent", "service_category", "effective_category")
    list_filter = ("agency", "effective_category")
    search_fields = ("name", "code")
    raw_id_fields = ("parent", "head", "acting_head")


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("name", "nip", "nik", "employment_type", "agency", "unit", "active_from", "active_until")
    list_filter = ("employment_type", "agency")
    search_fields = ("name", "nip", "nik")
    raw_id_fields = ("unit", "user", "domicile_region")

    # The admin's change view runs in a transaction, so the change and its audit event commit together.
    def save_model(self, request, obj, form, change):
        stored = Employee.objects.filter(pk=obj.pk).first() if change else None
        before = snapshot(stored, EMPLOYEE_AUDITED_FIELDS) if stored else None
        super().save_model(request, obj, form, change)
        audit_record(
            AuditContext(actor=request.user, interface=AuditEvent.Interface.ADMIN),
            action="employee.change" if change else "employee.create", obj=obj, before=before,
            after=snapshot(obj, EMPLOYEE_AUDITED_FIELDS),
        )

    def delete_model(self, request, obj):
        audit_record(
            AuditContext(actor=request.user, interface=AuditEvent.Interface.ADMIN), action="employee.delete", obj=obj,
            before=snapshot(obj, EMPLOYEE_AUDITED_FIELDS), after=None,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected" bypasses delete_model: audit every row here, in the same transaction.
        audit_record_many(AuditContext(actor=request.user, interface=AuditEvent.Interface.ADMIN), [
            {"action": "employee.delete", "obj": e, "before": snapshot(e, EMPLOYEE_AUDITED_FIELDS), "after": None}
            for e in queryset
        ])
        super().delete_queryset(request, queryset)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("agency", "unit", "region")


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    """Users and their role grants (inline), audited: a grant is a `roleassignment.admin_create` event."""

    inlines = [RoleInline]
    list_filter = BaseUserAdmin.list_filter + ("roles__role",)

    def user_change_password(self, request, id, form_url=""):
        """The password form saves outside save_model: audit it here (never the hash itself)."""
        with transaction.atomic():
            stored = User.objects.filter(pk=id).values_list("password", flat=True).first() if str(id).isdigit() else None
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=id).first() if stored is not None else None
            if user is not None and user.password != stored:
                audit_record(
                    self._context(request), action="user.admin_password_change", obj=user, before=None,
                    after={"password_changed": True}, summary=str(user), **audit_place(user),
                )
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "agency", "unit", "region", "acting", "can_edit_roster")
    list_filter = ("role",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "agency", "unit", "region")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "interface", "action", "object_type", "object_id", "summary")
    list_filter = ("interface", "object_type", "action")
    search_fields = ("object_id", "summary", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "message", "created_at", "read_at")
    search_fields = ("user__username", "message")
