"""The flexible-work world of 2025–2026 (docs/flexible-work.md): the circulars, Pemkot Jakarta
Selatan's implementing arrangement and hours, and its rosters and attendance for the FWA days.

The case is Pemkot Jaksel on Tuesday 8 April 2025, the first working day after Idul Fitri
1446 H, under SE MenPANRB 3/2025: the Sekretariat Kota went over its 50% WFH+WFA share, the
Suku Dinas Kesehatan stayed 100% in the office, arrivals inside the 07.00–08.30 window are on
time and those past it are late (TL tiers measured from 08.30).
"""

import datetime
import random

from agencies.audit import AuditContext, audit_record_many, snapshot
from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES, Agency
from attendance.models import (
    AttendanceRecord,
    AttendanceStatus,
    HourSchemeKind,
    LeaveType,
    RamadanPeriod,
    WorkingHourScheme,
    WorkLocation,
)
from attendance.presence.calendar import AgencyCalendar
from attendance.presence.derivation import lateness
from attendance.presence.summaries import summaries_refresh_records
from policies.compliance import compliance_recheck_later

from .organisation import counted_asn
from .schedule import PlannedDay

D = datetime.date
ALL = ADMINISTRATIVE_CATEGORIES + DIRECT_SERVICE_CATEGORIES
SE_2_2025, SE_3_2025, PERMEN_4_2025, SE_2_2026 = "2 Tahun 2025", "3 Tahun 2025", "PermenPANRB 4 Tahun 2025", "2 Tahun 2026"
JAKSEL_FWA_2025 = "e-0012/SE/2025"  # demo numbering of Pemkot Jaksel's implementing arrangement
FWA_2025_DAYS = [D(2025, 3, 24), D(2025, 3, 25), D(2025, 3, 26), D(2025, 3, 27), D(2025, 4, 8)]
FWA_2026_DAYS = [D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 25), D(2026, 3, 26), D(2026, 3, 27)]
CASE_DAY = D(2025, 4, 8)
# Perpres 21/2023's Ramadan hours (08.00) apply in these periods.
RAMADAN = [("Ramadan 1446 H", D(2025, 3, 1), D(2025, 3, 30)), ("Ramadan 1447 H", D(2026, 2, 18), D(2026, 3, 19))]

FLEXIBLE_DUTIES = [
    "Memastikan penyelenggaraan pemerintahan dan pelayanan publik tetap berjalan.",
    "Mengoptimalkan sistem pemerintahan berbasis elektronik (SPBE) bagi pegawai yang bekerja fleksibel.",
    "Memastikan layanan esensial (kesehatan, transportasi, keamanan) tetap tersedia dan mudah diakses.",
]


def _delegated(start, end, description):
    return dict(description=description, start_date=start, end_date=end, categories=ALL, wfh_cap_percent=None,
                counted_locations="WFH_WFA")


def _jaksel_split(start, end):
    return [
        dict(description="Administrasi dan dukungan pimpinan: WFH/WFA paling banyak 50%", start_date=start,
             end_date=end, categories=ADMINISTRATIVE_CATEGORIES, wfh_cap_percent=50, counted_locations="WFH_WFA"),
        dict(description="Layanan langsung (kesehatan, kecamatan, kelurahan, …): WFO 100%", start_date=start,
             end_date=end, categories=DIRECT_SERVICE_CATEGORIES, wfh_cap_percent=0, counted_locations="WFH_WFA"),
    ]


