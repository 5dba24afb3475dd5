"""Forms of the attendance screens: dashboard filter, HR correction, roll call, file import."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Region, ServiceCategory
from attendance.models import AttendanceStatus, LeaveType
from rosterhub.date_bounds import BoundedDateField
from rosterhub.uploads import SpreadsheetUploadForm

from .selectors import MAX_PERIOD_DAYS, Jurisdiction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JurisdictionForm(forms.Form):
    """Period and jurisdiction; choices offered are only what the user's scope reaches."""

    start = BoundedDateField(label=_("Dari"), widget=DATE_INPUT)
    end = BoundedDateField(label=_("Sampai"), widget=DATE_INPUT)
    region = forms.ChoiceField(label=_("Wilayah"), required=False)
    agency = forms.TypedChoiceField(label=_("Instansi"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Kategori layanan"), required=False,
                                 choices=[("", _("Semua kategori")), *ServiceCategory.choices])

    def __init__(self, data, *, scope, **kwargs):
        super().__init__(data, **kwargs)
        agencies = list(scope.agencies().values("id", "short_name", "seat_region__code"))
        codes = {a["seat_region__code"] for a in agencies}
        prefixes = {".".join(c.split(".")[: i + 1]) for c in codes for i in range(len(c.split(".")))}
        regions = Region.objects.filter(code__in=prefixes).values_list("code", "name")
        self.fields["region"].choices = [("", _("Semua wilayah")), *[(c, f"{c} {n}") for c, n in regions]]
        self.fields["agency"].choices = [("", _("Semua instansi")), *[(a["id"], a["short_name"]) for a in agencies]]
        agency_id = self.data.get("agency") if hasattr(self.data, "get") else None
        units = scope.units().order_by("agency_id", "path")
        if agency_id and str(agency_id).isdigit():
            units = units.filter(agency_id=int(agency_id))
        self.fields["unit"].choices = [("", _("Semua unit")), *units.values_list("id", "name")[:2000]]
        for bound in self.fields.values():
            css = "form-select form-select-sm" if isinstance(bound, forms.ChoiceField) else "form-control form-control-sm"
            bound.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
            elif (end - start).days >= MAX_PERIOD_DAYS:
                self.add_error("end", _("Periode paling panjang %(n)d hari.") % {"n": MAX_PERIOD_DAYS})
        return data

    def jurisdiction(self) -> Jurisdiction:
        d = self.cleaned_data
        return Jurisdiction(d["start"], d["end"], d.get("region") or "", d.get("agency"), d.get("unit"), d.get("category") or "")

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return today - datetime.timedelta(days=6), today


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AttendanceStatus.choices)
    leave_type = forms.ChoiceField(label=_("Jenis cuti"), required=False, choices=[("", "-"), *LeaveType.choices])
    check_in = forms.TimeField(label=_("Jam masuk"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    check_out = forms.TimeField(label=_("Jam pulang"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Alasan koreksi"), max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("status") == AttendanceStatus.LEAVE and not data.get("leave_type"):
            self.add_error("leave_type", _("Pilih jenis cuti."))
        if data.get("status") != AttendanceStatus.LEAVE and data.get("leave_type"):
            self.add_error("leave_type", _("Jenis cuti hanya untuk status C."))
        if data.get("check_in") and data.get("check_out") and data["check_out"] < data["check_in"]:
            self.add_error("check_out", _("Jam pulang tidak boleh sebelum jam masuk."))
        return data


class RollCallTallyForm(forms.Form):
    title = forms.CharField(label=_("Kegiatan"), max_length=200, initial=_("Apel pagi"))
    reported_present = forms.IntegerField(label=_("Hadir"), min_value=0)
    reported_absent_total = forms.IntegerField(label=_("Berhalangan hadir"), min_value=0)
    reported_sick = forms.IntegerField(label=_("Sakit"), min_value=0, initial=0)
    reported_permission = forms.IntegerField(label=_("Izin"), min_value=0, initial=0)
    reported_leave = forms.IntegerField(label=_("Cuti"), min_value=0, initial=0)
    reported_without_notice = forms.IntegerField(label=_("Tanpa keterangan"), min_value=0, initial=0)


class ImportForm(SpreadsheetUploadForm):
    max_bytes = None  # device exports can be large
