"""The demo world of design.md §2: the seeds' agencies, people, circulars and days."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db.models import Count

from agencies.models import ASN_TYPES, Agency, AuditEvent, Employee, Region, Role, Unit, User
from agencies.scoping import scope_for
from agencies.validators import validate_nik, validate_nip
from attendance.models import AttendanceRecord, RollCall, RosterEntry, WfhRequest
from demo import DEMO_LOGINS, DEMO_PASSWORD, demo_world_build
from policies.models import Circular, Holiday, Rule

pytestmark = pytest.mark.django_db
APR_16, APR_17, APR_18 = datetime.date(2024, 4, 16), datetime.date(2024, 4, 17), datetime.date(2024, 4, 18)
SEP_4 = datetime.date(2023, 9, 4)


def unit(agency_code, key) -> Unit:
    return Unit.objects.get(agency__code=agency_code, code=key)


def wfh_on(agency_code, key, day) -> int:
    return RosterEntry.objects.filter(unit=unit(agency_code, key), date=day, location="WFH").count()


def counted_staff(agency_code, key, day) -> int:
    u = unit(agency_code, key)
    return sum(1 for e in Employee.objects.filter(unit=u, employment_type__in=ASN_TYPES) if e.is_active_on(day))


def world_counts() -> dict:
    models = (Region, Agency, Unit, Employee, User, Circular, Rule, Holiday, RosterEntry, AttendanceRecord, RollCall,
              WfhRequest)
    return {m.__name__: m.objects.count() for m in models} | {"versions": sum(RosterEntry.objects.values_list("version", flat=True))}


def test_the_agencies_of_the_seeds_sit_in_their_regions(demo):
    seats = dict(Agency.objects.values_list("code", "seat_region__code"))
    assert seats == {
        "kemenpan-rb": "31", "pemprov-dki": "31", "pemkot-jaksel": "31.74", "pemkot-bekasi": "32.75",
        "pemprov-kalbar": "61", "pemkot-tangerang": "36.71", "pemkab-tangerang": "36.03",
        "pemkot-makassar": "73.71", "pemkot-jayapura": "91.71",
    }
    assert Agency.objects.get(code="pemkot-jaksel").parent.code == "pemprov-dki"
    zones = dict(Region.objects.filter(code__in=["31", "73.71", "91.71"]).values_list("code", "timezone"))
    assert zones == {"31": "Asia/Jakarta", "73.71": "Asia/Makassar", "91.71": "Asia/Jayapura"}
    assert Region.objects.get(code="61.71").parent.code == "61"


def test_units_carry_the_service_categories_of_the_circulars(demo):
    categories = {
        (u.agency.code, u.name): u.effective_category
        for u in Unit.objects.filter(agency__code__in=["pemprov-kalbar", "pemkab-tangerang"]).select_related("agency")
    }
    assert categories[("pemprov-kalbar", "RSUD dr. Soedarso")] == "health"
    assert categories[("pemprov-kalbar", "Satuan Polisi Pamong Praja")] == "security"
    assert categories[("pemprov-kalbar", "Biro Umum")] == "leadership_support"
    assert categories[("pemprov-kalbar", "Badan Penanggulangan Bencana Daerah")] == "disaster"
    assert categories[("pemkab-tangerang", "Dinas Perhubungan")] == "transport"
    assert categories[("pemkab-tangerang", "Dinas Kesehatan")] == "health"
    umum = unit("pemkot-bekasi", "bagian-umum")
    assert (umum.service_category, umum.effective_category) == ("", "leadership_support")  # inherited from Setda
    assert unit("pemkot-bekasi", "rsud").effective_category == "health"


def test_bekasi_counts_1629_asn_active_on_16_april_2024(demo):
    bekasi = Employee.objects.filter(agency__code="pemkot-bekasi")
    active = [e for e in bekasi if e.is_active_on(APR_16)]
    assert sum(1 for e in active if e.employment_type in ASN_TYPES) == 1629
    assert {e.employment_type for e in active} == {"PNS", "CPNS", "PPPK", "NON_ASN"}
    assert len(bekasi) > len(active)  # some retired before, some appointed after
    assert 3000 <= Employee.objects.count() <= 6000


def test_every_identifier_is_valid_and_unique(demo):
    rows = list(Employee.objects.values_list("employment_type", "nip", "nik"))
    for employment_type, nip, nik in rows:
        if employment_type == "NON_ASN":
            validate_nik(nik)
        else:
            validate_nip(nip, employment_type=employment_type)
    assert len({nip for _, nip, _ in rows if nip}) == sum(1 for _, nip, _ in rows if nip)


def test_units_have_heads_and_bekasi_bagian_umum_an_acting_head(demo):
    assert not Unit.objects.filter(head__isnull=True, acting_head__isnull=True).exists()
    umum = unit("pemkot-bekasi", "bagian-umum")
    assert umum.head is None
    assert umum.acting_head.position == "Plt. Kepala Bagian Umum"
    assert umum.responsible_head == umum.acting_head


def test_the_circulars_with_their_rules_scope_and_links(demo):
    se1 = Circular.objects.get(number="1 Tahun 2024")
    assert (se1.issuer.code, se1.scope_kind, se1.status) == ("kemenpan-rb", "national", "published")
    caps = sorted((r.start_date, r.end_date, r.wfh_cap_percent, len(r.categories)) for r in se1.rules.all())
    assert caps == [(APR_16, APR_17, 0, 12), (APR_16, APR_17, 50, 2), (APR_18, APR_18, 0, 14)]
    assert se1.obligations.count() == 4

    se17 = Circular.objects.get(number="17 Tahun 2023")
    assert list(se17.scope_regions.values_list("code", flat=True)) == ["31"]
    assert all(r.domicile_required for r in se17.rules.all())
    assert {(r.start_date, r.end_date) for r in se17.rules.all()} == {(datetime.date(2023, 8, 28), datetime.date(2023, 9, 7))}

    kalbar = Circular.objects.get(number="800/01/Prov/2024")
    assert (kalbar.issuer.code, kalbar.signed_on) == ("pemprov-kalbar", datetime.date(2024, 4, 13))
    assert list(kalbar.based_on.all()) == [se1]
    assert list(kalbar.scope_regions.values_list("code", flat=True)) == ["61"]

    dki = Circular.objects.get(issuer__code="pemprov-dki")
    assert list(dki.based_on.all()) == [se17]
    rule = dki.rules.get()
    assert (rule.start_date, rule.end_date, rule.wfh_cap_percent, rule.domicile_required) == (
        SEP_4, datetime.date(2023, 9, 7), 75, True)
    assert set(dki.scope_agencies.values_list("code", flat=True)) == {"pemprov-dki", "pemkot-jaksel"}
    assert Circular.objects.count() == 4


def test_bekasi_attendance_and_roll_call_on_16_april(demo):
    statuses = dict(
        AttendanceRecord.objects.filter(agency__code="pemkot-bekasi", date=APR_16)
        .values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    assert statuses == {"H": 1581 - 116, "WFH": 116, "S": 17, "I": 9, "C": 3, "TK": 19}  # 1,581 present
    leave = AttendanceRecord.objects.filter(agency__code="pemkot-bekasi", date=APR_16, status="C")
    assert set(leave.values_list("leave_type", flat=True)) == {"CT"}
    at_home = AttendanceRecord.objects.filter(agency__code="pemkot-bekasi", date=APR_16, status="WFH", place="home")
    rostered_wfh = RosterEntry.objects.filter(agency__code="pemkot-bekasi", date=APR_16, location="WFH")
    assert at_home.count() == rostered_wfh.count() == 116  # WFH staff counted present

    roll_call = RollCall.objects.get(agency__code="pemkot-bekasi", date=APR_16)
    reported = (roll_call.reported_present, roll_call.reported_absent_total, roll_call.reported_sick,
                roll_call.reported_permission, roll_call.reported_leave, roll_call.reported_without_notice)
    assert reported == (1581, 40, 17, 9, 3, 19)
    assert not roll_call.adds_up  # 17 + 9 + 3 + 19 = 48, as reported


def test_rosters_hold_days_that_comply_and_days_that_do_not(demo):
    assert (wfh_on("pemkot-bekasi", "bagian-umum", APR_16), counted_staff("pemkot-bekasi", "bagian-umum", APR_16)) == (20, 40)
    assert (wfh_on("pemkot-bekasi", "bappelitbangda", APR_16), counted_staff("pemkot-bekasi", "bappelitbangda", APR_16)) == (30, 50)
    assert wfh_on("pemkot-bekasi", "dinkes", APR_16) == 3
    assert wfh_on("pemkot-bekasi", "bappelitbangda", APR_18) == 2
    assert wfh_on("pemprov-kalbar", "rsud-soedarso", APR_16) == 6
    assert not RosterEntry.objects.filter(unit=unit("pemkot-jaksel", "kel-senayan"), date=APR_18).exists()


def test_tangerang_had_fewer_than_20_wfh_on_the_first_day_some_in_their_home_towns(demo):
    wfh = RosterEntry.objects.filter(agency__code="pemkot-tangerang", date=APR_16, location="WFH")
    assert 0 < wfh.count() < 20
    away = [e for e in wfh.select_related("employee") if e.wfh_region_id != e.employee.domicile_region_id]
    assert len(away) >= 3


def test_times_are_stored_in_the_agencys_own_time_zone(demo):
    for code, zone in (("pemkot-makassar", "Asia/Makassar"), ("pemkot-jayapura", "Asia/Jayapura")):
        agency = Agency.objects.get(code=code)
        record = AttendanceRecord.objects.filter(agency=agency, date=APR_16, status="H").first()
        local = record.check_in.astimezone(agency.tzinfo)
        assert str(agency.tzinfo) == zone
        assert (local.date(), 6 <= local.hour <= 7) == (APR_16, True)


def test_every_seeded_change_is_audited(demo):
    actions = dict(AuditEvent.objects.values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    assert actions["roster.set"] == RosterEntry.objects.count()
    assert actions["attendance.create"] == AttendanceRecord.objects.count()
    assert actions["employee.create"] == Employee.objects.count()
    assert actions["circular.create"] == 4
    assert actions["wfh_request.submit"] == WfhRequest.objects.count() == 3


def test_holidays_include_cuti_bersama_after_idulfitri(demo):
    kinds = dict(Holiday.objects.filter(date__range=(datetime.date(2024, 4, 8), datetime.date(2024, 4, 15)))
                 .values_list("date", "kind"))
    assert kinds[datetime.date(2024, 4, 8)] == "collective_leave"
    assert kinds[datetime.date(2024, 4, 10)] == "national"
    assert APR_16 not in kinds
    assert Holiday.objects.filter(date__year=2023).exists()


def test_one_demo_login_per_role_with_a_password_our_validators_accept(demo):
    validate_password(DEMO_PASSWORD)
    for username, *_ in DEMO_LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
    roles = {r for user in User.objects.all() for r in scope_for(user).roles}
    assert set(Role.values) <= roles
    assert User.objects.get(username="admin").is_superuser
    plt = User.objects.get(username="plt_kabag_umum_bekasi").roles.get()
    assert (plt.role, plt.acting, plt.unit.name) == ("unit_head", True, "Bagian Umum")
    assert scope_for(User.objects.get(username="inspektur_dki")).inspector_agency_ids == set(
        Agency.objects.filter(code__in=["kemenpan-rb", "pemprov-dki", "pemkot-jaksel"]).values_list("pk", flat=True)
    )
    for username, *_ in DEMO_LOGINS:
        assert f"`{username}`" in demo.output
    assert DEMO_PASSWORD in demo.output


def test_pending_wfh_requests_wait_in_the_plt_queue(demo):
    umum = unit("pemkot-bekasi", "bagian-umum")
    requests = WfhRequest.objects.filter(unit=umum, status="pending")
    assert requests.count() == 3
    assert {r.approver_id for r in requests} == {umum.acting_head_id}
    assert requests.filter(submitted_by__username="pegawai_bekasi").count() == 1


def test_running_it_again_changes_nothing(demo):
    before = world_counts()
    written = demo_world_build(stdout=io.StringIO())
    assert written == {"roster_cells": 0, "attendance_records": 0, "wfh_requests": 0, "holidays": demo.written["holidays"]}
    assert world_counts() == before


def test_seed_demo_if_empty_leaves_a_populated_database_alone_but_prints_the_logins(demo):
    before = world_counts()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already holds agencies" in out.getvalue()
    assert "`hr_bekasi`" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert world_counts() == before


def findings_by_unit_day() -> dict:
    from policies.models import Finding

    found = {}
    for finding in Finding.objects.select_related("unit__agency", "rule__circular"):
        key = (finding.unit.agency.code, finding.unit.code, finding.date)
        found.setdefault(key, {})[finding.kind] = finding
    return found


def test_checking_the_demo_days_finds_exactly_the_planned_breaches(demo):
    from policies.compliance import compliance_check_units

    compliance_check_units(start=datetime.date(2023, 8, 28), end=datetime.date(2023, 9, 7))
    compliance_check_units(start=APR_16, end=APR_18)
    found = findings_by_unit_day()
    over = found[("pemkot-bekasi", "bappelitbangda", APR_16)]["wfh_over_cap"]
    assert (over.measured, over.limit, over.rule.circular.number) == (30, 25, "1 Tahun 2024")
    assert "wfh_over_cap" not in found.get(("pemkot-bekasi", "bagian-umum", APR_16), {})  # exactly 50%
    assert "wfh_over_cap" not in found.get(("pemkot-bekasi", "bappelitbangda", APR_17), {})  # back to 50%
    assert found[("pemkot-bekasi", "dinkes", APR_16)]["wfh_in_wfo_unit"].measured == 3
    assert found[("pemkot-bekasi", "bappelitbangda", APR_18)].keys() & {"wfh_on_office_day", "wfh_over_cap"}
    soedarso = found[("pemprov-kalbar", "rsud-soedarso", APR_16)]["wfh_in_wfo_unit"]
    assert soedarso.rule.circular.number == "800/01/Prov/2024"  # the implementing circular takes its parent's place
    assert found[("pemprov-dki", "bappeda", datetime.date(2023, 8, 30))]["wfh_over_cap"].limit == 22
    assert "wfh_over_cap" not in found.get(("pemprov-dki", "biro-umum", SEP_4), {})  # 37 of 50 under DKI's 75%
    assert found[("pemprov-dki", "biro-umum", SEP_4)]["wfh_away_from_domicile"].measured == 3
    assert "missing_roster" in found[("pemkot-jaksel", "kel-senayan", APR_18)]
    mismatched = sum(f["attendance_mismatch"].measured for (code, _, day), f in found.items()
                     if code == "pemkot-bekasi" and day == APR_16 and "attendance_mismatch" in f)
    assert mismatched == 19  # the 19 without notice were rostered at the office
    assert not [k for k in found if k[0] == "pemkot-tangerang" and k[2] == APR_16 and "wfh_over_cap" in found[k]]


def test_every_demo_login_reaches_its_home_page(demo, client):
    for username, *_ in DEMO_LOGINS:
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        assert response.status_code == 200, username
