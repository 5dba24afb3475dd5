"""The facts a verdict is decided on, read for many units and days at once.

Circulars as pure data, the units' contexts, holidays, and per (unit, day, employment type)
counts, each in a fixed number of set-based queries (GROUP BY unit, day, type and location),
never per employee or per unit: a province-wide check costs the same handful of queries as
a single unit. The counting SQL has one form for SQLite and PostgreSQL alike (dates compare as
ISO text on SQLite), guarded by `rosterhub/ci_parity.py`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, Count, DateField, F, Q, Value, When

from agencies.models import Agency, EmployeePlacement, Unit
from agencies.placements import placed_q
from attendance.models import AttendanceRecord, AttendanceStatus, RosterEntry, WorkLocation
from policies.models import Circular, CircularStatus, Holiday, Rule
from rosterhub.sql import fetch_rows, ids_in

from .calendar import days_between, region_within
from .jurisdiction import AgencyData, may_base_on, may_reach
from .rules import CircularData, RuleData, ScopeData, Supersession, TypeFacts, UnitContext, UnitDayFacts

WORKING = [WorkLocation.WFO, WorkLocation.WFH, WorkLocation.WFA, WorkLocation.OTHER_OFFICE, WorkLocation.DL]


# -- circulars ------------------------------------------------------------------------------------

def _parent_closure(edges: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    """child id -> every ancestor through based_on ∪ amends (transitive)."""
    direct: dict[int, set[int]] = defaultdict(set)
    for child, parent in edges:
        direct[child].add(parent)
    closure = {}
    for child in direct:
        seen, stack = set(), list(direct[child])
        while stack:
            parent = stack.pop()
            if parent not in seen and parent != child:
                seen.add(parent)
                stack.extend(direct.get(parent, ()))
        closure[child] = frozenset(seen)
    return closure


def _rule_data(rule: dict) -> RuleData:
    return RuleData(
        id=rule["id"], circular_id=rule["circular_id"], start=rule["start_date"], end=rule["end_date"],
        categories=frozenset(rule["categories"]), employment_types=frozenset(rule["employment_types"]),
        cap_percent=rule["wfh_cap_percent"], basis=rule["basis"], domicile_required=rule["domicile_required"],
        binds_every_day=rule["binds_every_day"], counted_locations=rule["counted_locations"], weekdays=rule["weekdays"],
    )


RULE_FIELDS = (
    "id", "circular_id", "start_date", "end_date", "categories", "employment_types", "wfh_cap_percent", "basis",
    "domicile_required", "binds_every_day", "counted_locations", "weekdays",
)


def _circulars_data(circular_filter: Q, rule_filter: Q, *, as_published: frozenset[int] = frozenset()) -> list[CircularData]:
    """Seven queries whatever the number of circulars: rows, rules, scope regions, scope
    agencies, based-on and amends edges, and supersession by a published circular (two more,
    the superseding circulars' scopes, when there is any)."""
    rows = list(Circular.objects.filter(circular_filter).values("id", "number", "status", "scope_kind", *ISSUER_FIELDS))
    ids = [r["id"] for r in rows]
    rules = defaultdict(list)
    for rule in Rule.objects.filter(rule_filter, circular_id__in=ids).values(*RULE_FIELDS).order_by("start_date", "id"):
        rules[rule["circular_id"]].append(_rule_data(rule))
    regions = defaultdict(list)
    for cid, code in Circular.scope_regions.through.objects.filter(circular_id__in=ids).values_list(
        "circular_id", "region__code"
    ):
        regions[cid].append(code)
    agencies = defaultdict(set)
    for cid, aid in Circular.scope_agencies.through.objects.filter(circular_id__in=ids).values_list(
        "circular_id", "agency_id"
    ):
        agencies[cid].add(aid)
    parents = _parent_closure(_authorised_edges(Circular.based_on, may_base_on) + _authorised_edges(Circular.amends, may_reach))
    superseded = _supersessions(ids)
    return [
        CircularData(
            id=r["id"], number=r["number"],
            status=CircularStatus.PUBLISHED if r["id"] in as_published else r["status"],
            scope_kind=r["scope_kind"], rules=tuple(rules[r["id"]]),
            scope_region_codes=tuple(sorted(regions[r["id"]])), scope_agency_ids=frozenset(agencies[r["id"]]),
            parent_ids=parents.get(r["id"], frozenset()), superseded=superseded.get(r["id"], ()),
            issuer=_issuer(r, ""),
        )
        for r in rows
    ]


# The issuer of a circular, read beside it ("" prefix) or across a link ("from_circular__", "to_circular__").
ISSUER_FIELDS = ("issuer_id", "issuer__name", "issuer__short_name", "issuer__kind", "issuer__seat_region__code")


def _issuer(row: dict, prefix: str) -> AgencyData:
    field = {name: row[prefix + name] for name in ISSUER_FIELDS}
    return AgencyData(field["issuer_id"], field["issuer__short_name"] or field["issuer__name"], field["issuer__kind"],
                      field["issuer__seat_region__code"])


def _authorised_edges(relation, allowed) -> list[tuple[int, int]]:
    """(child, parent) links of `relation` (based on, amends) that the child's issuer may make of the
    parent's: a link stored outside the issuer's authority does not make the child replace its parent."""
    fields = [f"{end}__{name}" for end in ("from_circular", "to_circular") for name in ISSUER_FIELDS]
    return [
        (row["from_circular_id"], row["to_circular_id"])
        for row in relation.through.objects.values("from_circular_id", "to_circular_id", *fields)
        if allowed(_issuer(row, "from_circular__"), _issuer(row, "to_circular__"))
    ]


def _supersessions(ids: list[int]) -> dict[int, tuple[Supersession, ...]]:
    """superseded id -> the published circulars superseding it, each with its scope (three queries)."""
    edges = list(Circular.supersedes.through.objects.filter(
        to_circular_id__in=ids, from_circular__status=CircularStatus.PUBLISHED
    ).values("to_circular_id", "from_circular_id", "from_circular__number", "from_circular__scope_kind",
             *(f"from_circular__{name}" for name in ISSUER_FIELDS)))
    scopes = scope_data({e["from_circular_id"] for e in edges},
                        kinds={e["from_circular_id"]: e["from_circular__scope_kind"] for e in edges})
    result: dict[int, list[Supersession]] = defaultdict(list)
    for edge in sorted(edges, key=lambda e: (e["to_circular_id"], e["from_circular_id"])):
        by_id = edge["from_circular_id"]
        result[edge["to_circular_id"]].append(Supersession(
            by_id, edge["from_circular__number"], scopes[by_id], by_issuer=_issuer(edge, "from_circular__"),
        ))
    return {to_id: tuple(items) for to_id, items in result.items()}


def scope_data(circular_ids: Iterable[int], *, kinds: dict[int, str]) -> dict[int, ScopeData]:
    """circular id -> its scope as data, for circulars whose scope kind the caller has read."""
    ids = list(circular_ids)
    regions, agencies = defaultdict(list), defaultdict(set)
    if ids:
        for cid, code in Circular.scope_regions.through.objects.filter(circular_id__in=ids).values_list(
            "circular_id", "region__code"
        ):
            regions[cid].append(code)
        for cid, aid in Circular.scope_agencies.through.objects.filter(circular_id__in=ids).values_list(
            "circular_id", "agency_id"
        ):
            agencies[cid].add(aid)
    return {cid: ScopeData(kinds[cid], tuple(sorted(regions[cid])), frozenset(agencies[cid])) for cid in ids}


def published_circulars(start: datetime.date, end: datetime.date) -> list[CircularData]:
    """Published circulars having a rule that overlaps [start, end] (a standing rule has no end), as pure data."""
    overlapping = Q(start_date__lte=end) & (Q(end_date__gte=start) | Q(end_date__isnull=True))
    in_range = Rule.objects.filter(overlapping).values("circular_id")
    return _circulars_data(Q(status=CircularStatus.PUBLISHED, pk__in=in_range), overlapping)


def circular_data(circular_ids: Iterable[int], *, as_published: bool = False) -> list[CircularData]:
    """The named circulars with all their rules; `as_published` treats them as published (preview)."""
    ids = list(circular_ids)
    return _circulars_data(Q(pk__in=ids), Q(), as_published=frozenset(ids) if as_published else frozenset())


# -- units, holidays ------------------------------------------------------------------------------

def unit_contexts(
    unit_ids: Iterable[int] | None, *, agency_ids: Iterable[int] | None = None
) -> dict[int, UnitContext]:
    """The named units (None: every unit), optionally only those of the given agencies, by id."""
    units = Unit.objects.all()
    if unit_ids is not None:
        units = units.filter(ids_in("pk", unit_ids))
    if agency_ids is not None:
        units = units.filter(agency_id__in=list(agency_ids))
    rows = fetch_rows(units.order_by("pk").values_list(
        "id", "agency_id", "effective_category", "agency__seat_region__code", "agency__working_weekdays", "agency__kind"
    ))
    return {
        uid: UnitContext(unit_id=uid, agency_id=aid, category=cat, agency_region_code=code, working_weekdays=weekdays,
                         agency_kind=kind)
        for uid, aid, cat, code, weekdays, kind in rows
    }


def holidays_by_agency(
    agencies: dict[int, str], start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, str]]:
    """agency id -> {date: name}: national holidays and cuti bersama, plus local ones for the
    agency or for a region containing its seat. `agencies` maps agency id -> seat region code."""
    rows = Holiday.objects.filter(date__range=(start, end)).filter(
        Q(region__isnull=True, agency__isnull=True) | Q(agency_id__in=list(agencies)) | Q(region__isnull=False)
    ).values_list("date", "name", "region__code", "agency_id").order_by("date", "kind", "name")
    result: dict[int, dict[datetime.date, str]] = {aid: {} for aid in agencies}
    for day, name, region_code, agency_id in rows:
        for aid, seat_code in agencies.items():
            if agency_id is not None and agency_id != aid:
                continue
            if region_code is not None and not region_within(seat_code, region_code):
                continue
            result[aid].setdefault(day, name)
    return result


