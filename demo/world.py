"""The demo world of design.md §2 as plain data: regions, agencies, unit trees, WFH plans.

Unit rows: (key, name, service category or "" to inherit, parent key, counted ASN staff).
Pemkot Bekasi's units add up to exactly 1,629 counted ASN active on 16 April 2024, the
1,581 at the roll call plus the 48 reported absent.
"""

import datetime

D = datetime.date

# (code, name, level, timezone)
REGIONS = [
    ("31", "DKI Jakarta", "province", "Asia/Jakarta"),
    ("31.74", "Kota Administrasi Jakarta Selatan", "city", "Asia/Jakarta"),
    ("32", "Jawa Barat", "province", "Asia/Jakarta"),
    ("32.75", "Kota Bekasi", "city", "Asia/Jakarta"),
    ("33", "Jawa Tengah", "province", "Asia/Jakarta"),
    ("33.72", "Kota Surakarta", "city", "Asia/Jakarta"),
    ("34", "Daerah Istimewa Yogyakarta", "province", "Asia/Jakarta"),
    ("34.71", "Kota Yogyakarta", "city", "Asia/Jakarta"),
    ("36", "Banten", "province", "Asia/Jakarta"),
    ("36.03", "Kabupaten Tangerang", "regency", "Asia/Jakarta"),
    ("36.71", "Kota Tangerang", "city", "Asia/Jakarta"),
    ("61", "Kalimantan Barat", "province", "Asia/Jakarta"),
    ("61.71", "Kota Pontianak", "city", "Asia/Jakarta"),
    ("73", "Sulawesi Selatan", "province", "Asia/Makassar"),
    ("73.71", "Kota Makassar", "city", "Asia/Makassar"),
    ("91", "Papua", "province", "Asia/Jayapura"),
    ("91.71", "Kota Jayapura", "city", "Asia/Jayapura"),
]

# Where staff on leave after Idulfitri were still "di kampung halaman".
HOMETOWN_REGIONS = ["33.72", "34.71"]

# code -> (name, short name, kind, seat region, parent agency, domicile regions of its staff)
AGENCIES = {
    "kemenpan-rb": (
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "Kemenpan RB", "ministry", "31", None,
        ["31.74", "32.75"],
    ),
    "pemprov-dki": ("Pemerintah Provinsi DKI Jakarta", "Pemprov DKI Jakarta", "province", "31", None, ["31.74"]),
    "pemkot-jaksel": (
        "Pemerintah Kota Administrasi Jakarta Selatan", "Pemkot Jakarta Selatan", "city", "31.74", "pemprov-dki", ["31.74"],
    ),
    "pemkot-bekasi": ("Pemerintah Kota Bekasi", "Pemkot Bekasi", "city", "32.75", None, ["32.75"]),
    "pemprov-kalbar": (
        "Pemerintah Provinsi Kalimantan Barat", "Pemprov Kalimantan Barat", "province", "61", None, ["61.71"],
    ),
    "pemkot-tangerang": ("Pemerintah Kota Tangerang", "Pemkot Tangerang", "city", "36.71", None, ["36.71"]),
    "pemkab-tangerang": ("Pemerintah Kabupaten Tangerang", "Pemkab Tangerang", "regency", "36.03", None, ["36.03"]),
    "pemkot-makassar": ("Pemerintah Kota Makassar", "Pemkot Makassar", "city", "73.71", None, ["73.71"]),
    "pemkot-jayapura": ("Pemerintah Kota Jayapura", "Pemkot Jayapura", "city", "91.71", None, ["91.71"]),
}

