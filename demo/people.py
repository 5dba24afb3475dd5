"""Plausible Indonesian staff for the demo: names, valid NIPs/NIKs, positions.

Everything is drawn from a Random seeded by the agency code, so the same world comes
out on every run (which is what makes seeding idempotent).
"""

import datetime
import random
from dataclasses import dataclass

from agencies.validators import build_nik, build_nip

MEN = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Farhan Gilang Hendra Heru Ilham Imam Irfan Joko Kurniawan "
    "Lukman Muhammad Nanang Nur Rizky Raden Rahmat Rudi Slamet Sutrisno Taufik Teguh Wahyu Yusuf Yoga Zainal Bayu "
    "Hadi Dodi Iwan Adi Firman Galih"
).split()
WOMEN = (
    "Ayu Dewi Dian Endang Fitri Indah Intan Kartika Lestari Maya Nadia Nurul Putri Ratna Rina Rini Sari Siti Sri "
    "Tri Wulan Yuliana Yanti Anisa Citra Desi Eka Hana Lina Mega Novi Puspita Rahma Suci Tika Wati"
).split()
FAMILY = (
    "Saputra Santoso Wibowo Hidayat Setiawan Nugroho Pratama Kusuma Lubis Siregar Nasution Harahap Simanjuntak "
    "Gunawan Hakim Rahman Syahputra Permana Wijaya Purnomo Susanto Hartono Utami Handayani Wulandari Rahayu "
    "Anggraini Maharani Pertiwi Sembiring Tambunan Manurung Sitompul Daulay Rangkuti Fauzi Ramadhan Firmansyah "
    "Kurniasih Suryani Marpaung Pane Hutapea Situmorang Tanjung Matondang Asmara Sinaga Pohan"
).split()
DEGREES = ("", "", "", "S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.AP.", "S.T.", "M.Si.", "A.Md.")
STREETS = (
    "Jl. Ahmad Yani", "Jl. Diponegoro", "Jl. Sudirman", "Jl. Pemuda", "Jl. Merdeka", "Jl. Veteran", "Jl. Kartini",
    "Jl. Cut Meutia", "Jl. Pahlawan", "Jl. Siliwangi", "Jl. Gatot Subroto", "Jl. Imam Bonjol",
)
POSITIONS = {
    "health": ("Perawat", "Bidan", "Dokter Umum", "Apoteker", "Pranata Laboratorium Kesehatan", "Administrator Kesehatan"),
    "security": ("Polisi Pamong Praja", "Pengelola Ketertiban Umum", "Analis Penegakan Perda"),
    "disaster": ("Analis Kebencanaan", "Operator Pusdalops", "Petugas Tim Reaksi Cepat"),
    "transport": ("Penguji Kendaraan Bermotor", "Petugas Lalu Lintas", "Analis Transportasi"),
    "public_service": ("Pengadministrasi Layanan", "Analis Kependudukan", "Guru", "Pranata Komputer"),
}
OFFICE_POSITIONS = ("Analis Kebijakan", "Pengadministrasi Umum", "Perencana", "Analis SDM Aparatur", "Pranata Komputer",
                    "Arsiparis", "Pengelola Keuangan", "Analis Hukum")


@dataclass
class Person:
    name: str
    gender: str  # "L" or "P"
    birth: datetime.date
    employment_type: str
    nip: str | None
    nik: str | None
    appointed: datetime.date
    position: str
    address: str


class PersonFactory:
    """Draws people for one agency; identifiers are unique across all agencies drawn."""

    def __init__(self, agency_code: str, taken_identifiers: set[str]):
        self.rng = random.Random(f"rosterhub-demo:{agency_code}")
        self.taken = taken_identifiers
        self.serial = 0

    def draw(
        self, *, employment_type: str, category: str, region_code: str, city: str, appointed: datetime.date | None = None
    ) -> Person:
        rng = self.rng
        gender = rng.choice("LP")
        first = rng.choice(MEN if gender == "L" else WOMEN)
        name = f"{first} {rng.choice(FAMILY)}"
        degree = rng.choice(DEGREES)
        if category == "health" and rng.random() < 0.1:
            name = f"dr. {name}"
        elif degree:
            name = f"{name}, {degree}"
        birth_year = {"CPNS": (1994, 2001), "PPPK": (1972, 1996)}.get(employment_type, (1966, 1995))
        birth = datetime.date(rng.randint(*birth_year), rng.randint(1, 12), rng.randint(1, 28))
        if appointed is not None:
            pass
        elif employment_type == "CPNS":
            appointed = datetime.date(2023, 3, 1)
        elif employment_type == "PPPK":
            appointed = datetime.date(rng.choice((2022, 2023)), 1, 1)
        else:
            appointed = datetime.date(min(2021, max(birth.year + 22, 1990) + rng.randint(0, 6)), rng.randint(1, 12), 1)
        nip = nik = None
        if employment_type == "NON_ASN":
            nik = self._unique(lambda s: build_nik(f"{region_code}.01", birth, gender, s % 9999 + 1))
        else:
            nip = self._unique(lambda s: build_nip(birth, appointed, gender, s % 999 + 1, pppk=employment_type == "PPPK"))
        positions = POSITIONS.get(category, OFFICE_POSITIONS)
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 180)}, {city}"
        return Person(name, gender, birth, employment_type, nip, nik, appointed, rng.choice(positions), address)

    def _unique(self, make) -> str:
        while True:
            self.serial += 1
            value = make(self.serial)
            if value not in self.taken:
                self.taken.add(value)
                return value


def asn_type_for(index: int) -> str:
    """A unit's staff mix: about 80% PNS, 15% PPPK, 5% CPNS; the first (the head) is PNS."""
    slot = index % 20
    if slot == 19:
        return "CPNS"
    if slot in (16, 17, 18):
        return "PPPK"
    return "PNS"