# Same shape as circulars.CIRCULARS, plus `amends`.
CIRCULARS = {
    SE_2_2025: dict(
        issuer="kemenpan-rb", signed_on=D(2025, 3, 5),
        title="Penyesuaian Pelaksanaan Tugas Kedinasan Pegawai ASN pada Instansi Pemerintah dan Penyelenggaraan "
              "Pelayanan Publik pada Masa Libur Nasional dan Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1947 "
              "dan Hari Raya Idul Fitri 1446 H",
        summary="24–27 Maret 2025: kombinasi WFO dengan WFH dan/atau WFA; pimpinan instansi membagi jumlah pegawai "
                "dengan memperhatikan jumlah pegawai dan karakteristik layanan.",
        scope=("national", [], []), based_on=[], amends=[],
        rules=[_delegated(D(2025, 3, 24), D(2025, 3, 27), "WFO, WFH dan/atau WFA: proporsi ditetapkan pimpinan instansi")],
        obligations=FLEXIBLE_DUTIES,
    ),
    SE_3_2025: dict(
        issuer="kemenpan-rb", signed_on=D(2025, 4, 4),
        title="Perubahan atas Surat Edaran Menteri PANRB Nomor 2 Tahun 2025",
        summary="Menambah Selasa 8 April 2025, hari kerja pertama setelah libur dan cuti bersama Idul Fitri 1446 H.",
        scope=("national", [], []), based_on=[], amends=[SE_2_2025],
        rules=[
            _delegated(D(2025, 3, 24), D(2025, 3, 27), "24–27 Maret 2025 (tetap)"),
            _delegated(D(2025, 4, 8), D(2025, 4, 8), "8 April 2025: proporsi ditetapkan pimpinan instansi"),
        ],
        obligations=FLEXIBLE_DUTIES,
    ),
    PERMEN_4_2025: dict(
        issuer="kemenpan-rb", signed_on=D(2025, 4, 16),
        title="Peraturan Menteri PANRB Nomor 4 Tahun 2025 tentang Pelaksanaan Tugas Kedinasan Pegawai ASN secara "
              "Fleksibel pada Instansi Pemerintah",
        summary="Berlaku 21 April 2025. Fleksibel lokasi (kantor lain, rumah, lokasi lain) dan waktu (dalam hari dan "
                "37,5 jam kerja seminggu Perpres 21/2023); tiap instansi merancang dan menetapkan pengaturannya. "
                "Tidak menetapkan proporsi sendiri: pengaturan tetap instansi berdasarkan peraturan ini.",
        scope=("national", [], []), based_on=[], amends=[], rules=[], obligations=[],
    ),
    SE_2_2026: dict(
        issuer="kemenpan-rb", signed_on=D(2026, 2, 9),
        title="Penyesuaian Pelaksanaan Tugas Kedinasan Pegawai ASN pada Masa Libur Nasional dan Cuti Bersama Hari "
              "Suci Nyepi Tahun Baru Saka 1948 dan Hari Raya Idul Fitri 1447 H",
        summary="16–17 dan 25–27 Maret 2026: fleksibilitas lokasi dan/atau waktu; proporsi diserahkan kepada "
                "pimpinan instansi; layanan esensial tetap berjalan.",
        scope=("national", [], []), based_on=[], amends=[],
        rules=[_delegated(D(2026, 3, 16), D(2026, 3, 17), "Sebelum Nyepi: proporsi ditetapkan pimpinan instansi"),
               _delegated(D(2026, 3, 25), D(2026, 3, 27), "Setelah Idul Fitri: proporsi ditetapkan pimpinan instansi")],
        obligations=FLEXIBLE_DUTIES,
    ),
    JAKSEL_FWA_2025: dict(
        issuer="pemkot-jaksel", signed_on=D(2025, 3, 20),
        title="Pelaksanaan Flexible Working Arrangement di Lingkungan Pemerintah Kota Administrasi Jakarta Selatan",
        summary="Aturan pelaksana SE MenPANRB 2/2025 dan 3/2025: unit administrasi paling banyak 50% WFH/WFA, "
                "layanan langsung WFO 100%; jam datang 07.00–08.30, pulang setelah 7 jam 30 menit.",
        scope=("agencies", [], ["pemkot-jaksel"]), based_on=[SE_2_2025, SE_3_2025], amends=[],
        rules=_jaksel_split(D(2025, 3, 24), D(2025, 3, 27)) + _jaksel_split(D(2025, 4, 8), D(2025, 4, 8)),
        obligations=[],
    ),
}

