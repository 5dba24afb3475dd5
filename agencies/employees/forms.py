"""Forms of the employee screens. They only parse input; the rules live in the model and the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import EmploymentType, Region, RegionLevel
from attendance.roster.forms import ImportForm, unit_choice_label

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACTIVE, ENDED = "aktif", "berakhir"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_choice_label(obj)


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Nama, NIP atau NIK"), "type": "search"}))
    unit = UnitChoiceField(label=_("Unit kerja"), queryset=None, required=False, empty_label=_("Semua unit"))
    jenis = forms.ChoiceField(label=_("Jenis kepegawaian"), required=False,
                              choices=[("", _("Semua jenis"))] + EmploymentType.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), (ACTIVE, _("Aktif")), (ENDED, _("Berakhir"))])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EmployeeForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    employment_type = forms.ChoiceField(label=_("Jenis kepegawaian"), choices=EmploymentType.choices)
    nip = forms.CharField(label="NIP", max_length=18, required=False,
                          help_text=_("18 digit; wajib untuk PNS, CPNS dan PPPK, kosong untuk non-ASN."))
    nik = forms.CharField(label="NIK", max_length=16, required=False, help_text=_("16 digit; wajib untuk non-ASN."))
    unit = UnitChoiceField(label=_("Unit kerja"), queryset=None, empty_label=_("Pilih unit kerja"))
    moved_on = forms.DateField(
        label=_("Berlaku sejak (mutasi)"), required=False, widget=DATE_INPUT,
        help_text=_("Tanggal pindah unit atau ganti jenis kepegawaian; kosongkan untuk hari ini. Hari-hari "
                    "sebelumnya tetap tercatat di penempatan lama."),
    )
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    domicile_region = forms.ModelChoiceField(label=_("Domisili"), queryset=None, required=False,
                                             empty_label=_("Belum diketahui"))
    domicile_address = forms.CharField(label=_("Alamat domisili"), max_length=255, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    active_from = forms.DateField(label=_("Aktif sejak"), widget=DATE_INPUT)
    active_until = forms.DateField(label=_("Aktif sampai"), required=False, widget=DATE_INPUT,
                                   help_text=_("Kosongkan bila masih bekerja."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["domicile_region"].queryset = Region.objects.filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.CITY]
        )


class EmployeeEndForm(forms.Form):
    last_day = forms.DateField(label=_("Hari kerja terakhir"), widget=DATE_INPUT)


class EmployeeImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Kolom: nip, nik, nama, jenis (PNS, CPNS, PPPK, NON_ASN), unit (kode atau nama), jabatan, "
            "aktif_sejak, aktif_sampai, mutasi_sejak. Pegawai dengan NIP/NIK yang sudah ada diperbarui; unit atau jenis "
            "baru berlaku sejak mutasi_sejak (kosong: hari ini)."
        )
