"""Reads for compliance: circulars as pure data, holidays, and per-unit-day facts.

Everything is loaded for many units and days at once with a fixed number of
set-based queries (GROUP BY unit, day, employment type and location), never per
employee or per unit, so a province-wide check costs the same handful of queries
as a single unit.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Case, Count, DateField, F, Func, Q, Value, When
from django.db.models.expressions import RawSQL

from agencies.models import Agency, Employee, Unit, region_code_within
from attendance.models import AttendanceRecord, AttendanceStatus, RosterEntry, WorkLocation

from .compliance import (
    Applicability,
    CircularData,
    DayStatus,
    FindingData,
    RuleData,
    TypeFacts,
    UnitContext,
    UnitDayFacts,
    applicability,
    day_status,
    is_working_day,
    scope_covers,
)
from .models import Circular, CircularStatus, Holiday, Rule

__all__ = [
    "Applicability", "DayStatus", "FindingData", "UnitDayFacts", "circular_data", "circular_preview",
    "circulars_for_scope", "compliance_day_statuses", "days_between", "findings_for_scope", "holiday_names",
    "ids_in", "published_circulars", "fetch_rows", "unit_contexts",
]


WORKING = [WorkLocation.WFO, WorkLocation.WFH, WorkLocation.DL]


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


class _EqualsAny(Func):
    """column = ANY(array)"""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def ids_in(field_name: str, ids: Iterable[int]):
    """`field IN (ids)`; on PostgreSQL `field = ANY(array)`: one parameter instead of Django
    preparing each of 1,500 unit ids one by one (a fifth of a province's one-day check)."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return _EqualsAny(F(field_name), RawSQL("%s::bigint[]", (ids,)))  # psycopg adapts the list as one array
    return Q(**{f"{field_name}__in": ids})


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
        binds_every_day=rule["binds_every_day"],
    )


RULE_FIELDS = (
    "id", "circular_id", "start_date", "end_date", "categories", "employment_types", "wfh_cap_percent", "basis",
    "domicile_required", "binds_every_day",
)


def _circulars_data(circular_filter: Q, rule_filter: Q, *, as_published: frozenset[int] = frozenset()) -> list[CircularData]:
    """Seven queries whatever the number of circulars: rows, rules, scope regions, scope
    agencies, based-on and amends edges, and supersession by a published circular."""
    rows = list(Circular.objects.filter(circular_filter).values("id", "number", "status", "scope_kind"))
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
    edges = list(Circular.based_on.through.objects.values_list("from_circular_id", "to_circular_id"))
    edges += list(Circular.amends.through.objects.values_list("from_circular_id", "to_circular_id"))
    parents = _parent_closure(edges)
    superseded = set(
        Circular.supersedes.through.objects.filter(
            to_circular_id__in=ids, from_circular__status=CircularStatus.PUBLISHED
        ).values_list("to_circular_id", flat=True)
    )
    return [
        CircularData(
            id=r["id"], number=r["number"],
            status=CircularStatus.PUBLISHED if r["id"] in as_published else r["status"],
            scope_kind=r["scope_kind"], rules=tuple(rules[r["id"]]),
            scope_region_codes=tuple(sorted(regions[r["id"]])), scope_agency_ids=frozenset(agencies[r["id"]]),
            parent_ids=parents.get(r["id"], frozenset()), superseded=r["id"] in superseded,
        )
        for r in rows
    ]


def published_circulars(start: datetime.date, end: datetime.date) -> list[CircularData]:
    """Published circulars having a rule that overlaps [start, end], as pure data."""
    overlapping = Q(start_date__lte=end, end_date__gte=start)
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
        "id", "agency_id", "effective_category", "agency__seat_region__code", "agency__working_weekdays"
    ))
    return {
        uid: UnitContext(unit_id=uid, agency_id=aid, category=cat, agency_region_code=code, working_weekdays=weekdays)
        for uid, aid, cat, code, weekdays in rows
    }


