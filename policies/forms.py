"""Forms for findings filters and reviews, and circulars with their rules and obligations."""

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, EmploymentType, Region, ServiceCategory

from .models import Circular, CountedLocations, FindingKind, FindingStatus, Obligation, Rule

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE_INPUT)
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.none(), required=False)
    unit = forms.IntegerField(label=_("Unit"), required=False, widget=forms.Select)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua jenis"))] + FindingKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Belum selesai")), ("all", _("Semua status"))] + FindingStatus.choices,
    )

    def __init__(self, *args, scope, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = scope.agencies()
        self.fields["unit"].widget.choices = [("", _("Semua unit"))] + [(u.pk, f"{u.agency} · {u.name}") for u in units]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class FindingNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CircularForm(forms.ModelForm):
    document_url = forms.URLField(label=_("Tautan dokumen"), required=False, assume_scheme="https")

    class Meta:
        model = Circular
        fields = [
            "number", "title", "issuer", "signed_on", "document_url", "summary", "scope_kind", "scope_regions",
            "scope_agencies", "based_on", "amends", "supersedes",
        ]
        widgets = {"signed_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        issuers = Agency.objects.all() if scope.is_superuser else Agency.objects.filter(pk__in=scope.policy_agency_ids)
        self.fields["issuer"].queryset = issuers
        self.fields["scope_regions"].queryset = Region.objects.filter(level__in=["province", "city", "regency"])
        others = Circular.objects.exclude(pk=self.instance.pk).exclude(status="draft")
        for name in ("based_on", "amends", "supersedes"):
            self.fields[name].queryset = others
            self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        kind = data.get("scope_kind")
        if kind == Circular.ScopeKind.REGIONS and not data.get("scope_regions"):
            self.add_error("scope_regions", _("Pilih minimal satu wilayah cakupan."))
        if kind == Circular.ScopeKind.AGENCIES and not data.get("scope_agencies"):
            self.add_error("scope_agencies", _("Pilih minimal satu instansi cakupan."))
        return data


class RuleForm(forms.ModelForm):
    counted_locations = forms.ChoiceField(
        label=_("Lokasi yang dibatasi"), choices=CountedLocations.choices, required=False,
        initial=CountedLocations.WFH,
    )
    categories = forms.MultipleChoiceField(
        label=_("Kategori layanan"), choices=ServiceCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    employment_types = forms.MultipleChoiceField(
        label=_("Jenis pegawai yang dihitung"), choices=EmploymentType.choices, widget=forms.CheckboxSelectMultiple,
        initial=["PNS", "CPNS", "PPPK"],
    )

    class Meta:
        model = Rule
        fields = [
            "description", "start_date", "end_date", "weekdays", "categories", "employment_types", "wfh_cap_percent",
            "counted_locations", "basis", "domicile_required", "binds_every_day",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def clean_counted_locations(self):
        return self.cleaned_data.get("counted_locations") or CountedLocations.WFH


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


RuleFormSet = inlineformset_factory(Circular, Rule, form=RuleForm, extra=1, can_delete=True, min_num=1, validate_min=True)
ObligationFormSet = inlineformset_factory(Circular, Obligation, form=ObligationForm, extra=1, can_delete=True)


class PreviewForm(forms.Form):
    start = forms.DateField(label=_("Dari"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Sampai"), required=False, widget=DATE_INPUT)