# Pemkot Jaksel's hours: an arrival window for the city from the first FWA day; the health
# office keeps fixed hours (its services run in shifts from 07.30).
HOUR_SCHEMES = [
    ("pemkot-jaksel", None, "FWA: datang 07.00–08.30, pulang setelah 7 jam 30 menit", HourSchemeKind.WINDOW,
     D(2025, 3, 24), datetime.time(7, 0), datetime.time(8, 30)),
    ("pemkot-jaksel", "sudinkes", "Layanan kesehatan: masuk 07.30 (tetap)", HourSchemeKind.FIXED,
     D(2025, 3, 24), None, None),
]

# unit -> day -> (WFH, WFA) among counted ASN (the rest in the office). Verdicts in the comments.
PLANS = {
    "setko": {  # 40 ASN: at most 20 WFH+WFA
        **{day: (10, 6) for day in FWA_2025_DAYS[:4]},  # 16: complies
        CASE_DAY: (14, 8),  # 22 of max. 20: over its proportion
        D(2026, 3, 16): (8, 6), D(2026, 3, 17): (8, 6),  # no proportion set until Jaksel issues one
    },
    "sudinkes": {},  # 100% in the office
    "kec-kebayoran-baru": {CASE_DAY: (0, 0)},
    "kel-senayan": {},
}
# Office arrivals on the case day, in order of the unit's office staff (the rest arrive 07.00–08.20):
# inside the window (not late), just past it (TL1), well past it (TL2), and one who left early (PSW).
CASE_ARRIVALS = {
    "setko": [((8, 25), (16, 0)), ((8, 30), (16, 5)), ((8, 41), (16, 15)), ((9, 5), (16, 40)), ((7, 5), (13, 50))],
    "sudinkes": [((7, 29), (16, 0)), ((7, 45), (16, 10)), ((8, 10), (16, 5))],  # fixed hours: from 07.30
    "kec-kebayoran-baru": [((8, 15), (16, 0)), ((8, 50), (16, 30))],
}
CASE_ABSENCES = {  # unit -> statuses of the last office staff
    "setko": [AttendanceStatus.SICK],
    "sudinkes": [AttendanceStatus.PERMISSION, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT],
    "kec-kebayoran-baru": [AttendanceStatus.ABSENT],
}
WFA_PLACES = ["Kantor Kecamatan Tebet", "Mal Pelayanan Publik Jakarta Selatan", "Rumah keluarga di Bogor"]


def flexible_setup_build(*, agencies) -> None:
    """Ramadan periods and Pemkot Jaksel's hour schemes (idempotent)."""
    for name, start, end in RAMADAN:
        RamadanPeriod.objects.get_or_create(name=name, agency=None, defaults={"start_date": start, "end_date": end})
    for code, unit_key, name, kind, start, window_start, window_end in HOUR_SCHEMES:
        agency = agencies[code]
        unit = agency.units.get(code=unit_key) if unit_key else None
        WorkingHourScheme.objects.get_or_create(
            agency=agency, unit=unit, name=name,
            defaults={"kind": kind, "effective_from": start, "window_start": window_start, "window_end": window_end},
        )


def jaksel_day_plan(agency: Agency, staff: dict, day: datetime.date) -> list[PlannedDay]:
    plan = []
    for key in PLANS:
        s = staff[(agency.code, key)]
        wfh, wfa = PLANS[key].get(day, (0, 0))
        people = counted_asn(s.asn, day)
        remote = people[1:1 + wfh + wfa]  # the head stays in the office
        office = [e for e in people if e not in remote]
        absences = CASE_ABSENCES.get(key, []) if day == CASE_DAY else []
        for n, e in enumerate(remote):
            if n < wfh:
                plan.append(PlannedDay(e, WorkLocation.WFH, AttendanceStatus.WFH, wfh_region_id=e.domicile_region_id,
                                       wfh_address=e.domicile_address))
            else:
                plan.append(PlannedDay(e, WorkLocation.WFA, AttendanceStatus.WFH, wfh_region_id=e.domicile_region_id,
                                       wfh_address=WFA_PLACES[n % len(WFA_PLACES)]))
        cut = len(office) - len(absences)
        for e in office[:cut]:
            plan.append(PlannedDay(e, WorkLocation.WFO, AttendanceStatus.PRESENT))
        for e, status in zip(office[cut:], absences, strict=True):
            location = {AttendanceStatus.SICK: WorkLocation.SICK, AttendanceStatus.LEAVE: WorkLocation.LEAVE}.get(
                status, WorkLocation.WFO
            )
            plan.append(PlannedDay(e, location, status, leave_type=LeaveType.CT if status == AttendanceStatus.LEAVE else ""))
        plan += [PlannedDay(e, WorkLocation.WFO, None) for e in s.others if e.is_active_on(day)]
    return plan