def _holidays_by_agency(
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
            if region_code is not None and not region_code_within(seat_code, region_code):
                continue
            result[aid].setdefault(day, name)
    return result


def holiday_names(agency: Agency, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """The days off in [start, end] for one agency, with their names (for the roster grid)."""
    return _holidays_by_agency({agency.pk: agency.seat_region.code}, start, end)[agency.pk]


# -- facts ----------------------------------------------------------------------------------------

def _clamped(field_name: str, bound: datetime.date, *, below: bool) -> Case:
    """Clamp a date column to the checked range so most employees fall into one group."""
    lookup = f"{field_name}__lt" if below else f"{field_name}__gt"
    whens = [When(**{lookup: bound}, then=Value(bound))]
    if not below:
        whens.insert(0, When(**{f"{field_name}__isnull": True}, then=Value(bound)))
    return Case(*whens, default=F(field_name), output_field=DateField())


def fetch_rows(queryset) -> list[tuple]:
    """A values_list queryset's rows; on PostgreSQL straight from the cursor (the driver already
    returns dates and ints, so Django's per-row converters are skipped)."""
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _active_on_row_date(prefix: str = "employee__") -> Q:
    return Q(**{f"{prefix}active_from__lte": F("date")}) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": F("date")})
    )


def unit_day_facts(
    unit_ids: list[int], start: datetime.date, end: datetime.date, *, domicile_unit_ids: set[int] | None = None
) -> dict[tuple[int, datetime.date], UnitDayFacts]:
    """Counts by unit, day and employment type in at most three grouped queries.

    WFH away from the domicile is only looked up for `domicile_unit_ids` (units a rule
    demanding domicile binds); None looks it up for every unit."""
    days = days_between(start, end)
    # Headcount: staff active on the day, grouped by their active period clamped to the range.
    periods = (
        Employee.objects.filter(ids_in("unit_id", unit_ids), active_from__lte=end)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
        .annotate(first_day=_clamped("active_from", start, below=True), last_day=_clamped("active_until", end, below=False))
        .values("unit_id", "employment_type", "first_day", "last_day")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit_id", "employment_type", "first_day", "last_day", "n")
    )
    # Roster: entries of the unit's own active staff, counted by kind of location. "Own and active"
    # filters the counts rather than the join: as a second join key it makes PostgreSQL expect a
    # few rows where there are thousands, and sort them on disk instead of hashing them.
    own = Q(employee__unit_id=F("unit_id")) & _active_on_row_date()
    roster = (
        RosterEntry.objects.filter(ids_in("unit_id", unit_ids), date__range=(start, end))
        .values("unit_id", "date", "employee__employment_type")
        .annotate(
            headcount=Value(0), scheduled=Count("id", filter=own & Q(location__in=WORKING)),
            wfh=Count("id", filter=own & Q(location=WorkLocation.WFH)), entries=Count("id", filter=own),
        )
        .order_by()
        .values_list("unit_id", "date", "employee__employment_type", "headcount", "scheduled", "wfh", "entries")
    )
    as_date = {day: day for day in days} | {day.isoformat(): day for day in days}  # SQLite returns text
    by_unit_day: dict[tuple[int, datetime.date], dict[str, TypeFacts]] = {}
    away_by_key, absent_by_key = _away_from_domicile(unit_ids, start, end, domicile_unit_ids), _absent(unit_ids, start, end)
    for unit_id, day, etype, headcount, scheduled, wfh, entries in _counts(periods, roster, days):
        key = (unit_id, as_date[day], etype)
        away_ids, absent_ids = away_by_key.get(key), absent_by_key.get(key)
        facts = TypeFacts(
            headcount, scheduled, wfh, headcount - entries if headcount > entries else 0,
            tuple(sorted(away_ids)) if away_ids else (), tuple(sorted(absent_ids)) if absent_ids else (),
        )
        types = by_unit_day.get(key[:2])
        if types is None:
            by_unit_day[key[:2]] = {etype: facts}
        else:
            types[etype] = facts
    return {key: UnitDayFacts(by_type=types) for key, types in by_unit_day.items()}


COUNTS_SQL = """
WITH periods AS MATERIALIZED ({periods}), days(day) AS (VALUES {days})
SELECT unit_id, day, employment_type, CAST(SUM(headcount) AS INTEGER), CAST(SUM(scheduled) AS INTEGER),
       CAST(SUM(wfh) AS INTEGER), CAST(SUM(entries) AS INTEGER)
FROM (
    SELECT p.unit_id, d.day, p.employment_type, p.n AS headcount, 0 AS scheduled, 0 AS wfh, 0 AS entries
    FROM periods p JOIN days d ON d.day BETWEEN p.first_day AND p.last_day
    UNION ALL
    {roster}
) AS facts
GROUP BY unit_id, day, employment_type
"""


def _counts(periods, roster, days: list[datetime.date]) -> list[tuple]:
    """(unit, day, type, headcount, scheduled, wfh, entries) in one statement: each period of
    employment spread over the days it covers, added to the roster's counts for that day."""
    periods_sql, periods_params = periods.query.sql_with_params()
    roster_sql, roster_params = roster.query.sql_with_params()
    sql = COUNTS_SQL.format(periods=periods_sql, days=", ".join(["(%s)"] * len(days)), roster=roster_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*periods_params, *days, *roster_params])
        return cursor.fetchall()


