"""The circulars of the seeds, with their rules, scope, links and obligations."""

import datetime

from django.utils import timezone

from agencies.audit import AuditContext, audit_record_many, snapshot
from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES, ServiceCategory
from policies.models import Circular, Obligation, Rule

D = datetime.date
ALL_CATEGORIES = [c.value for c in ServiceCategory]
SE_1_2024 = "1 Tahun 2024"
SE_17_2023 = "17 Tahun 2023"
SE_KALBAR = "800/01/Prov/2024"
SE_DKI = "e-35/SE/2023"

FOUR_DUTIES = [
    "Memantau capaian target kinerja pegawai ASN di lingkungannya.",
    "Mempublikasikan standar pelayanan di media resmi instansi.",
    "Menyediakan saluran konsultasi dan pengaduan layanan secara daring.",
    "Memastikan keluaran layanan daring dan luring memenuhi standar pelayanan.",
]


def _split(start, end, *, domicile=False, admin_cap=50):
    """The circulars' usual split: direct services WFO 100%, administration up to a cap."""
    return [
        dict(description="Layanan langsung kepada masyarakat: WFO 100%", start_date=start, end_date=end,
             categories=DIRECT_SERVICE_CATEGORIES, wfh_cap_percent=0, domicile_required=domicile),
        dict(description=f"Administrasi pemerintahan dan dukungan pimpinan: WFH paling banyak {admin_cap}%",
             start_date=start, end_date=end, categories=ADMINISTRATIVE_CATEGORIES, wfh_cap_percent=admin_cap,
             domicile_required=domicile),
    ]


# number -> issuer code, fields, scope (kind, region codes, agency codes), based on, rules, obligations
CIRCULARS = {
    SE_17_2023: dict(
        issuer="kemenpan-rb", signed_on=D(2023, 8, 18),
        title="Penyesuaian Sistem Kerja Pegawai ASN pada Instansi Pemerintah yang Berlokasi di Wilayah DKI Jakarta "
              "selama Penyelenggaraan KTT ke-43 ASEAN",
        scope=("regions", ["31"], []), based_on=[],
        rules=_split(D(2023, 8, 28), D(2023, 9, 7), domicile=True), obligations=[],
    ),
    SE_DKI: dict(
        issuer="pemprov-dki", signed_on=D(2023, 9, 1),
        title="Penyesuaian Sistem Kerja ASN Pemerintah Provinsi DKI Jakarta pada Puncak KTT ke-43 ASEAN",
        summary="Aturan pelaksana Pemprov DKI: unit tanpa layanan langsung boleh WFH sampai 75%, dihitung per unit.",
        scope=("agencies", [], ["pemprov-dki", "pemkot-jaksel"]), based_on=[SE_17_2023],
        rules=[dict(description="Unit tanpa layanan langsung: WFH paling banyak 75%, di domisili",
                    start_date=D(2023, 9, 4), end_date=D(2023, 9, 7), categories=ADMINISTRATIVE_CATEGORIES,
                    wfh_cap_percent=75, domicile_required=True)],
        obligations=[],
    ),
    SE_1_2024: dict(
        issuer="kemenpan-rb", signed_on=D(2024, 4, 13),
        title="Penyesuaian Sistem Kerja Pegawai ASN pada Instansi Pemerintah setelah Libur Nasional dan Cuti Bersama "
              "Hari Raya Idulfitri 1445 H",
        scope=("national", [], []), based_on=[],
        rules=_split(D(2024, 4, 16), D(2024, 4, 17)) + [
            dict(description="Mulai 18 April 2024 seluruh ASN bekerja seperti biasa", start_date=D(2024, 4, 18),
                 end_date=D(2024, 4, 18), categories=ALL_CATEGORIES, wfh_cap_percent=0),
        ],
        obligations=FOUR_DUTIES,
    ),
    SE_KALBAR: dict(
        issuer="pemprov-kalbar", signed_on=D(2024, 4, 13),
        title="Penyesuaian Sistem Kerja Pegawai ASN setelah Libur Nasional dan Cuti Bersama Hari Raya Idulfitri "
              "1445 Hijriah di Lingkungan Pemerintah Provinsi Kalimantan Barat",
        summary="Ditujukan kepada bupati/wali kota se-Kalbar serta kepala perangkat daerah dan biro; kepala unit "
                "menentukan pegawai yang WFO dan WFH.",
        scope=("regions", ["61"], []), based_on=[SE_1_2024],
        rules=_split(D(2024, 4, 16), D(2024, 4, 17)), obligations=[],
    ),
}


def circulars_build(*, agencies, regions, context: AuditContext) -> dict[str, Circular]:
    """Create the published circulars once; links are set on every run (idempotent)."""
    built, events = {}, []
    for number, spec in CIRCULARS.items():
        issuer = agencies[spec["issuer"]]
        circular = Circular.objects.filter(issuer=issuer, number=number).first()
        if circular is None:
            kind, _, _ = spec["scope"]
            circular = Circular.objects.create(
                issuer=issuer, number=number, title=spec["title"], summary=spec.get("summary", ""),
                signed_on=spec["signed_on"], status=Circular.Status.PUBLISHED, scope_kind=kind,
                published_at=timezone.make_aware(datetime.datetime.combine(spec["signed_on"], datetime.time(9))),
            )
            Rule.objects.bulk_create(Rule(circular=circular, **rule) for rule in spec["rules"])
            Obligation.objects.bulk_create(
                Obligation(circular=circular, order=n, text=text) for n, text in enumerate(spec["obligations"], 1)
            )
            events.append({"action": "circular.create", "obj": circular, "before": None,
                           "after": snapshot(circular, ("number", "title", "status", "scope_kind")),
                           "agency_id": issuer.pk})
        _, region_codes, agency_codes = spec["scope"]
        circular.scope_regions.set([regions[c] for c in region_codes])
        circular.scope_agencies.set([agencies[c] for c in agency_codes])
        circular.based_on.set([built[n] for n in spec["based_on"]])
        built[number] = circular
    audit_record_many(context, events)
    return built