UNITS = {
    "kemenpan-rb": [
        ("biro-sdm-umum", "Biro SDM dan Umum", "leadership_support", None, 40),
        ("deputi-kelembagaan", "Deputi Bidang Kelembagaan dan Tata Laksana", "administration", None, 50),
        ("deputi-sdma", "Deputi Bidang Sumber Daya Manusia Aparatur", "administration", None, 40),
    ],
    "pemprov-dki": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 40),
        ("biro-umum", "Biro Umum dan Administrasi Sekretariat Daerah", "", "setda", 50),
        ("bappeda", "Badan Perencanaan Pembangunan Daerah", "administration", None, 45),
        ("dinkes", "Dinas Kesehatan", "health", None, 150),
        ("satpol-pp", "Satuan Polisi Pamong Praja", "security", None, 100),
        ("dishub", "Dinas Perhubungan", "transport", None, 80),
        ("bpbd", "Badan Penanggulangan Bencana Daerah", "disaster", None, 35),
    ],
    "pemkot-jaksel": [
        ("setko", "Sekretariat Kota", "administration", None, 40),
        ("sudinkes", "Suku Dinas Kesehatan", "health", None, 80),
        ("kec-kebayoran-baru", "Kecamatan Kebayoran Baru", "public_service", None, 50),
        ("kel-senayan", "Kelurahan Senayan", "", "kec-kebayoran-baru", 15),
    ],
    "pemkot-bekasi": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 60),
        ("bagian-umum", "Bagian Umum", "", "setda", 40),
        ("bagian-protokol", "Bagian Protokol dan Komunikasi Pimpinan", "", "setda", 24),
        ("bagian-hukum", "Bagian Hukum", "", "setda", 20),
        ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "administration", None, 70),
        ("bappelitbangda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "administration", None, 50),
        ("inspektorat", "Inspektorat", "administration", None, 45),
        ("dinkes", "Dinas Kesehatan", "health", None, 120),
        ("rsud", "RSUD dr. Chasbullah Abdulmadjid", "", "dinkes", 460),
        ("puskesmas-bekasi-timur", "Puskesmas Bekasi Timur", "", "dinkes", 80),
        ("satpol-pp", "Satuan Polisi Pamong Praja", "security", None, 150),
        ("bpbd", "Badan Penanggulangan Bencana Daerah", "disaster", None, 60),
        ("dishub", "Dinas Perhubungan", "transport", None, 140),
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "public_service", None, 90),
        ("disdik", "Dinas Pendidikan", "public_service", None, 140),
        ("kec-bekasi-timur", "Kecamatan Bekasi Timur", "public_service", None, 60),
        ("kel-aren-jaya", "Kelurahan Aren Jaya", "", "kec-bekasi-timur", 20),
    ],
    "pemprov-kalbar": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 30),
        ("biro-umum", "Biro Umum", "leadership_support", "setda", 40),
        ("bappeda", "Badan Perencanaan Pembangunan Daerah", "administration", None, 35),
        ("rsud-soedarso", "RSUD dr. Soedarso", "health", None, 180),
        ("satpol-pp", "Satuan Polisi Pamong Praja", "security", None, 60),
        ("bpbd", "Badan Penanggulangan Bencana Daerah", "disaster", None, 40),
        ("dishub", "Dinas Perhubungan", "transport", None, 50),
    ],
    "pemkot-tangerang": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 50),
        ("bappeda", "Badan Perencanaan Pembangunan Daerah", "administration", None, 40),
        ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "administration", None, 35),
        ("dinkes", "Dinas Kesehatan", "health", None, 120),
        ("satpol-pp", "Satuan Polisi Pamong Praja", "security", None, 90),
        ("dishub", "Dinas Perhubungan", "transport", None, 70),
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "public_service", None, 45),
    ],
    "pemkab-tangerang": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 50),
        ("dishub", "Dinas Perhubungan", "transport", None, 80),
        ("satpol-pp", "Satuan Polisi Pamong Praja", "security", None, 70),
        ("dinkes", "Dinas Kesehatan", "health", None, 100),
    ],
    "pemkot-makassar": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 20),
        ("dinkes", "Dinas Kesehatan", "health", None, 25),
    ],
    "pemkot-jayapura": [
        ("setda", "Sekretariat Daerah", "leadership_support", None, 20),
        ("dinkes", "Dinas Kesehatan", "health", None, 25),
    ],
}

# Pemkot Bekasi also has staff who do not count on 16 April 2024: retired just before, or
# appointed just after (unit key -> (retired on 31 March 2024, appointed 2 May 2024)).
BEKASI_INACTIVE = {"bkpsdm": (3, 2), "rsud": (4, 1)}

IDULFITRI_DAYS = [D(2024, 4, 16), D(2024, 4, 17), D(2024, 4, 18)]
ASEAN_DAYS = [
    D(2023, 8, 28), D(2023, 8, 29), D(2023, 8, 30), D(2023, 8, 31), D(2023, 9, 1),
    D(2023, 9, 4), D(2023, 9, 5), D(2023, 9, 6), D(2023, 9, 7),
]
ASEAN_WEEK_1 = ASEAN_DAYS[:5]
ASEAN_WEEK_2 = ASEAN_DAYS[5:]
ROLL_CALL_DAY = D(2024, 4, 16)


def _days(days, count):
    return dict.fromkeys(days, count)