def _away_from_domicile(
    unit_ids: list[int], start: datetime.date, end: datetime.date, domicile_unit_ids: set[int] | None
) -> dict[tuple, list[int]]:
    """(unit, day, type) -> ids of staff working from home whose address region is known and is
    not their domicile region (nor inside it); looked up for `domicile_unit_ids` (None: all)."""
    away_by_key: dict[tuple, list[int]] = defaultdict(list)
    away_units = unit_ids if domicile_unit_ids is None else [u for u in unit_ids if u in domicile_unit_ids]
    away = [] if not away_units else (
        RosterEntry.objects.filter(
            ids_in("unit_id", away_units), date__range=(start, end), employee__unit_id=F("unit_id"),
            location=WorkLocation.WFH, wfh_region__isnull=False, employee__domicile_region__isnull=False,
        )
        .filter(_active_on_row_date())
        .exclude(wfh_region_id=F("employee__domicile_region_id"))
        .values_list("unit_id", "date", "employee__employment_type", "employee_id", "wfh_region__code",
                     "employee__domicile_region__code")
    )
    for unit_id, day, etype, employee_id, wfh_code, home_code in away:
        if not region_code_within(wfh_code, home_code):
            away_by_key[(unit_id, day, etype)].append(employee_id)
    return away_by_key


def _absent(unit_ids: list[int], start: datetime.date, end: datetime.date) -> dict[tuple, list[int]]:
    """(unit, day, type) -> ids of staff rostered to work (WFO/WFH) but recorded absent without notice (TK)."""
    absent_by_key: dict[tuple, list[int]] = defaultdict(list)
    absent = (
        AttendanceRecord.objects.filter(
            ids_in("unit_id", unit_ids), date__range=(start, end), status=AttendanceStatus.ABSENT,
            employee__unit_id=F("unit_id"),
            employee__roster_entries__date=F("date"),
            employee__roster_entries__location__in=[WorkLocation.WFO, WorkLocation.WFH],
        )
        .filter(_active_on_row_date())
        .values_list("unit_id", "date", "employee__employment_type", "employee_id")
    )
    for unit_id, day, etype, employee_id in absent:
        absent_by_key[(unit_id, day, etype)].append(employee_id)
    return absent_by_key


# -- the day statuses -----------------------------------------------------------------------------

EMPTY_FACTS = UnitDayFacts()


def compliance_day_statuses(
    unit_ids: Iterable[int], start: datetime.date, end: datetime.date, *,
    circulars: list[CircularData] | None = None, contexts: dict[int, UnitContext] | None = None,
) -> dict[tuple[int, datetime.date], DayStatus]:
    """The verdict for every (unit, day) in [start, end], in a fixed number of queries.

    `circulars` replaces the published ones (the circular preview passes a draft as published);
    `contexts` are the units' `unit_contexts` when the caller already loaded them.
    """
    if contexts is None:
        contexts = unit_contexts(unit_ids)
    if not contexts:
        return {}
    if circulars is None:
        circulars = published_circulars(start, end)
    agencies = {c.agency_id: c.agency_region_code for c in contexts.values()}
    holidays = _holidays_by_agency(agencies, start, end)
    days = days_between(start, end)
    # Applicability depends on the agency, the category and the day only: decide it once per kind of unit.
    shared: dict[tuple, Applicability] = {}
    applied: dict[tuple[int, datetime.date], tuple[Applicability, bool]] = {}
    domicile_units = set()
    for unit in contexts.values():
        off = holidays[unit.agency_id]
        for day in days:
            working = is_working_day(day, unit.working_weekdays, off.keys())
            key = (unit.agency_id, unit.category, day, working)
            if key not in shared:
                shared[key] = applicability(circulars, unit, day, working_day=working)
            applied[(unit.unit_id, day)] = (shared[key], working)
            if shared[key].binding is not None and shared[key].binding.domicile_required:
                domicile_units.add(unit.unit_id)
    facts = unit_day_facts(list(contexts), start, end, domicile_unit_ids=domicile_units)
    statuses = {}
    for (unit_id, day), (applies, working) in applied.items():
        statuses[(unit_id, day)] = day_status(
            circulars, contexts[unit_id], day, working_day=working,
            holiday_name=holidays[contexts[unit_id].agency_id].get(day, ""),
            facts=facts.get((unit_id, day), EMPTY_FACTS), applied=applies,
        )
    return statuses


