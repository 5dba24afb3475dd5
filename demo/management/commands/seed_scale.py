"""manage.py seed_scale --employees N [--start 2024-07-01] [--days 22] [--seed 7] [--flexible]

Generated data for benchmarks: a province ("Provinsi Skala", code 35) with one
government per ~5,000 staff, ~30 staff per unit on average (about 1,500 units per
50,000) with a realistic mix of service categories and inherited sub-units, PNS /
PPPK / CPNS / non-ASN staff with valid NIPs and NIKs, some joining or leaving mid
period, a working-day roster for each of them, and a national circular to check
against (administration ≤ 50% WFH, direct services WFO 100%). Inserts are bulk
(PostgreSQL COPY for the roster). Re-running replaces the previous scale data.

--flexible adds the shapes of 2025's flexible work (docs/flexible-work.md): WFA and other-office
days in the roster, a national circular for the third week that leaves the proportion to each
agency head and counts WFH and WFA together, the first agency's implementing arrangement based
on it, a second agency's standing Friday arrangement, and arrival-window hours for the first.
"""

import datetime
import io
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from agencies.models import (
    ADMINISTRATIVE_CATEGORIES,
    DIRECT_SERVICE_CATEGORIES,
    Agency,
    AuditEvent,
    Employee,
    Region,
    Unit,
)
from agencies.validators import build_nik, build_nip
from attendance.models import AttendanceRecord, HourSchemeKind, RosterEntry, WorkingHourScheme
from policies.models import Circular, Finding, PendingCheck, Rule

PREFIX = "skala-"
PROVINCE_CODE = "35"
CIRCULAR_NUMBER = "SKALA/1/2024"
STAFF_PER_AGENCY = 5000
MEAN_UNIT_SIZE = 33
FIRST_NAMES = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
               "Made", "Nur", "Oktavia", "Putu", "Rahmat", "Sri", "Teguh", "Wahyu", "Yuni", "Zainal"]
LAST_NAMES = ["Saputra", "Wijaya", "Hidayat", "Kusuma", "Pratama", "Santoso", "Siregar", "Nasution", "Harahap",
              "Lubis", "Simanjuntak", "Wibowo", "Susanto", "Rahayu", "Purnomo", "Setiawan"]
UNIT_KINDS = [  # (name, category, weight)
    ("Sekretariat", "administration", 10), ("Bagian Protokol", "leadership_support", 4),
    ("Badan Perencanaan", "administration", 6), ("Badan Riset", "administration", 4),
    ("Puskesmas", "health", 18), ("Rumah Sakit Daerah", "health", 4), ("Satpol PP", "security", 6),
    ("BPBD", "disaster", 3), ("Dinas Perhubungan", "transport", 6), ("Dinas PU", "construction", 6),
    ("PDAM", "utilities", 3), ("Dinas Kependudukan", "public_service", 10), ("Kecamatan", "public_service", 12),
    ("Dinas Pendidikan", "administration", 8),
]
NULL = "\\N"  # COPY's NULL
LOCATIONS = [("WFO", 78), ("WFH", 12), ("DL", 3), ("CUTI", 2), ("SAKIT", 1), ("", 4)]  # "" = no entry
FLEXIBLE_LOCATIONS = [("WFO", 68), ("WFH", 11), ("WFA", 9), ("KL", 2), ("DL", 3), ("CUTI", 2), ("SAKIT", 1), ("", 4)]


