from django.contrib import admin

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


admin.site.register(DevicePunch, list_display=("punched_at", "employee", "device"), raw_id_fields=("employee",))
admin.site.register(DeviceUser, list_display=("agency", "device", "device_user_id", "employee"), raw_id_fields=("employee",))
admin.site.register(RollCall, list_display=("date", "agency", "unit", "title", "reported_present", "reported_absent_total"))
admin.site.register(ImportBatch, list_display=("created_at", "kind", "agency", "status", "total_rows", "applied_rows"))


@admin.register(RamadanPeriod)
class RamadanPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "agency")