def holiday_names(agency: Agency, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """The days off in [start, end] for one agency, with their names (for the roster grid)."""
    return holidays_by_agency({agency.pk: agency.seat_region.code}, start, end)[agency.pk]


# -- facts ----------------------------------------------------------------------------------------

def _clamped(field_name: str, bound: datetime.date, *, below: bool) -> Case:
    """Clamp a date column to the checked range so most employees fall into one group."""
    lookup = f"{field_name}__lt" if below else f"{field_name}__gt"
    whens = [When(**{lookup: bound}, then=Value(bound))]
    if not below:
        whens.insert(0, When(**{f"{field_name}__isnull": True}, then=Value(bound)))
    return Case(*whens, default=F(field_name), output_field=DateField())


# The type a row counts under is the one its employee held on the row's date.
PLACED_TYPE = "employee__placements__employment_type"


def unit_day_facts(
    unit_ids: list[int], start: datetime.date, end: datetime.date, *, domicile_unit_ids: set[int] | None = None
) -> dict[tuple[int, datetime.date], UnitDayFacts]:
    """Counts by unit, day and employment type in at most three grouped queries.

    WFH away from the domicile is only looked up for `domicile_unit_ids` (units a rule
    demanding domicile binds); None looks it up for every unit."""
    days = days_between(start, end)
    # Headcount: placement periods (unit, type, from, until) spread over the days they cover,
    # grouped by their dates clamped to the range. A period covers only active days, so a move
    # or a leaver never changes the count of a day outside its own period.
    periods = (
        EmployeePlacement.objects.filter(ids_in("unit_id", unit_ids), valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .annotate(first_day=_clamped("valid_from", start, below=True), last_day=_clamped("valid_until", end, below=False))
        .values("unit_id", "employment_type", "first_day", "last_day")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit_id", "employment_type", "first_day", "last_day", "n")
    )
    # Roster: the entries in range (filtered by Django); ROSTER_COUNTS_SQL joins each to its employee's
    # placement on the entry's date and counts it under the type held that day.
    roster = (
        RosterEntry.objects.filter(ids_in("unit_id", unit_ids), date__range=(start, end))
        .order_by().values_list("id", "unit_id", "date", "employee_id", "location")
    )
    as_date = {day: day for day in days} | {day.isoformat(): day for day in days}  # SQLite returns text
    by_unit_day: dict[tuple[int, datetime.date], dict[str, TypeFacts]] = {}
    (away_by_key, unknown_by_key), absent_by_key = (
        _away_from_domicile(unit_ids, start, end, domicile_unit_ids), _absent(unit_ids, start, end)
    )
    for unit_id, day, etype, headcount, scheduled, wfh, entries, wfa in _counts(periods, roster, days):
        key = (unit_id, as_date[day], etype)
        away_ids, absent_ids, unknown_ids = away_by_key.get(key), absent_by_key.get(key), unknown_by_key.get(key)
        facts = TypeFacts(
            headcount, scheduled, wfh, headcount - entries if headcount > entries else 0,
            tuple(sorted(away_ids)) if away_ids else (), tuple(sorted(absent_ids)) if absent_ids else (),
            tuple(sorted(unknown_ids)) if unknown_ids else (), wfa,
        )
        types = by_unit_day.get(key[:2])
        if types is None:
            by_unit_day[key[:2]] = {etype: facts}
        else:
            types[etype] = facts
    return {key: UnitDayFacts(by_type=types) for key, types in by_unit_day.items()}


# Each roster entry joined straight to its employee's placement on the entry's date (at most one; no
# detour through the employee table, which Django's `employee__placements__` join would take), and
# counted under the type held that day when that placement is in the entry's unit. "In the unit"
# filters the counts rather than the join: as a second join key it makes PostgreSQL expect a few
# rows where there are thousands, and sort them on disk instead of hashing them. The period test
# is a CASE for the same reason: written as `valid_from <= date AND (valid_until IS NULL OR …)`
# PostgreSQL guesses it keeps a third of the rows (two default inequality guesses) and plans a
# parallel sort that spills to disk; a CASE compared with 0 it expects to keep nearly all, as it
# does, and hashes them (EXPLAIN ANALYZE of a 253-unit month chunk of seed_scale, 180,000 entries:
# estimated 71,000 kept and three external sorts before; 171,000 and one in-memory hash now, the
# plan the check had before placement history; tests/policies/test_counts_sql.py).
ROSTER_COUNTS_SQL = """
SELECT r.unit_id, r.date, p.employment_type, 0,
       COUNT(*) FILTER (WHERE p.unit_id = r.unit_id AND r.location IN ({working})),
       COUNT(*) FILTER (WHERE p.unit_id = r.unit_id AND r.location = %s),
       COUNT(*) FILTER (WHERE p.unit_id = r.unit_id),
       COUNT(*) FILTER (WHERE p.unit_id = r.unit_id AND r.location = %s)
FROM ({entries}) r JOIN {placements} p ON p.employee_id = r.employee_id
WHERE CASE WHEN p.valid_from > r.date THEN 0 WHEN p.valid_until < r.date THEN 0 ELSE 1 END <> 0
GROUP BY r.unit_id, r.date, p.employment_type
"""
COUNTS_SQL = """
WITH periods AS MATERIALIZED ({periods}), days(day) AS (VALUES {days})
SELECT unit_id, day, employment_type, CAST(SUM(headcount) AS INTEGER), CAST(SUM(scheduled) AS INTEGER),
       CAST(SUM(wfh) AS INTEGER), CAST(SUM(entries) AS INTEGER), CAST(SUM(wfa) AS INTEGER)
FROM (
    SELECT p.unit_id, d.day, p.employment_type, p.n AS headcount, 0 AS scheduled, 0 AS wfh, 0 AS entries, 0 AS wfa
    FROM periods p JOIN days d ON d.day BETWEEN p.first_day AND p.last_day
    UNION ALL
    {roster}
) AS facts
GROUP BY unit_id, day, employment_type
"""


def _counts(periods, roster, days: list[datetime.date]) -> list[tuple]:
    """(unit, day, type, headcount, scheduled, wfh, entries, wfa) in one statement: each period of
    employment spread over the days it covers, added to the roster's counts for that day."""
    periods_sql, periods_params = periods.query.sql_with_params()
    entries_sql, entries_params = roster.query.sql_with_params()
    roster_sql = ROSTER_COUNTS_SQL.format(
        working=", ".join(["%s"] * len(WORKING)), entries=entries_sql,
        placements=connection.ops.quote_name(EmployeePlacement._meta.db_table),
    )
    sql = COUNTS_SQL.format(periods=periods_sql, days=", ".join(["(%s)"] * len(days)), roster=roster_sql)
    locations = [str(location) for location in (*WORKING, WorkLocation.WFH, WorkLocation.WFA)]
    params = [*periods_params, *days, *locations, *entries_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _away_from_domicile(
    unit_ids: list[int], start: datetime.date, end: datetime.date, domicile_unit_ids: set[int] | None
) -> tuple[dict[tuple, list[int]], dict[tuple, list[int]]]:
    """(unit, day, type) -> ids of staff working from home whose address region is known and is
    not their domicile region (nor inside it), and -> ids of those whose WFH region is not known
    (under a rule demanding domicile missing data is a finding, not a pass). One query for both,
    looked up for `domicile_unit_ids` (None: all)."""
    away_by_key: dict[tuple, list[int]] = defaultdict(list)
    unknown_by_key: dict[tuple, list[int]] = defaultdict(list)
    away_units = unit_ids if domicile_unit_ids is None else [u for u in unit_ids if u in domicile_unit_ids]
    elsewhere = Q(employee__domicile_region__isnull=False) & ~Q(wfh_region_id=F("employee__domicile_region_id"))
    away = [] if not away_units else (
        RosterEntry.objects.filter(
            placed_q(), ids_in("unit_id", away_units), date__range=(start, end), location=WorkLocation.WFH,
        )
        .filter(Q(wfh_region__isnull=True) | elsewhere)
        .values_list("unit_id", "date", PLACED_TYPE, "employee_id", "wfh_region__code",
                     "employee__domicile_region__code")
    )
    for unit_id, day, etype, employee_id, wfh_code, home_code in away:
        if wfh_code is None:
            unknown_by_key[(unit_id, day, etype)].append(employee_id)
        elif not region_within(wfh_code, home_code):
            away_by_key[(unit_id, day, etype)].append(employee_id)
    return away_by_key, unknown_by_key


def _absent(unit_ids: list[int], start: datetime.date, end: datetime.date) -> dict[tuple, list[int]]:
    """(unit, day, type) -> ids of staff rostered to work (WFO/WFH) but recorded absent without notice (TK)."""
    absent_by_key: dict[tuple, list[int]] = defaultdict(list)
    absent = (
        AttendanceRecord.objects.filter(
            placed_q(), ids_in("unit_id", unit_ids), date__range=(start, end), status=AttendanceStatus.ABSENT,
            employee__roster_entries__date=F("date"),
            employee__roster_entries__location__in=[WorkLocation.WFO, WorkLocation.WFH],
        )
        .values_list("unit_id", "date", PLACED_TYPE, "employee_id")
    )
    for unit_id, day, etype, employee_id in absent:
        absent_by_key[(unit_id, day, etype)].append(employee_id)
    return absent_by_key
