"""Forms of the WFH pages: the request (a range of days), the decision, the queue filter."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Employee, Region, RegionLevel, Unit
from policies.compliance import days_between
from rosterhub.date_bounds import BoundedDateField

from .services import MAX_DAYS_PER_REQUEST


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WfhRequestForm(forms.Form):
    """One request covers the working days from `date_from` to `date_to`."""

    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none(), empty_label=_("Pilih pegawai"))
    date_from = BoundedDateField(label=_("Dari tanggal"), widget=DateInput())
    date_to = BoundedDateField(label=_("Sampai tanggal"), required=False, widget=DateInput(),
                              help_text=_("Kosongkan untuk satu hari. Akhir pekan dan hari libur dilewati."))
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    address = forms.CharField(label=_("Alamat WFH"), max_length=255, required=False,
                              help_text=_("Kosongkan untuk memakai alamat domisili."))
    address_region = forms.ModelChoiceField(
        label=_("Kabupaten/kota alamat WFH"), required=False, to_field_name="code",  # a Kemendagri code
        empty_label=_("Sama dengan domisili"),
        queryset=Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.REGENCY]).order_by("name"),
        help_text=_("Kosongkan bila alamat WFH adalah alamat domisili. Beberapa surat edaran mewajibkan WFH di domisili."),
    )

    def __init__(self, *args, employees, own_employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        if own_employee is not None and not employees.exclude(pk=own_employee.pk).exists():
            self.fields["employee"].initial = own_employee.pk
            self.fields["employee"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        elif start:
            end = end or start
            if (end - start).days >= MAX_DAYS_PER_REQUEST * 2:
                self.add_error("date_to", _("Rentang tanggal terlalu panjang."))
            else:
                data["days"] = days_between(start, end)
        employee = data.get("employee")
        if employee is not None and not data.get("address") and not employee.domicile_address:
            self.add_error("address", _("Pegawai belum punya alamat domisili; isi alamat WFH."))
        return data

    @property
    def days(self) -> list[datetime.date]:
        """Every day of the range; the view leaves out weekends and holidays."""
        return self.cleaned_data.get("days", []) if hasattr(self, "cleaned_data") else []


class DecisionForm(forms.Form):
    approve = forms.TypedMultipleChoiceField(
        label=_("Setujui tanggal"), required=False, coerce=datetime.date.fromisoformat,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Catatan / alasan penolakan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approve"].choices = [(d.isoformat(), d.isoformat()) for d in days]


class QueueFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("Semua unit"))
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)
    date_from = BoundedDateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    date_to = BoundedDateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
