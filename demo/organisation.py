"""Regions, agencies, unit trees, staff and demo logins of the demo world."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from agencies.audit import AuditContext, audit_record_many, snapshot
from agencies.models import ASN_TYPES, Agency, Employee, Region, Role, RoleAssignment, Unit, User

from . import world
from .people import PersonFactory, asn_type_for

DEMO_PASSWORD = "RosterHub-2024!"  # noqa: S105 - printed for the demo on purpose
# Not @rosterhub.…: the similarity validator would then refuse setting DEMO_PASSWORD again on /akun/sandi/.
DEMO_EMAIL_DOMAIN = "demo.go.id"
NON_ASN_START = datetime.date(2022, 1, 1)
RETIRED_ON = datetime.date(2024, 3, 31)
JOINED_ON = datetime.date(2024, 5, 2)

# username, role, scope (agency code, unit key, region code), linked employee (agency, unit, index), acting, label
DEMO_LOGINS = [
    ("admin", None, (None, None, None), None, False, "Superuser (Django admin)"),
    ("hr_bekasi", Role.HR_OFFICER, ("pemkot-bekasi", None, None), None, False, "Pengelola kepegawaian Pemkot Bekasi"),
    ("plt_kabag_umum_bekasi", Role.UNIT_HEAD, ("pemkot-bekasi", "bagian-umum", None),
     ("pemkot-bekasi", "bagian-umum", 0), True, "Plt. Kepala Bagian Umum, Pemkot Bekasi"),
    ("kepala_rsud_soedarso", Role.UNIT_HEAD, ("pemprov-kalbar", "rsud-soedarso", None),
     ("pemprov-kalbar", "rsud-soedarso", 0), False, "Kepala RSUD dr. Soedarso, Pemprov Kalbar"),
    ("inspektur_bekasi", Role.INSPECTOR, ("pemkot-bekasi", None, None), None, False, "Inspektorat Pemkot Bekasi"),
    ("inspektur_dki", Role.INSPECTOR, (None, None, "31"), None, False, "Inspektur wilayah DKI Jakarta"),
    ("pegawai_bekasi", None, (None, None, None), ("pemkot-bekasi", "bagian-umum", 30), False,
     "Pegawai Bagian Umum, Pemkot Bekasi"),
    ("admin_kebijakan", Role.POLICY_ADMIN, ("kemenpan-rb", None, None), None, False,
     "Administrator kebijakan Kemenpan RB"),
]


@dataclass
class Staff:
    """One unit's people in draw order: counted ASN first (index 0 heads the unit), then the rest."""

    unit: Unit
    asn: list[Employee] = field(default_factory=list)
    others: list[Employee] = field(default_factory=list)


def regions_build() -> dict[str, Region]:
    existing = {r.code: r for r in Region.objects.all()}
    for code, name, level, tz in world.REGIONS:  # parents come first in the list
        if code not in existing:
            parent = existing.get(code.rsplit(".", 1)[0]) if "." in code else None
            existing[code] = Region.objects.create(code=code, name=name, level=level, timezone=tz, parent=parent)
    return existing


def agencies_build(regions) -> dict[str, Agency]:
    existing = {a.code: a for a in Agency.objects.filter(code__in=world.AGENCIES)}
    for code, (name, short, kind, seat, parent, _domiciles) in world.AGENCIES.items():
        if code not in existing:
            existing[code] = Agency.objects.create(
                code=code, name=name, short_name=short, kind=kind, seat_region=regions[seat],
                parent=existing.get(parent),
            )
    return existing


def units_build(agencies) -> dict[tuple[str, str], Unit]:
    """Unit trees, saved one by one so that paths and inherited categories are kept."""
    existing = {(u.agency.code, u.code): u for u in Unit.objects.filter(agency__in=agencies.values()).select_related("agency")}
    for agency_code, rows in world.UNITS.items():
        for key, name, category, parent_key, _count in rows:
            if (agency_code, key) not in existing:
                existing[(agency_code, key)] = Unit.objects.create(
                    agency=agencies[agency_code], code=key, name=name, service_category=category,
                    parent=existing[(agency_code, parent_key)] if parent_key else None,
                )
    # In the order of the spec: the random draws that follow depend on it.
    return {(code, row[0]): existing[(code, row[0])] for code, rows in world.UNITS.items() for row in rows}