def working_days(start: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


class Command(BaseCommand):
    help = "Generate a province of N employees with units, categories and a month of rosters (for bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--start", default="2024-07-01", help="first day of the rostered period")
        parser.add_argument("--days", type=int, default=22, help="working days to roster")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--flexible", action="store_true", help="add WFA days, delegated and standing rules, hours")

    def handle(self, *args, employees, start, days, seed, flexible=False, **options):
        rng = random.Random(seed)
        days_list = working_days(datetime.date.fromisoformat(start), days)
        t0 = time.perf_counter()
        with transaction.atomic():
            self._wipe()
            # --flexible needs two agencies: one with its own arrangement, one without (and a standing rule)
            agencies, regions = self._agencies(max(2 if flexible else 1, round(employees / STAFF_PER_AGENCY)))
            units = self._units(rng, agencies, employees)
            staff = self._employees(rng, units, employees, regions, days_list)
            self._circular(agencies[0], days_list)
            if flexible:
                self._flexible(agencies, days_list)
        self.stdout.write(f"{len(agencies)} agencies, {len(units)} units, {len(staff)} employees "
                          f"({time.perf_counter() - t0:.1f} s)")
        t1 = time.perf_counter()
        rows = self._roster(rng, staff, days_list, regions, FLEXIBLE_LOCATIONS if flexible else LOCATIONS)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a real database
        self.stdout.write(f"{rows} roster entries for {len(days_list)} working days from {days_list[0]} "
                          f"to {days_list[-1]} ({time.perf_counter() - t1:.1f} s)")

    def _wipe(self):
        agencies = Agency.objects.filter(code__startswith=PREFIX)
        Finding.circulars.through.objects.filter(finding__agency__in=agencies).delete()
        Finding.objects.filter(agency__in=agencies).delete()
        Circular.objects.filter(number__startswith="SKALA/").delete()
        WorkingHourScheme.objects.filter(agency__in=agencies).delete()
        PendingCheck.objects.filter(unit__agency__in=agencies).delete()
        RosterEntry.objects.filter(agency__in=agencies).delete()
        AttendanceRecord.objects.filter(agency__in=agencies).delete()
        Unit.objects.filter(agency__in=agencies).update(head=None, acting_head=None)
        Employee.objects.filter(agency__in=agencies).delete()
        # Benchmark data only: its audit trail goes with it (agencies and units are PROTECTed).
        AuditEvent.objects.filter(agency__in=agencies).delete()
        Unit.objects.filter(agency__in=agencies, parent__isnull=False).delete()  # sub-units first (PROTECT)
        Unit.objects.filter(agency__in=agencies).delete()
        agencies.delete()

    def _agencies(self, count: int):
        province, _ = Region.objects.get_or_create(code=PROVINCE_CODE, defaults={"name": "Provinsi Skala", "level": "province"})
        regions = [province]
        agencies = [Agency.objects.create(code=f"{PREFIX}prov", name="Pemerintah Provinsi Skala", short_name="Pemprov Skala",
                                          kind="province", seat_region=province)]
        for n in range(1, count):
            region, _ = Region.objects.get_or_create(
                code=f"{PROVINCE_CODE}.{70 + n:02d}" if n < 29 else f"{PROVINCE_CODE}.{n:02d}",
                defaults={"name": f"Kota Skala {n}", "level": "city", "parent": province},
            )
            regions.append(region)
            agencies.append(Agency.objects.create(code=f"{PREFIX}kota-{n}", name=f"Pemerintah Kota Skala {n}",
                                                  short_name=f"Pemkot Skala {n}", kind="city", seat_region=region))
        return agencies, regions

    def _units(self, rng, agencies, employees: int) -> list[Unit]:
        total = max(len(agencies), round(employees / MEAN_UNIT_SIZE))
        kinds = [(name, cat) for name, cat, weight in UNIT_KINDS for _ in range(weight)]
        tops = []
        for n in range(total):
            agency = agencies[n % len(agencies)]
            name, category = rng.choice(kinds)
            tops.append(Unit(agency=agency, name=f"{name} {n + 1}", service_category=category,
                             effective_category=category, path="/pending/"))
        # About one unit in six is a sub-unit (bidang/seksi) inheriting its parent's category.
        n_sub = total // 6
        parents = Unit.objects.bulk_create(tops[: total - n_sub], batch_size=2000)
        parents = list(Unit.objects.filter(agency__in=agencies).order_by("pk"))
        for unit in parents:
            unit.path = f"/{unit.pk}/"
        Unit.objects.bulk_update(parents, ["path"], batch_size=2000)
        subs = []
        for n in range(n_sub):
            parent = rng.choice(parents)
            subs.append(Unit(agency_id=parent.agency_id, parent=parent, name=f"Bidang {n + 1} {parent.name}",
                             service_category="", effective_category=parent.effective_category, path="/pending/"))
        Unit.objects.bulk_create(subs, batch_size=2000)
        subs = list(Unit.objects.filter(agency__in=agencies, path="/pending/").select_related("parent").order_by("pk"))
        for unit in subs:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        Unit.objects.bulk_update(subs, ["path"], batch_size=2000)
        return parents + subs

    def _employees(self, rng, units, count: int, regions, days_list) -> list[tuple]:
        # Unit sizes vary (5..~90) around the mean; the remainder goes to the largest units.
        weights = [rng.lognormvariate(0, 0.6) for _ in units]
        scale = count / sum(weights)
        sizes = [max(1, int(w * scale)) for w in weights]
        while sum(sizes) > count:
            sizes[sizes.index(max(sizes))] -= 1
        i = 0
        while sum(sizes) < count:
            sizes[i % len(sizes)] += 1
            i += 1
        seat_of = dict(Agency.objects.filter(code__startswith=PREFIX).values_list("pk", "seat_region_id"))
        rows, n = [], 0
        for unit, size in zip(units, sizes, strict=True):
            for _ in range(size):
                r = rng.random()
                etype = "PNS" if r < 0.70 else "PPPK" if r < 0.85 else "CPNS" if r < 0.90 else "NON_ASN"
                gender = "L" if n % 2 else "P"
                ident = {}
                if etype == "NON_ASN":
                    ident["nik"] = build_nik("35.01.01", datetime.date(1990, 1, 1) + datetime.timedelta(days=n // 9999),
                                             gender, n % 9999 + 1)
                else:
                    ident["nip"] = build_nip(datetime.date(1962, 1, 1) + datetime.timedelta(days=n // 999),
                                             datetime.date(2009, 11, 1), gender, n % 999 + 1, pppk=etype == "PPPK")
                active_from, active_until = datetime.date(2015, 1, 2), None
                r = rng.random()
                if r < 0.02:
                    active_from = rng.choice(days_list)  # joins mid period
                elif r < 0.03:
                    active_until = rng.choice(days_list)  # leaves mid period
                domicile = seat_of[unit.agency_id] if rng.random() < 0.9 else rng.choice(regions).pk
                rows.append(Employee(
                    agency_id=unit.agency_id, unit_id=unit.pk, name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    employment_type=etype, position="Pelaksana", domicile_region_id=domicile,
                    active_from=active_from, active_until=active_until, **ident,
                ))
                n += 1
        Employee.objects.bulk_create(rows, batch_size=5000)
        return list(
            Employee.objects.filter(agency__code__startswith=PREFIX).order_by("pk").values_list(
                "pk", "agency_id", "unit_id", "domicile_region_id", "active_from", "active_until"
            )
        )

    def _circular(self, issuer, days_list):
        circular = Circular.objects.create(
            issuer=issuer, number=CIRCULAR_NUMBER, title="Penyesuaian sistem kerja (data uji skala)",
            signed_on=days_list[0] - datetime.timedelta(days=7), status="published", scope_kind="regions",
        )
        circular.scope_regions.add(issuer.seat_region)  # the province binds the cities seated in it
        Rule.objects.create(circular=circular, start_date=days_list[0], end_date=days_list[-1],
                            categories=ADMINISTRATIVE_CATEGORIES, wfh_cap_percent=50, description="Administrasi")
        Rule.objects.create(circular=circular, start_date=days_list[0], end_date=days_list[-1],
                            categories=DIRECT_SERVICE_CATEGORIES, wfh_cap_percent=0, description="Layanan langsung")

    def _flexible(self, agencies, days_list):
        """The 2025 shapes over the generated month (see the module docstring)."""
        week = days_list[10:15]
        # The month's circular steps aside for the flexible week, so the delegated rule binds there.
        for rule in Rule.objects.filter(circular__number=CIRCULAR_NUMBER):
            after = Rule(circular_id=rule.circular_id, start_date=week[-1] + datetime.timedelta(days=1),
                         end_date=rule.end_date, categories=rule.categories, wfh_cap_percent=rule.wfh_cap_percent,
                         description=rule.description)
            rule.end_date = week[0] - datetime.timedelta(days=1)
            rule.save(update_fields=["end_date"])
            after.save()
        national = Circular.objects.create(
            issuer=agencies[0], number="SKALA/FWA/2025", title="Fleksibilitas kerja (data uji skala)",
            signed_on=days_list[0], status="published", scope_kind="regions",
        )
        national.scope_regions.add(agencies[0].seat_region)
        Rule.objects.create(circular=national, start_date=week[0], end_date=week[-1], wfh_cap_percent=None,
                            categories=ADMINISTRATIVE_CATEGORIES + DIRECT_SERVICE_CATEGORIES,
                            counted_locations="WFH_WFA", description="Proporsi ditetapkan pimpinan instansi")
        own = Circular.objects.create(
            issuer=agencies[0], number="SKALA/FWA/2025/PELAKSANAAN", title="Pelaksanaan fleksibilitas kerja",
            signed_on=days_list[0], status="published", scope_kind="agencies",
        )
        own.scope_agencies.add(agencies[0])
        own.based_on.add(national)
        Rule.objects.create(circular=own, start_date=week[0], end_date=week[-1], wfh_cap_percent=40,
                            categories=ADMINISTRATIVE_CATEGORIES, counted_locations="WFH_WFA", description="Administrasi")
        Rule.objects.create(circular=own, start_date=week[0], end_date=week[-1], wfh_cap_percent=0,
                            categories=DIRECT_SERVICE_CATEGORIES, counted_locations="WFH_WFA",
                            description="Layanan langsung")
        if len(agencies) > 1:
            standing = Circular.objects.create(
                issuer=agencies[1], number="SKALA/FWA/JUMAT", title="Pengaturan kerja fleksibel tetap",
                signed_on=days_list[0], status="published", scope_kind="agencies",
            )
            standing.scope_agencies.add(agencies[1])
            Rule.objects.create(circular=standing, start_date=days_list[0], end_date=None, weekdays="5",
                                wfh_cap_percent=20, categories=ADMINISTRATIVE_CATEGORIES, description="Jumat")
        WorkingHourScheme.objects.create(
            agency=agencies[0], name="Rentang jam datang 07.00–08.30", kind=HourSchemeKind.WINDOW,
            effective_from=days_list[0], window_start=datetime.time(7, 0), window_end=datetime.time(8, 30),
        )

    def _roster(self, rng, staff, days_list, regions, locations=LOCATIONS) -> int:
        choices = [loc for loc, weight in locations for _ in range(weight)]
        region_ids = [r.pk for r in regions]

        def rows():
            # Day by day, as rosters are written, so one day's rows sit together on disk.
            for day in days_list:
                for pk, agency_id, unit_id, domicile_id, active_from, active_until in staff:
                    if day < active_from or (active_until and day > active_until):
                        continue
                    location = rng.choice(choices)
                    if not location:
                        continue
                    wfh_region = None
                    if location in ("WFH", "WFA"):
                        wfh_region = domicile_id if rng.random() < 0.97 else rng.choice(region_ids)
                    yield (agency_id, unit_id, pk, day, location, "CT" if location == "CUTI" else "", wfh_region)

        if connection.vendor == "postgresql":
            return self._copy_roster(rows())
        total, batch = 0, []
        for agency_id, unit_id, pk, day, location, leave, wfh_region in rows():
            batch.append(RosterEntry(agency_id=agency_id, unit_id=unit_id, employee_id=pk, date=day, location=location,
                                     leave_type=leave, wfh_region_id=wfh_region))
            if len(batch) == 20000:
                with transaction.atomic():
                    RosterEntry.objects.bulk_create(batch, batch_size=5000)
                total, batch = total + len(batch), []
        with transaction.atomic():
            RosterEntry.objects.bulk_create(batch, batch_size=5000)
        return total + len(batch)

    def _copy_roster(self, rows) -> int:
        table = RosterEntry._meta.db_table
        columns = "agency_id, unit_id, employee_id, date, location, leave_type, wfh_region_id, wfh_address, version, updated_at"
        total = 0
        with connection.cursor() as cursor:
            buffer = io.StringIO()
            for agency_id, unit_id, pk, day, location, leave, wfh_region in rows:
                buffer.write(f"{agency_id}\t{unit_id}\t{pk}\t{day}\t{location}\t{leave}\t"
                             f"{wfh_region or NULL}\t\t1\t2024-01-01 00:00:00+00\n")
                total += 1
                if total % 200000 == 0:
                    buffer.seek(0)
                    cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
                    buffer = io.StringIO()
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
        return total
