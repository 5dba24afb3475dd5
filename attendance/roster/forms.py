"""Forms of the roster editor: which unit and period to show, what to write, the import file."""

import calendar
import datetime

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agencies.models import Region, unit_choice_label
from attendance.models import LeaveType, WorkLocation
from policies.models import Circular, CircularStatus, Rule
from rosterhub.date_bounds import BoundedDateField
from rosterhub.uploads import SpreadsheetUploadForm

from .patterns import PATTERNS

WEEK, MONTH = "minggu", "bulan"
MAX_DAYS = 62


class GridPeriodForm(forms.Form):
    """GET parameters of the grid: unit, period kind and first day, or a circular's dates."""

    unit = forms.TypedChoiceField(label=_("Unit kerja"), coerce=int, required=False)
    periode = forms.ChoiceField(label=_("Periode"), choices=[(WEEK, _("Minggu")), (MONTH, _("Bulan"))], required=False)
    mulai = BoundedDateField(label=_("Mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    se = forms.TypedChoiceField(label=_("Tanggal surat edaran"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, units, today: datetime.date):
        super().__init__(data)
        self.today = today
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, unit_choice_label(u)) for u in units]
        self.circulars = list(
            Circular.objects.filter(status=CircularStatus.PUBLISHED).only("id", "number", "title").order_by("-signed_on")
        )
        self.fields["se"].choices = [("", "—")] + [(c.pk, f"SE {c.number}") for c in self.circulars]

    def resolve(self):
        """(unit or None, kind, start, end): each valid field is used, an invalid one falls back to
        its default (the page shows its error)."""
        if self.is_bound:
            self.is_valid()  # cleaned_data keeps every field that is valid
        data = getattr(self, "cleaned_data", {})
        if self.data.get("unit") and data.get("unit") not in self.units:
            raise Http404  # a unit outside the user's scope is not found, not "forbidden"
        unit = self.units.get(data.get("unit")) or next(iter(self.units.values()), None)
        kind = data.get("periode") or WEEK
        if data.get("se"):
            span = Rule.objects.filter(circular_id=data["se"]).order_by()
            first = span.order_by("start_date").values_list("start_date", flat=True).first()
            last = span.order_by("-end_date").values_list("end_date", flat=True).first()
            if first and last:
                return unit, kind, first, min(last, first + datetime.timedelta(days=MAX_DAYS - 1))
        start = data.get("mulai") or self.today
        if kind == MONTH:
            start = start.replace(day=1)
            return unit, kind, start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
        start -= datetime.timedelta(days=start.weekday())
        return unit, kind, start, start + datetime.timedelta(days=6)


def previous_and_next(kind: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    if kind == MONTH:
        previous = (start - datetime.timedelta(days=1)).replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return previous, following
    return start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)


LOCATION_CODES = [c.value for c in WorkLocation]


class CellsForm(forms.Form):
    """POST of the editor: cells "employee:date:version,…" and a code or a pattern."""

    cells = forms.CharField()
    code = forms.ChoiceField(choices=[("", "")] + [(c, c) for c in LOCATION_CODES], required=False)
    leave_type = forms.ChoiceField(choices=[("", "")] + LeaveType.choices, required=False)
    pattern = forms.ChoiceField(choices=[("", "")] + [(p, p) for p in PATTERNS], required=False)
    override = forms.BooleanField(required=False)
    # The WFH place's region as a Kemendagri code (e.g. 32.75): checked by circulars demanding domicile.
    wfh_region = forms.ModelChoiceField(queryset=Region.objects.all(), to_field_name="code", required=False, error_messages={
        "invalid_choice": _("Kode wilayah tidak dikenal; isi kode wilayah Kemendagri, mis. 32.75."),
    })
    # The place of a WFH, WFA or other-office day (address, office or location the work needs).
    place = forms.CharField(max_length=255, required=False)


class ImportForm(SpreadsheetUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Kolom: nip, tanggal (YYYY-MM-DD), kode (WFO, WFH, WFA, KL, DL, CUTI, SAKIT, LIBUR), jenis_cuti (opsional), "
            "wilayah_wfh (opsional, untuk WFH, WFA dan KL: kode wilayah Kemendagri, mis. 32.75), "
            "tempat (opsional, untuk WFH, WFA dan KL: alamat atau tempat kerja)."
        )
