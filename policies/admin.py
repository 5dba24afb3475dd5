from django.contrib import admin

from rosterhub.admin_audit import AuditedModelAdmin

from .models import Circular, Finding, FindingNote, Holiday, Obligation, Rule


class RuleInline(admin.StackedInline):
    model = Rule
    extra = 0


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0


@admin.register(Circular)
class CircularAdmin(AuditedModelAdmin):
    list_display = ("number", "title", "issuer", "signed_on", "status", "scope_kind")
    list_filter = ("status", "scope_kind", "issuer")
    search_fields = ("number", "title")
    filter_horizontal = ("based_on", "amends", "supersedes", "scope_regions", "scope_agencies")
    inlines = [RuleInline, ObligationInline]


@admin.register(Holiday)
class HolidayAdmin(AuditedModelAdmin):
    list_display = ("date", "name", "kind", "region", "agency")
    list_filter = ("kind",)
    date_hierarchy = "date"


class FindingNoteInline(admin.TabularInline):
    model = FindingNote
    extra = 0


@admin.register(Finding)
class FindingAdmin(AuditedModelAdmin):
    list_display = ("date", "unit", "kind", "measured", "limit", "status")
    list_filter = ("kind", "status", "agency")
    date_hierarchy = "date"
    raw_id_fields = ("unit", "rule")
    inlines = [FindingNoteInline]