# -- pages ----------------------------------------------------------------------------------------

def findings_for_scope(scope, *, date_from=None, date_to=None, agency_id=None, unit_id=None, kind="", status=""):
    """Findings the user may read, filtered; status "" means not yet resolved, "all" means any."""
    from .models import Finding, FindingStatus

    qs = scope.filter(Finding.objects.all(), agency="agency_id", unit_path="unit__path", employee=None)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status == "":
        qs = qs.exclude(status=FindingStatus.RESOLVED)
    elif status != "all":
        qs = qs.filter(status=status)
    return (
        qs.select_related("agency", "unit", "rule__circular", "reviewed_by")
        .prefetch_related("circulars", "notes__author")
        .order_by("-date", "agency__name", "unit__path", "kind")
    )


def circulars_covering(agencies: Iterable[Agency], *, limit: int = 6) -> list[CircularData]:
    """Published circulars whose scope takes in one of the agencies, the most recent rules first
    (the dashboard offers their days as periods). `agencies` need `seat_region` loaded."""
    stand_ins = [UnitContext(0, a.pk, "", a.seat_region.code) for a in agencies]
    if not stand_ins:
        return []
    circulars = _circulars_data(Q(status=CircularStatus.PUBLISHED), Q())
    covering = [c for c in circulars if c.rules and any(scope_covers(c, u) for u in stand_ins)]
    covering.sort(key=lambda c: max(r.end for r in c.rules), reverse=True)
    return covering[:limit]


def circulars_for_scope(scope):
    """Published and revoked circulars are public; drafts only for their issuer's policy admins."""
    qs = Circular.objects.select_related("issuer")
    if scope.is_superuser:
        return qs
    return qs.filter(~Q(status=CircularStatus.DRAFT) | Q(issuer_id__in=scope.policy_agency_ids))


@dataclass(frozen=True)
class PreviewCell:
    bound: int  # units the circular applies to that day
    binding: int  # units where its rule is the binding one


@dataclass(frozen=True)
class PreviewUnit:
    name: str
    days: list[bool]  # bound on each preview day
    binding_days: int  # days its strictest rule comes from this circular
    findings: int  # findings over the preview's days if published


@dataclass(frozen=True)
class CircularPreview:
    start: datetime.date
    end: datetime.date
    days: list[datetime.date]
    rows: list[tuple[Agency, list[PreviewCell]]]
    units_bound: int  # distinct units it applies to on some day
    today: datetime.date
    findings_today: int  # if it were published
    findings_today_now: int  # as things stand
    findings_today_by_kind: dict[str, int]
    units: list[tuple[Agency, list[PreviewUnit]]] = ()  # the bound units by agency, with their days
    findings_period: int = 0  # over the circular's own days (start..end), if published
    findings_period_now: int = 0
    findings_period_by_kind: dict[str, int] | None = None


PREVIEW_MAX_DAYS = 31


def _candidate_units(circular: CircularData) -> list[int]:
    categories = {c for rule in circular.rules for c in rule.categories}
    units = Unit.objects.filter(effective_category__in=categories)
    if circular.scope_kind == "regions":
        seat = Q(pk__in=[])
        for code in circular.scope_region_codes:
            seat |= Q(agency__seat_region__code=code) | Q(agency__seat_region__code__startswith=code + ".")
        units = units.filter(seat)
    elif circular.scope_kind == "agencies":
        units = units.filter(agency_id__in=circular.scope_agency_ids)
    return list(units.values_list("pk", flat=True))