def jaksel_attendance_write(*, agency: Agency, plans: dict, unit_keys: dict[int, str], context: AuditContext) -> int:
    """Attendance of the 2025 FWA days, timed and tiered under the scheme in force (one home: `lateness`)."""
    days = sorted({day for _e, day in plans if day.year == 2025})
    if not days:
        return 0
    existing = set(AttendanceRecord.objects.filter(agency=agency, date__in=days).values_list("employee_id", "date"))
    calendar = AgencyCalendar.load(agency, days[0], days[-1])
    rng = random.Random(f"rosterhub-demo:fwa:{agency.code}")
    tz, records, arrivals_used = agency.tzinfo, [], {}
    for (emp, day), p in sorted(plans.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if day.year != 2025 or not p.status or (emp, day) in existing:
            continue
        record = AttendanceRecord(agency=agency, unit_id=p.employee.unit_id, employee=p.employee, date=day,
                                  status=p.status, leave_type=p.leave_type, source=AttendanceRecord.Source.MANUAL)
        if p.status == AttendanceStatus.WFH:
            record.source = AttendanceRecord.Source.SELF
            record.place = AttendanceRecord.Place.HOME if p.location == WorkLocation.WFH else AttendanceRecord.Place.ELSEWHERE
            record.note = p.wfh_address if p.location == WorkLocation.WFA else ""
        elif p.status == AttendanceStatus.PRESENT:
            unit_key = unit_keys[p.employee.unit_id]
            n = arrivals_used.get((unit_key, day), 0)
            arrivals_used[(unit_key, day)] = n + 1
            scripted = CASE_ARRIVALS.get(unit_key, []) if day == CASE_DAY else []
            hours = calendar.hours_on(day, p.employee.unit_id)
            if n < len(scripted):
                (ih, im), (oh, om) = scripted[n]
                check_in = datetime.datetime.combine(day, datetime.time(ih, im), tz)
                check_out = datetime.datetime.combine(day, datetime.time(oh, om), tz)
            elif hours.scheme.kind == HourSchemeKind.WINDOW:  # arrive 07.00–08.20, stay 7 h 30 m or more
                check_in = datetime.datetime.combine(day, datetime.time(7, 0), tz) + datetime.timedelta(
                    minutes=rng.randint(0, 80))
                check_out = check_in + datetime.timedelta(minutes=hours.scheme.minutes_on(hours) + rng.randint(0, 30))
            else:  # fixed hours: on time, leave at the end or later
                check_in = datetime.datetime.combine(day, hours.start, tz) - datetime.timedelta(minutes=rng.randint(1, 30))
                check_out = datetime.datetime.combine(day, hours.end, tz) + datetime.timedelta(minutes=rng.randint(0, 30))
            late, early = lateness(check_in, check_out, day, hours, tz)
            record.status = AttendanceStatus.LATE if late else AttendanceStatus.EARLY_LEAVE if early else AttendanceStatus.PRESENT
            record.late_tier, record.early_tier = late, early
            record.check_in, record.check_out = check_in, check_out
            record.place, record.source = AttendanceRecord.Place.OFFICE, AttendanceRecord.Source.DEVICE
        elif p.status == AttendanceStatus.ABSENT:
            record.source = AttendanceRecord.Source.DERIVED
        records.append(record)
    AttendanceRecord.objects.bulk_create(records, batch_size=1000)
    summaries_refresh_records(records)  # the dashboard reads only the summaries the writes keep
    audit_record_many(context, [
        {"action": "attendance.create", "obj": r, "before": None, "after": snapshot(r, ("date", "status", "place"))}
        for r in records
    ])
    compliance_recheck_later({(r.unit_id, r.date) for r in records})
    return len(records)
