from django.contrib import admin
from django.db import transaction

from rosterhub.admin_audit import AuditedModelAdmin

from .models import (
    AttendanceRecord,
    DevicePunch,
    DeviceUser,
    ImportBatch,
    RamadanPeriod,
    RollCall,
    RosterEntry,
    WfhRequest,
    WfhRequestDay,
)
from .presence.summaries import summaries_refresh_unit_days


@admin.register(RosterEntry)
class RosterEntryAdmin(AuditedModelAdmin):
    list_display = ("date", "employee", "unit", "location", "leave_type", "version")
    list_filter = ("location", "agency")
    date_hierarchy = "date"
    raw_id_fields = ("employee", "unit", "wfh_request")
    search_fields = ("employee__name", "employee__nip")


class WfhRequestDayInline(admin.TabularInline):
    model = WfhRequestDay
    extra = 0


@admin.register(WfhRequest)
class WfhRequestAdmin(AuditedModelAdmin):
    list_display = ("employee", "unit", "status", "submitted_at", "decided_by")
    list_filter = ("status", "agency")
    raw_id_fields = ("employee", "unit", "approver")
    inlines = [WfhRequestDayInline]


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(AuditedModelAdmin):
    list_display = ("date", "employee", "status", "late_tier", "early_tier", "source")
    list_filter = ("status", "source", "agency")
    date_hierarchy = "date"
    raw_id_fields = ("employee", "unit")
    search_fields = ("employee__name", "employee__nip")

    # The dashboard's summaries follow every change made here, in the admin's transaction.
    def save_model(self, request, obj, form, change):
        before = AttendanceRecord.objects.filter(pk=obj.pk).values_list("unit_id", "date").first() if change else None
        super().save_model(request, obj, form, change)
        summaries_refresh_unit_days({(obj.unit_id, obj.date), *([before] if before else [])})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        summaries_refresh_unit_days({(obj.unit_id, obj.date)})

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            pairs = set(queryset.values_list("unit_id", "date"))
            super().delete_queryset(request, queryset)
            summaries_refresh_unit_days(pairs)


admin.site.register(DevicePunch, list_display=("punched_at", "employee", "device"), raw_id_fields=("employee",))
admin.site.register(DeviceUser, list_display=("agency", "device", "device_user_id", "employee"), raw_id_fields=("employee",))
admin.site.register(RollCall, list_display=("date", "agency", "unit", "title", "reported_present", "reported_absent_total"))
admin.site.register(ImportBatch, list_display=("created_at", "kind", "agency", "status", "total_rows", "applied_rows"))


@admin.register(RamadanPeriod)
class RamadanPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "agency")
