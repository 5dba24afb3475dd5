"""The unit form. It only parses input (an employee named by NIP or NIK); the rules live in the
model and the service."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.employees.forms import DATE_INPUT, UnitChoiceField
from agencies.models import Employee, ServiceCategory


class UnitForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=None, empty_label=_("Pilih instansi"))
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    code = forms.CharField(label=_("Kode"), max_length=40, required=False,
                           help_text=_("Unik dalam instansi; dipakai berkas impor."))
    parent = UnitChoiceField(label=_("Unit induk"), queryset=None, required=False, empty_label=_("(unit teratas)"))
    service_category = forms.ChoiceField(
        label=_("Kategori layanan"), required=False, choices=[("", _("Ikut unit induk"))] + ServiceCategory.choices,
    )
    head = forms.CharField(label=_("Kepala unit (NIP/NIK)"), max_length=18, required=False)
    head_since = forms.DateField(label=_("Kepala sejak"), required=False, widget=DATE_INPUT)
    acting_head = forms.CharField(label=_("Plt. kepala (NIP/NIK)"), max_length=18, required=False)
    acting_head_from = forms.DateField(label=_("Plt. sejak"), required=False, widget=DATE_INPUT)
    acting_head_until = forms.DateField(label=_("Plt. sampai"), required=False, widget=DATE_INPUT,
                                        help_text=_("Kosongkan bila belum ditentukan."))

    def __init__(self, *args, agencies, units, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if unit is not None:  # the agency of an existing unit does not change
            del self.fields["agency"]
            units = units.filter(agency_id=unit.agency_id).exclude(path__startswith=unit.path)
        elif agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self.fields["parent"].queryset = units

    def _employee(self, name: str):
        value = self.cleaned_data.get(name, "").strip()
        if not value:
            return None
        found = Employee.objects.filter(Q(nip=value) | Q(nik=value)).first()
        if found is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP/NIK ini."))
        return found

    def clean_head(self):
        return self._employee("head")

    def clean_acting_head(self):
        return self._employee("acting_head")


def unit_initial(unit) -> dict:
    return {
        "name": unit.name, "code": unit.code, "parent": unit.parent_id, "service_category": unit.service_category,
        "head": unit.head.identifier if unit.head else "", "head_since": unit.head_since,
        "acting_head": unit.acting_head.identifier if unit.acting_head else "",
        "acting_head_from": unit.acting_head_from, "acting_head_until": unit.acting_head_until,
    }