def staff_build(*, agencies, units, regions, context: AuditContext) -> dict[tuple[str, str], Staff]:
    """Draw every unit's people (deterministically) and store the ones not stored yet."""
    taken: set[str] = set()
    drafts: list[tuple[tuple[str, str], bool, Employee]] = []
    for agency_code, rows in world.UNITS.items():
        factory = PersonFactory(agency_code, taken)
        domiciles = world.AGENCIES[agency_code][5]
        for key, _name, category, _parent, asn_count in rows:
            unit = units[(agency_code, key)]
            category = unit.effective_category
            retired, joining = world.BEKASI_INACTIVE.get(key, (0, 0)) if agency_code == "pemkot-bekasi" else (0, 0)
            plan = [(asn_type_for(i), True, None, None) for i in range(asn_count)]
            plan += [("NON_ASN", False, NON_ASN_START, None)] * (asn_count // 20)
            plan += [("PNS", False, None, RETIRED_ON)] * retired + [("PNS", False, JOINED_ON, None)] * joining
            for n, (etype, counted, start, until) in enumerate(plan):
                region = regions[domiciles[n % len(domiciles)]]
                person = factory.draw(employment_type=etype, category=category, region_code=region.code,
                                      city=region.name, appointed=start if etype != "NON_ASN" else None)
                employee = Employee(
                    agency=unit.agency, unit=unit, nip=person.nip, nik=person.nik, name=person.name,
                    employment_type=etype, position=person.position, domicile_region=region,
                    domicile_address=person.address, active_from=start or person.appointed, active_until=until,
                )
                drafts.append(((agency_code, key), counted, employee))
    stored = {
        e.nip or e.nik: e for e in Employee.objects.filter(agency__in=agencies.values())
    }
    new = [e for _, _, e in drafts if (e.nip or e.nik) not in stored]
    Employee.objects.bulk_create(new, batch_size=1000)
    if new:
        stored = {e.nip or e.nik: e for e in Employee.objects.filter(agency__in=agencies.values())}
        created = [stored[e.nip or e.nik] for e in new]
        audit_record_many(context, [
            {"action": "employee.create", "obj": e, "before": None,
             "after": snapshot(e, ("name", "nip", "nik", "employment_type", "unit", "active_from", "active_until"))}
            for e in created
        ])
    staff = {key: Staff(unit=unit) for key, unit in units.items()}
    for key, counted, draft in drafts:
        employee = stored[draft.nip or draft.nik]
        (staff[key].asn if counted else staff[key].others).append(employee)
    _heads_set(staff)
    return staff


def _heads_set(staff) -> None:
    """The first counted employee heads each unit; Bekasi's Bagian Umum has only a Plt."""
    changed = []
    for (agency_code, key), s in staff.items():
        head = s.asn[0]
        acting = (agency_code, key) == ("pemkot-bekasi", "bagian-umum")
        wanted = (None, head.pk) if acting else (head.pk, None)
        if (s.unit.head_id, s.unit.acting_head_id) != wanted:
            s.unit.head_id, s.unit.acting_head_id = wanted
            changed.append(s.unit)
        title = f"{'Plt. ' if acting else ''}Kepala {s.unit.name}"
        if head.position != title:
            head.position = title
            head.save(update_fields=["position"])
    Unit.objects.bulk_update(changed, ["head", "acting_head"])


def logins_build(*, agencies, units, regions, staff) -> list[tuple[str, str]]:
    """One login per role (and a superuser); returns (username, label) in print order."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    existing = set(User.objects.filter(username__in=[row[0] for row in DEMO_LOGINS]).values_list("username", flat=True))
    for username, role, (agency_code, unit_key, region_code), linked, acting, label in DEMO_LOGINS:
        if username in existing:
            continue
        user = User.objects.create(
            username=username, password=password, first_name=label[:150], is_staff=username == "admin",
            is_superuser=username == "admin", email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        )
        if role:
            RoleAssignment.objects.create(
                user=user, role=role, acting=acting,
                agency=agencies[agency_code] if agency_code and not unit_key else None,
                unit=units[(agency_code, unit_key)] if unit_key else None,
                region=regions[region_code] if region_code else None,
            )
        if linked:
            employee = staff[linked[:2]].asn[linked[2]]
            employee.user = user
            employee.email = user.email
            employee.save(update_fields=["user", "email"])
    return [(row[0], row[5]) for row in DEMO_LOGINS]


def counted_asn(staff_list, day) -> list[Employee]:
    return [e for e in staff_list if e.employment_type in ASN_TYPES and e.is_active_on(day)]
