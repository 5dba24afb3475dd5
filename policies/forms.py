"""Forms for findings filters and reviews, and circulars with their rules and obligations."""

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, EmploymentType, Region, ServiceCategory
from rosterhub.date_bounds import MAX_ID, BoundedDateField

from .authority import circulars_reachable_by, form_authority_errors
from .category_presets import PRESETS
from .models import Circular, CircularStatus, FindingKind, FindingStatus, Obligation, Rule

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingFilterForm(forms.Form):
    date_from = BoundedDateField(label=_("Dari tanggal"), required=False, widget=DATE_INPUT)
    date_to = BoundedDateField(label=_("Sampai tanggal"), required=False, widget=DATE_INPUT)
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.none(), required=False,
                                    empty_label=_("Semua instansi"))
    unit = forms.IntegerField(label=_("Unit"), required=False, widget=forms.Select, min_value=1, max_value=MAX_ID)
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
    # The days once for all rules; a rule's own dates, when given, take their place.
    start = forms.DateField(label=_("Berlaku dari"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DATE_INPUT)

    class Meta:
        model = Circular
        fields = [
            "number", "title", "issuer", "signed_on", "document_url", "summary", "scope_kind", "scope_regions",
            "scope_agencies", "based_on", "amends", "supersedes",
        ]
        widgets = {"signed_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        issuers = scope.issuers()
        self.fields["issuer"].queryset = issuers
        self.fields["scope_regions"].queryset = Region.objects.filter(level__in=["province", "city", "regency"])
        self.fields["scope_regions"].to_field_name = "code"  # Kemendagri codes, in the form and the API alike
        others = Circular.objects.exclude(pk=self.instance.pk).exclude(status=CircularStatus.DRAFT)
        reachable = others if scope.is_superuser else circulars_reachable_by(issuers).exclude(pk=self.instance.pk)
        self.fields["based_on"].queryset = others
        for name in ("amends", "supersedes"):
            # Only the issuer's own circulars, or those of issuers beneath it (policies.authority).
            self.fields[name].queryset = reachable
            self.fields[name].error_messages["invalid_choice"] = _(
                "SE ini tidak dapat dipilih: hanya surat edaran penerbit sendiri atau instansi di bawahnya."
            )
        for name in ("based_on", "amends", "supersedes"):
            self.fields[name].required = False
        self.fields["based_on"].label = _("Berdasarkan")
        self.fields["issuer"].empty_label = _("Pilih penerbit")
        if not self.instance.pk:
            only_issuer = list(issuers[:2])
            if len(only_issuer) == 1:
                self.initial["issuer"] = only_issuer[0].pk
            self.initial["signed_on"] = timezone.localdate()
        rules = list(self.instance.rules.all()) if self.instance.pk else []
        if rules:
            self.initial["start"] = min(r.start_date for r in rules)
            self.initial["end"] = max(r.end_date for r in rules)
        self.fields["scope_kind"].help_text = _(
            "Kementerian: nasional. Provinsi: instansinya dan kabupaten/kota di provinsinya. Kabupaten/kota: instansinya sendiri."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        kind = data.get("scope_kind")
        if kind == Circular.ScopeKind.REGIONS and not data.get("scope_regions"):
            self.add_error("scope_regions", _("Pilih minimal satu wilayah cakupan."))
        if kind == Circular.ScopeKind.AGENCIES and not data.get("scope_agencies"):
            self.add_error("scope_agencies", _("Pilih minimal satu instansi cakupan."))
        if not self.errors:
            errors = form_authority_errors(data)
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return data


PRESET_CHOICES = [(key, label) for key, label, _members in PRESETS] + [("", _("Pilih sendiri di bawah"))]


class RuleForm(forms.ModelForm):
    category_preset = forms.ChoiceField(
        label=_("Berlaku bagi"), choices=PRESET_CHOICES, required=False, widget=forms.RadioSelect,
        help_text=_("Layanan langsung tanpa batas WFH berarti WFO 100%."),
    )
    # not required here: a preset fills it, and the model says once what is missing
    categories = forms.MultipleChoiceField(
        label=_("Kategori layanan"), choices=ServiceCategory.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    employment_types = forms.MultipleChoiceField(
        label=_("Jenis pegawai yang dihitung"), choices=EmploymentType.choices, widget=forms.CheckboxSelectMultiple,
        initial=["PNS", "CPNS", "PPPK"],
        help_text=_("Bawaan: PNS, CPNS dan PPPK, yaitu pegawai ASN yang disebut surat edaran (CPNS adalah ASN dalam "
                    "masa percobaan). Centang non-ASN bila surat edaran juga menghitung mereka."),
    )

    class Meta:
        model = Rule
        fields = [
            "description", "category_preset", "categories", "wfh_cap_percent", "start_date", "end_date",
            "employment_types", "basis", "domicile_required", "binds_every_day",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}
        labels = {"start_date": _("Mulai (jika berbeda)"), "end_date": _("Sampai (jika berbeda)")}

    def __init__(self, *args, circular_days=(None, None), **kwargs):
        super().__init__(*args, **kwargs)
        self.circular_days = circular_days
        for name in ("start_date", "end_date", "wfh_cap_percent"):
            self.fields[name].required = False
        self.fields["description"].widget.attrs["placeholder"] = _("mis. Layanan langsung WFO 100%")

    def clean(self):
        data = super().clean()
        preset = data.get("category_preset")
        members = {key: m for key, _label, m in PRESETS}
        if preset in members:
            data["categories"] = list(members[preset])
        if data.get("wfh_cap_percent") is None:
            if preset == "direct":
                data["wfh_cap_percent"] = 0
            else:
                self.add_error("wfh_cap_percent", _("Isi batas WFH dalam persen (0 berarti WFO 100%)."))
        start, end = self.circular_days
        data["start_date"] = data.get("start_date") or start
        data["end_date"] = data.get("end_date") or end
        if not data["start_date"] or not data["end_date"]:
            self.add_error("start_date", _("Isi tanggal berlaku surat edaran, atau tanggal ketentuan ini."))
        return data


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"order": _("Urutan"), "text": _("Kewajiban")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def has_changed(self):
        # an extra form is an obligation only once it has text (its order alone says nothing)
        if self.instance.pk is None:
            return bool(str(self.data.get(self.add_prefix("text"), "")).strip())
        return super().has_changed()


RuleFormSet = inlineformset_factory(Circular, Rule, form=RuleForm, extra=1, can_delete=True, can_delete_extra=False,
                                    min_num=1, validate_min=True)
ObligationFormSet = inlineformset_factory(Circular, Obligation, form=ObligationForm, extra=1, can_delete=True,
                                          can_delete_extra=False)


def circular_error_summary(form, rules, obligations) -> list[tuple[str, str, str]]:
    """(anchor id, where, message) for every error of the circular page, each message once."""
    out, seen = [], set()

    def add(anchor, where, messages):
        for message in messages:
            if (where, message) not in seen:
                seen.add((where, message))
                out.append((anchor, where, message))

    add("circular-form", _("Surat edaran"), form.non_field_errors())
    for name, errors in form.errors.items():
        if name != "__all__":
            add(form[name].auto_id, form.fields[name].label, errors)
    add("rules", _("Ketentuan"), rules.non_form_errors())
    for i, rule in enumerate(rules.forms, start=1):
        for name, errors in rule.errors.items():
            label = rule.fields[name].label if name in rule.fields else ""
            where = _("Ketentuan %(n)d") % {"n": i} + (f" · {label}" if label else "")
            add(rule[name].auto_id if name in rule.fields else f"rule-{i}", where, errors)
    for i, obligation in enumerate(obligations.forms, start=1):
        for errors in obligation.errors.values():
            add(f"obligation-{i}", _("Kewajiban %(n)d") % {"n": i}, errors)
    return out


class PreviewForm(forms.Form):
    start = BoundedDateField(label=_("Dari"), required=False, widget=DATE_INPUT)
    end = BoundedDateField(label=_("Sampai"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
