from django import forms
from django.contrib import admin
from django.db import models

from rosterhub.admin_audit import AuditedModelAdmin

from .authority import form_authority_errors
from .models import Circular, Finding, FindingNote, Holiday, Obligation, Rule


class CircularAdminForm(forms.ModelForm):
    """The Django admin asks policies.authority too: no door around the issuer's jurisdiction.
    (No Meta: the admin builds the form's model and fields around it.)"""

    def clean(self):
        data = super().clean()
        if not self.errors:
            for field, messages in form_authority_errors(data).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class RuleInline(admin.StackedInline):
    model = Rule
    extra = 0


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0


@admin.register(Circular)
class CircularAdmin(AuditedModelAdmin):
    form = CircularAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the circular form: "jdih.go.id/..." is https
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