# WFH plans: agency -> unit -> day -> number of counted ASN rostered WFH (the rest WFO).
# Comments give the verdict the compliance check should reach.
WFH_PLANS = {
    "pemkot-bekasi": {
        "bagian-umum": _days(IDULFITRI_DAYS[:2], 20),  # exactly 50%: complies
        "bagian-protokol": {D(2024, 4, 16): 8, D(2024, 4, 17): 12},
        "bagian-hukum": {D(2024, 4, 16): 10, D(2024, 4, 17): 5},
        "bkpsdm": {D(2024, 4, 16): 30, D(2024, 4, 17): 35},  # 35 of 70 = 50% on the 17th
        "bappelitbangda": {D(2024, 4, 16): 30, D(2024, 4, 17): 25, D(2024, 4, 18): 2},  # 60% over cap; "work as usual"
        "inspektorat": {D(2024, 4, 16): 15, D(2024, 4, 17): 20},
        "dinkes": {D(2024, 4, 16): 3},  # WFH in a WFO-100% health unit
    },
    "pemkot-tangerang": {  # fewer than 20 on the first day, several still in their home towns
        "setda": {D(2024, 4, 16): 8, D(2024, 4, 17): 5},
        "bappeda": {D(2024, 4, 16): 5, D(2024, 4, 17): 3},
        "bkpsdm": {D(2024, 4, 16): 4, D(2024, 4, 17): 2},
    },
    "pemkab-tangerang": {"setda": _days(IDULFITRI_DAYS[:2], 20)},  # public-facing units 100% WFO
    "pemprov-kalbar": {
        "biro-umum": _days(IDULFITRI_DAYS[:2], 20),
        "bappeda": {D(2024, 4, 16): 17, D(2024, 4, 17): 10},  # floor(50% x 35) = 17
        "rsud-soedarso": {D(2024, 4, 16): 6},  # WFH at a hospital
    },
    "pemprov-dki": {
        "setda": {**_days(ASEAN_WEEK_1, 20), **_days(ASEAN_WEEK_2, 30), **_days(IDULFITRI_DAYS[:2], 15)},
        "biro-umum": {**_days(ASEAN_WEEK_1, 25), **_days(ASEAN_WEEK_2, 37), **_days(IDULFITRI_DAYS[:2], 20)},
        "bappeda": {
            **_days(ASEAN_WEEK_1, 22), D(2023, 8, 30): 27, **_days(ASEAN_WEEK_2, 33), **_days(IDULFITRI_DAYS[:2], 20),
        },
        "dinkes": {D(2023, 9, 5): 2},
    },
    "pemkot-jaksel": {
        "setko": {**_days(ASEAN_WEEK_1, 20), **_days(ASEAN_WEEK_2, 28), **_days(IDULFITRI_DAYS[:2], 16)},
    },
    "kemenpan-rb": {
        "biro-sdm-umum": {**_days(ASEAN_DAYS, 20), **_days(IDULFITRI_DAYS[:2], 20)},
        "deputi-kelembagaan": {**_days(ASEAN_DAYS, 25), **_days(IDULFITRI_DAYS[:2], 25)},
        "deputi-sdma": {**_days(ASEAN_DAYS, 18), **_days(IDULFITRI_DAYS[:2], 20)},
    },
    "pemkot-makassar": {"setda": _days(IDULFITRI_DAYS[:2], 10)},
    "pemkot-jayapura": {"setda": _days(IDULFITRI_DAYS[:2], 10)},
}

# How many of a unit's WFH staff work from their home town, not their domicile, on a day.
WFH_AWAY = {
    ("pemkot-tangerang", "setda"): {D(2024, 4, 16): 4},
    ("pemkot-tangerang", "bappeda"): {D(2024, 4, 16): 2},
    ("pemprov-dki", "biro-umum"): _days(ASEAN_WEEK_2, 3),  # the domicile rule is broken during the summit
    ("pemkot-jaksel", "setko"): {D(2023, 9, 6): 2},
}

# Days a unit's roster was never filled in (a "missing roster" finding).
MISSING_ROSTERS = {("pemkot-jaksel", "kel-senayan"): [D(2024, 4, 18)]}


def agency_days(agency_code: str) -> list[datetime.date]:
    """The DKI-seated agencies also have the ASEAN summit fortnight."""
    seat = AGENCIES[agency_code][3]
    return (ASEAN_DAYS if seat.split(".")[0] == "31" else []) + IDULFITRI_DAYS
