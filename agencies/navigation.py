"""The menu: each entry names its URL and the roles that see it. Entries whose URL is
not (yet) installed are left out, so features plug in by adding their URL names."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Role

HR, HEAD, INSPECTOR, EMPLOYEE, POLICY = (
    Role.HR_OFFICER, Role.UNIT_HEAD, Role.INSPECTOR, Role.EMPLOYEE, Role.POLICY_ADMIN,
)

NAV_ITEMS = [
    ("employees:list", _("Pegawai"), {HR}, _("Data pegawai dan unit kerjanya.")),
    ("units:list", _("Unit kerja"), {HR}, _("Susunan unit, kategori layanan, kepala dan Plt.")),
    ("roster:grid", _("Jadwal kerja"), {HR, HEAD, INSPECTOR}, _("Atur lokasi kerja harian tiap unit.")),
    ("wfh:queue", _("Persetujuan WFH"), {HEAD}, _("Putuskan pengajuan WFH dengan batas surat edaran.")),
    ("wfh:mine", _("WFH saya"), {EMPLOYEE, HR}, _("Ajukan WFH dan lihat statusnya.")),
    ("selfservice:roster", _("Jadwal saya"), {EMPLOYEE}, _("Lokasi kerja Anda per hari dan surat edaran yang berlaku.")),
    ("selfservice:attendance", _("Kehadiran saya"), {EMPLOYEE}, _("Catatan kehadiran Anda dan jumlah TK tahun ini.")),
    ("presence:dashboard", _("Kehadiran"), {INSPECTOR, HR, HEAD}, _("Kehadiran, WFO/WFH dan kepatuhan.")),
    ("presence:imports", _("Impor presensi"), {HR}, _("Unggah data mesin presensi.")),
    ("presence:roll_call", _("Apel"), {HR}, _("Catat kehadiran apel unit.")),
    ("policies:findings", pgettext_lazy("menu", "Temuan"), {INSPECTOR, HR, HEAD}, _("Hasil pemeriksaan kepatuhan surat edaran.")),
    ("policies:circulars", _("Surat edaran"), {POLICY, INSPECTOR, HR, HEAD}, _("Surat edaran dan ketentuannya.")),
    ("audit:events", _("Jejak audit"), {INSPECTOR}, _("Siapa mengubah apa dan kapan.")),
]


def nav_items_for(scope) -> list[dict]:
    items = []
    for url_name, label, roles, description in NAV_ITEMS:
        if not (scope.is_superuser or roles & scope.roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "description": description, "name": url_name})
    return items
