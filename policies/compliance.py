"""The compliance rules as pure functions over plain data (design.md §4).

Nothing here touches the database: selectors gather `CircularData`, `UnitContext` and
`UnitDayFacts` for many units at once, and these functions decide. The roster editor,
the WFH approval and the worker all ask the same functions, so each rule lives here once.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

PUBLISHED = "published"
HEADCOUNT = "headcount"
SCHEDULED = "scheduled"

WFH_OVER_CAP = "wfh_over_cap"
WFH_IN_WFO_UNIT = "wfh_in_wfo_unit"
WFH_AWAY_FROM_DOMICILE = "wfh_away_from_domicile"
MISSING_ROSTER = "missing_roster"
ATTENDANCE_MISMATCH = "attendance_mismatch"


@dataclass(frozen=True)
class RuleData:
    id: int
    circular_id: int
    start: datetime.date
    end: datetime.date
    categories: frozenset[str]
    employment_types: frozenset[str]
    cap_percent: int
    basis: str = HEADCOUNT
    domicile_required: bool = False
    binds_every_day: bool = False

    def covers(self, day: datetime.date, category: str) -> bool:
        return self.start <= day <= self.end and category in self.categories


@dataclass(frozen=True)
class CircularData:
    id: int
    number: str
    status: str
    scope_kind: str  # national | regions | agencies
    rules: tuple[RuleData, ...]
    scope_region_codes: tuple[str, ...] = ()
    scope_agency_ids: frozenset[int] = frozenset()
    parent_ids: frozenset[int] = frozenset()  # based on ∪ amends
    superseded: bool = False  # a published circular supersedes it


@dataclass(frozen=True)
class UnitContext:
    unit_id: int
    agency_id: int
    category: str  # the unit's effective (inherited) service category
    agency_region_code: str
    working_weekdays: str = "12345"


@dataclass(frozen=True)
class Applicability:
    """Which circulars applied to a unit on a day, and the rule that binds."""

    applied: tuple[CircularData, ...] = ()
    standing: tuple[tuple[CircularData, RuleData], ...] = ()
    binding: RuleData | None = None

    @property
    def binding_circular(self) -> CircularData | None:
        if self.binding is None:
            return None
        return next(c for c, r in self.standing if r is self.binding)

    @property
    def applies(self) -> bool:
        return self.binding is not None


class TypeFacts(NamedTuple):
    """Counts for one employment type in one unit on one day (a tuple: a province's day makes
    thousands, and a named tuple is built in half the time of a frozen dataclass)."""

    headcount: int = 0  # active staff
    scheduled: int = 0  # rostered WFO, WFH or field duty
    wfh: int = 0
    missing_roster: int = 0
    away_from_domicile: tuple[int, ...] = ()  # employee ids working from home outside their domicile region
    absent_while_rostered: tuple[int, ...] = ()  # rostered WFO/WFH, recorded TK


@dataclass(frozen=True)
class UnitDayFacts:
    by_type: Mapping[str, TypeFacts] = field(default_factory=dict)

    def total(self, employment_types: Iterable[str]) -> TypeFacts:
        parts = [self.by_type[t] for t in employment_types if t in self.by_type]
        if len(parts) <= 1:
            return parts[0] if parts else EMPTY_TYPE_FACTS
        headcount = scheduled = wfh = missing = 0
        away: list[int] = []
        absent: list[int] = []
        for p in parts:
            headcount += p.headcount
            scheduled += p.scheduled
            wfh += p.wfh
            missing += p.missing_roster
            away += p.away_from_domicile
            absent += p.absent_while_rostered
        return TypeFacts(headcount, scheduled, wfh, missing, tuple(sorted(away)), tuple(sorted(absent)))


EMPTY_TYPE_FACTS = TypeFacts()


@dataclass(frozen=True)
class FindingData:
    kind: str
    measured: int
    limit: int
    basis_count: int
    rule_id: int
    details: dict = field(default_factory=dict)


def region_within(code: str, container: str) -> bool:
    """Kemendagri codes nest by prefix: 31.74 lies inside 31."""
    return code == container or code.startswith(container + ".")


def is_working_day(day: datetime.date, working_weekdays: str, holidays: frozenset[datetime.date] | set) -> bool:
    return str(day.isoweekday()) in working_weekdays and day not in holidays


def scope_covers(circular: CircularData, unit: UnitContext) -> bool:
    if circular.scope_kind == "national":
        return True
    if circular.scope_kind == "regions":
        return any(region_within(unit.agency_region_code, code) for code in circular.scope_region_codes)
    return unit.agency_id in circular.scope_agency_ids


def applicability(
    circulars: Iterable[CircularData], unit: UnitContext, day: datetime.date, *, working_day: bool
) -> Applicability:
    """Design §4: published, not superseded, in scope, a rule covers the day and category,
    working day unless the rule binds every day; children replace parents; strictest binds."""
    candidates: list[tuple[CircularData, RuleData]] = []
    for circular in circulars:
        if circular.status != PUBLISHED or circular.superseded or not scope_covers(circular, unit):
            continue
        for rule in circular.rules:
            if rule.covers(day, unit.category) and (working_day or rule.binds_every_day):
                candidates.append((circular, rule))
    if not candidates:
        return Applicability()
    by_id = {c.id: c for c, _ in candidates}
    replaced = _ancestors_of(by_id.values(), {c.id: c for c in circulars})
    standing = tuple((c, r) for c, r in candidates if c.id not in replaced)
    binding = min(standing, key=_strictness)[1]
    applied = tuple(sorted(by_id.values(), key=lambda c: c.id))
    return Applicability(applied=applied, standing=standing, binding=binding)


def _ancestors_of(circulars: Iterable[CircularData], everything: Mapping[int, CircularData]) -> set[int]:
    ancestors: set[int] = set()
    stack = [p for c in circulars for p in c.parent_ids]
    while stack:
        parent_id = stack.pop()
        if parent_id in ancestors:
            continue
        ancestors.add(parent_id)
        if parent_id in everything:
            stack.extend(everything[parent_id].parent_ids)
    return ancestors


def _strictness(candidate: tuple[CircularData, RuleData]):
    circular, rule = candidate
    # Lowest cap first; on a tie the rule that also demands domicile; then the newer circular.
    return (rule.cap_percent, not rule.domicile_required, -circular.id, rule.id)


def wfh_limit(rule: RuleData, facts: UnitDayFacts) -> tuple[int, int]:
    """(allowed WFH, basis count): floor(cap% × basis / 100)."""
    return _limit(rule, facts.total(rule.employment_types))


def _limit(rule: RuleData, counted: TypeFacts) -> tuple[int, int]:
    basis = counted.scheduled if rule.basis == SCHEDULED else counted.headcount
    return (rule.cap_percent * basis) // 100, basis


def verdict(applied: Applicability, facts: UnitDayFacts) -> list[FindingData]:
    """The findings for one unit and day under the binding rule (none when no rule applies)."""
    rule = applied.binding
    if rule is None:
        return []
    return _verdict(rule, facts.total(rule.employment_types))


def _verdict(rule: RuleData, counted: TypeFacts) -> list[FindingData]:
    limit, basis = _limit(rule, counted)
    findings = []
    if rule.cap_percent == 0 and counted.wfh > 0:
        findings.append(FindingData(WFH_IN_WFO_UNIT, counted.wfh, 0, basis, rule.id))
    elif counted.wfh > limit:
        findings.append(FindingData(WFH_OVER_CAP, counted.wfh, limit, basis, rule.id))
    if rule.domicile_required and counted.away_from_domicile:
        findings.append(
            FindingData(
                WFH_AWAY_FROM_DOMICILE, len(counted.away_from_domicile), 0, basis, rule.id,
                {"employee_ids": list(counted.away_from_domicile)},
            )
        )
    if counted.missing_roster:
        findings.append(FindingData(MISSING_ROSTER, counted.missing_roster, 0, counted.headcount, rule.id))
    if counted.absent_while_rostered:
        findings.append(
            FindingData(
                ATTENDANCE_MISMATCH, len(counted.absent_while_rostered), 0, basis, rule.id,
                {"employee_ids": list(counted.absent_while_rostered)},
            )
        )
    return findings


@dataclass(frozen=True)
class DayStatus:
    """Everything a screen needs about one unit on one day: the binding rule, counts, verdict."""

    unit_id: int
    date: datetime.date
    working_day: bool
    holiday_name: str  # "" when none, e.g. "Cuti Bersama Hari Raya Idul Fitri"
    applicability: Applicability
    facts: UnitDayFacts
    wfh: int  # counted WFH under the binding rule's employment types (0 when no rule)
    limit: int | None  # floor(cap% × basis / 100), None when no rule binds
    basis: int | None
    findings: list[FindingData]

    @property
    def over_cap(self) -> bool:
        return self.limit is not None and self.wfh > self.limit

    @property
    def wfo_only(self) -> bool:
        return self.applicability.binding is not None and self.applicability.binding.cap_percent == 0

    def label(self) -> str:
        """ "3 / 3 WFH (SE 1/2024: maks 50%)" or "WFO 100% (SE 1/2024)"; "" when no rule binds."""
        rule, circular = self.applicability.binding, self.applicability.binding_circular
        if rule is None:
            return ""
        if rule.cap_percent == 0:
            return _("WFO 100%% (SE %(number)s)") % {"number": circular.number}
        return _("%(wfh)s / %(limit)s WFH (SE %(number)s: maks %(cap)s%%)") % {
            "wfh": self.wfh, "limit": self.limit, "number": circular.number, "cap": rule.cap_percent,
        }


def day_status(
    circulars: Iterable[CircularData], unit: UnitContext, day: datetime.date, *,
    working_day: bool, holiday_name: str, facts: UnitDayFacts, applied: Applicability | None = None,
) -> DayStatus:
    """`applied` may be passed in when the caller shares applicability between units alike."""
    if applied is None:
        applied = applicability(circulars, unit, day, working_day=working_day)
    rule = applied.binding
    if rule is None:
        return DayStatus(unit.unit_id, day, working_day, holiday_name, applied, facts, 0, None, None, [])
    counted = facts.total(rule.employment_types)
    limit, basis = _limit(rule, counted)
    return DayStatus(
        unit.unit_id, day, working_day, holiday_name, applied, facts, counted.wfh, limit, basis, _verdict(rule, counted)
    )
