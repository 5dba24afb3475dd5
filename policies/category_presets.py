"""The groups of service categories circulars actually name, offered as one-click presets and
used to name a rule's categories briefly ("Layanan langsung" rather than twelve labels)."""

from django.utils.translation import gettext_lazy as _

from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES, EmploymentType, ServiceCategory

ALL_CATEGORIES = [c.value for c in ServiceCategory]

PRESETS = [
    ("direct", _("Layanan langsung kepada masyarakat"), DIRECT_SERVICE_CATEGORIES),
    ("administrative", _("Administrasi pemerintahan dan dukungan pimpinan"), ADMINISTRATIVE_CATEGORIES),
    ("all", _("Semua kategori layanan"), ALL_CATEGORIES),
]


def categories_label(categories) -> str:
    chosen = set(categories)
    for _key, label, members in PRESETS:
        if chosen == set(members):
            return str(label)
    labels = dict(ServiceCategory.choices)
    return ", ".join(str(labels.get(c, c)) for c in ALL_CATEGORIES + sorted(chosen - set(ALL_CATEGORIES)) if c in chosen)


def employment_types_label(types) -> str:
    labels = dict(EmploymentType.choices)
    return ", ".join(str(labels.get(t, t)) for t in types)