def circular_preview(
    circular: Circular, *, today: datetime.date, start: datetime.date | None = None, end: datetime.date | None = None
) -> CircularPreview | None:
    """Which units the circular would bind on which days (per agency), and the findings it
    would raise today, treating it as published. None when it has no rules yet."""
    (draft,) = circular_data([circular.pk], as_published=True)
    if not draft.rules:
        return None
    start = start or min(r.start for r in draft.rules)
    end = min(end or max(r.end for r in draft.rules), start + datetime.timedelta(days=PREVIEW_MAX_DAYS - 1))
    unit_ids = _candidate_units(draft)

    def with_draft(first, last):
        others = [c for c in published_circulars(first, last) if c.id != draft.id]
        return others + [draft]

    statuses = compliance_day_statuses(unit_ids, start, end, circulars=with_draft(start, end))
    contexts = unit_contexts(unit_ids)
    days = days_between(start, end)
    cells: dict[int, dict[datetime.date, list[int]]] = defaultdict(lambda: {d: [0, 0] for d in days})
    bound_units = set()
    for (unit_id, day), status in statuses.items():
        if any(c.id == draft.id for c in status.applicability.applied):
            cell = cells[contexts[unit_id].agency_id][day]
            cell[0] += 1
            bound_units.add(unit_id)
            if status.applicability.binding.circular_id == draft.id:
                cell[1] += 1
    agencies = Agency.objects.in_bulk(list(cells))
    units = _preview_units(statuses, draft.id, bound_units, contexts, days, agencies)
    period_now = compliance_day_statuses(unit_ids, start, end)
    period_by_kind: dict[str, int] = defaultdict(int)
    for status in statuses.values():
        for finding in status.findings:
            period_by_kind[finding.kind] += 1
    rows = sorted(
        ((agencies[aid], [PreviewCell(*by_day[d]) for d in days]) for aid, by_day in cells.items()),
        key=lambda row: row[0].name,
    )
    if start <= today <= end:
        today_with = {k: v for k, v in statuses.items() if k[1] == today}
    else:
        today_with = compliance_day_statuses(unit_ids, today, today, circulars=with_draft(today, today))
    today_now = compliance_day_statuses(unit_ids, today, today)
    by_kind: dict[str, int] = defaultdict(int)
    for status in today_with.values():
        for finding in status.findings:
            by_kind[finding.kind] += 1
    return CircularPreview(
        start=start, end=end, days=days, rows=rows, units_bound=len(bound_units), today=today,
        findings_today=sum(by_kind.values()),
        findings_today_now=sum(len(s.findings) for s in today_now.values()),
        findings_today_by_kind=dict(by_kind), units=units, findings_period=sum(period_by_kind.values()),
        findings_period_now=sum(len(s.findings) for s in period_now.values()), findings_period_by_kind=dict(period_by_kind),
    )


def _preview_units(statuses, draft_id, bound_units, contexts, days, agencies) -> list[tuple[Agency, list[PreviewUnit]]]:
    names = dict(Unit.objects.filter(pk__in=bound_units).values_list("pk", "name"))
    per_unit: dict[int, dict] = {u: {"days": set(), "binding": 0, "findings": 0} for u in bound_units}
    for (unit_id, day), status in statuses.items():
        if unit_id not in per_unit:
            continue
        entry = per_unit[unit_id]
        if any(c.id == draft_id for c in status.applicability.applied):
            entry["days"].add(day)
            entry["binding"] += status.applicability.binding.circular_id == draft_id
        entry["findings"] += len(status.findings)
    by_agency: dict[int, list[PreviewUnit]] = defaultdict(list)
    for unit_id, entry in per_unit.items():
        by_agency[contexts[unit_id].agency_id].append(
            PreviewUnit(names.get(unit_id, ""), [d in entry["days"] for d in days], entry["binding"], entry["findings"])
        )
    return sorted(
        ((agencies[aid], sorted(items, key=lambda u: u.name)) for aid, items in by_agency.items()),
        key=lambda row: row[0].name,
    )
