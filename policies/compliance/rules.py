"""The compliance rules as pure functions over plain data (design.md §4).

Nothing here touches the database: `facts` gathers `CircularData`, `UnitContext` and
`UnitDayFacts` for many units at once, and these functions decide which rule binds and what
it finds. The cap arithmetic (floor(cap% × basis / 100), "over" means more WFH than that) is
`cap_check`, asked by the check, the roster grid and its patterns, the WFH form, queue and
approval alike.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import gettext as _

from agencies.models import ServiceCategory
from attendance.models import WorkLocation
from policies.models import CircularScopeKind, CircularStatus, CountedLocations, FindingKind, RuleBasis

from .calendar import region_within
from .jurisdiction import AgencyData, binds, may_reach

PUBLISHED = CircularStatus.PUBLISHED
HEADCOUNT = RuleBasis.HEADCOUNT
SCHEDULED = RuleBasis.SCHEDULED

WFH_OVER_CAP = FindingKind.WFH_OVER_CAP
WFH_IN_WFO_UNIT = FindingKind.WFH_IN_WFO_UNIT
WFH_ON_OFFICE_DAY = FindingKind.WFH_ON_OFFICE_DAY
WFH_LOCATION_UNKNOWN = FindingKind.WFH_LOCATION_UNKNOWN
WFH_AWAY_FROM_DOMICILE = FindingKind.WFH_AWAY_FROM_DOMICILE
MISSING_ROSTER = FindingKind.MISSING_ROSTER
ATTENDANCE_MISMATCH = FindingKind.ATTENDANCE_MISMATCH
EVERY_CATEGORY = frozenset(ServiceCategory.values)
PROPORTION_NOT_SET = FindingKind.PROPORTION_NOT_SET
COUNTS_WFA = CountedLocations.WFH_WFA


@dataclass(frozen=True)
class RuleData:
    """One rule as data. `end` None is a standing arrangement (PermenPANRB 4/2025); `weekdays`
    ("5": Fridays; "" every day) narrows the days it covers; `cap_percent` None is a proportion
    the circular leaves to the agency head ("ditetapkan pimpinan instansi")."""

    id: int
    circular_id: int
    start: datetime.date
    end: datetime.date | None
    categories: frozenset[str]
    employment_types: frozenset[str]
    cap_percent: int | None
    basis: str = HEADCOUNT
    domicile_required: bool = False
    binds_every_day: bool = False
    counted_locations: str = CountedLocations.WFH
    weekdays: str = ""

    def covers(self, day: datetime.date, category: str) -> bool:
        return (
            self.start <= day and (self.end is None or day <= self.end) and category in self.categories
            and (not self.weekdays or str(day.isoweekday()) in self.weekdays)
        )

    @property
    def delegated(self) -> bool:
        return self.cap_percent is None

    def last_day(self, horizon: datetime.date) -> datetime.date:
        """The rule's end, or `horizon` for a standing rule (one with no end): for spans and sorting."""
        return self.end if self.end is not None else horizon

    @property
    def counts_wfa(self) -> bool:
        return self.counted_locations == COUNTS_WFA

    def counts_location(self, location: str) -> bool:
        """Does a day worked at `location` count against this rule's cap? WFH always; WFA when it counts both."""
        return location == WorkLocation.WFH or (location == WorkLocation.WFA and self.counts_wfa)

    @property
    def office_day(self) -> bool:
        """WFO 100% for every service category: "every ASN works as usual" (SE 1/2024 from 18 April)."""
        return self.cap_percent == 0 and self.categories >= EVERY_CATEGORY


@dataclass(frozen=True)
class ScopeData:
    """Whom a circular addresses: national, agencies seated in regions, or listed agencies."""

    kind: str  # national | regions | agencies
    region_codes: tuple[str, ...] = ()
    agency_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Supersession:
    """A published circular that supersedes another, and the scope inside which it does."""

    by_id: int
    by_number: str
    scope: ScopeData
    by_issuer: AgencyData | None = None  # None: data built by hand, not checked against authority


@dataclass(frozen=True)
class CircularData:
    id: int
    number: str
    status: str
    scope_kind: str  # national | regions | agencies
    rules: tuple[RuleData, ...]
    scope_region_codes: tuple[str, ...] = ()
    scope_agency_ids: frozenset[int] = frozenset()
    parent_ids: frozenset[int] = frozenset()  # based on ∪ amends, the links inside the issuers' authority
    superseded: tuple[Supersession, ...] = ()  # by which published circulars, within their scopes
    issuer: AgencyData | None = None  # None: data built by hand, not checked against authority

    @property
    def scope(self) -> ScopeData:
        return ScopeData(self.scope_kind, self.scope_region_codes, self.scope_agency_ids)


@dataclass(frozen=True)
class UnitContext:
    unit_id: int
    agency_id: int
    category: str  # the unit's effective (inherited) service category
    agency_region_code: str
    agency_kind: str  # ministry | province | regency | city: what the agency is decides who may bind it
    working_weekdays: str = "12345"

    @cached_property
    def agency(self) -> AgencyData:
        return AgencyData(self.agency_id, "", self.agency_kind, self.agency_region_code)


@dataclass(frozen=True, slots=True)
class Applicability:
    """Which circulars applied to a unit on a day, and the rule that binds.

    Units alike share one Applicability over a province's month (tens of thousands of unit-days),
    so what every unit-day asks of it (`circular_ids`, `domicile_rule`) is worked out once, here."""

    applied: tuple[CircularData, ...] = ()
    standing: tuple[tuple[CircularData, RuleData], ...] = ()
    binding: RuleData | None = None
    # Ids of every circular that applied.
    circular_ids: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # The strictest standing rule that demands WFH at the domicile (any standing circular's duty).
    domicile_rule: RuleData | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "circular_ids", tuple(c.id for c in self.applied))
        demanding = [(c, r) for c, r in self.standing if r.domicile_required]
        object.__setattr__(self, "domicile_rule", min(demanding, key=_strictness)[1] if demanding else None)

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
    wfh_location_unknown: tuple[int, ...] = ()  # employee ids working from home with no known region
    wfa: int = 0  # rostered WFA (another location); counted against a cap only by rules that say so


@dataclass(frozen=True, slots=True)
class UnitDayFacts:
    by_type: Mapping[str, TypeFacts] = field(default_factory=dict)

    def total(self, employment_types: Iterable[str]) -> TypeFacts:
        parts = [self.by_type[t] for t in employment_types if t in self.by_type]
        if len(parts) <= 1:
            return parts[0] if parts else EMPTY_TYPE_FACTS
        headcount = scheduled = wfh = missing = wfa = 0
        away: list[int] = []
        absent: list[int] = []
        unknown: list[int] = []
        for p in parts:
            headcount += p.headcount
            scheduled += p.scheduled
            wfh += p.wfh
            missing += p.missing_roster
            away += p.away_from_domicile
            absent += p.absent_while_rostered
            unknown += p.wfh_location_unknown
            wfa += p.wfa
        return TypeFacts(
            headcount, scheduled, wfh, missing, tuple(sorted(away)), tuple(sorted(absent)), tuple(sorted(unknown)), wfa
        )


EMPTY_TYPE_FACTS = TypeFacts()


@dataclass(frozen=True, slots=True)
class FindingData:
    kind: str
    measured: int
    limit: int
    basis_count: int
    rule_id: int
    details: dict = field(default_factory=dict)


def scope_covers(circular: CircularData, unit: UnitContext) -> bool:
    """The circular addresses the unit's agency, and its issuer may bind that agency (a circular stored
    outside its issuer's authority, by whatever door, binds no one beyond it)."""
    return scope_data_covers(circular.scope, unit.agency_id, unit.agency_region_code) and (
        circular.issuer is None or binds(circular.issuer, unit.agency)
    )


def scope_data_covers(scope: ScopeData, agency_id: int, agency_region_code: str) -> bool:
    """Does the scope address the agency (national; seated inside a scope region; listed)?"""
    if scope.kind == CircularScopeKind.NATIONAL:
        return True
    if scope.kind == CircularScopeKind.REGIONS:
        return any(region_within(agency_region_code, code) for code in scope.region_codes)
    return agency_id in scope.agency_ids


def superseded_for(circular: CircularData, unit: UnitContext) -> bool:
    """Supersession takes effect only inside the superseding circular's scope, and only when its issuer
    may supersede the circular (its own, or one of an issuer beneath it)."""
    return any(
        scope_data_covers(s.scope, unit.agency_id, unit.agency_region_code) and _may_supersede(s, circular)
        for s in circular.superseded
    )


def _may_supersede(supersession: Supersession, circular: CircularData) -> bool:
    if supersession.by_issuer is None or circular.issuer is None:
        return True
    return may_reach(supersession.by_issuer, circular.issuer)


def applicability(
    circulars: Iterable[CircularData], unit: UnitContext, day: datetime.date, *, working_day: bool
) -> Applicability:
    """Design §4: published, not superseded, in scope, a rule covers the day and category,
    working day unless the rule binds every day; children replace parents; strictest binds."""
    candidates: list[tuple[CircularData, RuleData]] = []
    for circular in circulars:
        if circular.status != PUBLISHED or not scope_covers(circular, unit) or superseded_for(circular, unit):
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
    # A number before none (a delegated proportion sets no cap while any standing rule gives one);
    # then the lowest cap; on a tie the rule that also demands domicile; then the newer circular.
    return (rule.delegated, rule.cap_percent or 0, not rule.domicile_required, -circular.id, rule.id)


class CapCheck(NamedTuple):
    """Would `adding` more WFH (or WFH+WFA) days fit beside those already rostered, under a rule's limit?

    A delegated rule whose proportion no arrangement has set yet has `limit` and `cap_percent`
    None (`proportion_set` False): nothing is over, and every screen says so by name."""

    wfh: int  # counted days already rostered: WFH, plus WFA when the rule counts it
    adding: int  # days being added (an approval, a pattern fill); 0 for the check itself
    limit: int | None  # floor(cap% × basis / 100); 0 on a WFO-100% day; None: proportion not set
    basis: int  # the count the cap is a share of (headcount, or staff scheduled to work)
    cap_percent: int | None
    counts_wfa: bool = False

    @property
    def total(self) -> int:
        return self.wfh + self.adding

    @property
    def proportion_set(self) -> bool:
        return self.limit is not None

    @property
    def fits(self) -> bool:
        return self.limit is None or self.total <= self.limit

    @property
    def over_by(self) -> int:
        return 0 if self.limit is None else max(0, self.total - self.limit)

    @property
    def room(self) -> int | None:
        """How many more days fit beside those already rostered (0 when none, or already over; None: not set)."""
        return None if self.limit is None else max(0, self.limit - self.wfh)

    @property
    def wfo_only(self) -> bool:
        return self.cap_percent == 0


def cap_check(rule: RuleData, counted: TypeFacts, *, adding: int = 0) -> CapCheck:
    """The one cap comparison: floor(cap% × basis / 100) at most of the rule's counted staff work
    from home (or, when the rule counts WFA too, from home or another location)."""
    basis = counted.scheduled if rule.basis == SCHEDULED else counted.headcount
    remote = counted.wfh + counted.wfa if rule.counts_wfa else counted.wfh
    limit = None if rule.delegated else (rule.cap_percent * basis) // 100
    return CapCheck(remote, adding, limit, basis, rule.cap_percent, rule.counts_wfa)


def wfh_limit(rule: RuleData, facts: UnitDayFacts) -> tuple[int | None, int]:
    """(allowed WFH, basis count) of the rule's counted staff; None allowed when the proportion is not set."""
    cap = cap_check(rule, facts.total(rule.employment_types))
    return cap.limit, cap.basis


def cap_text(cap_percent: int | None, *, counts_wfa: bool = False) -> str:
    """How a cap reads everywhere: "WFO 100%" for 0 (no WFH at all), "maks. 50% WFH" (or
    "maks. 50% WFH+WFA"), and "proporsi ditetapkan pimpinan instansi" for a delegated one."""
    if cap_percent is None:
        return _("proporsi ditetapkan pimpinan instansi")
    if cap_percent == 0:
        return _("WFO 100%")
    if counts_wfa:
        return _("maks. %(cap)s%% WFH+WFA") % {"cap": cap_percent}
    return _("maks. %(cap)s%% WFH") % {"cap": cap_percent}


def verdict(applied: Applicability, facts: UnitDayFacts) -> list[FindingData]:
    """The findings for one unit and day under the binding rule (none when no rule applies)."""
    rule = applied.binding
    if rule is None:
        return []
    counted = facts.total(rule.employment_types)
    return _verdict(rule, counted, cap_check(rule, counted)) + duty_findings(applied, facts)


def _verdict(rule: RuleData, counted: TypeFacts, cap: CapCheck) -> list[FindingData]:
    """The findings under `rule` for its counted staff, given their `cap_check` (asked once per unit-day)."""
    basis = cap.basis
    findings = []
    if not cap.proportion_set:
        # Per unit and day, like every other finding: the inspector sees which units worked
        # without a proportion, and the finding closes by itself once the arrangement is issued.
        findings.append(FindingData(
            PROPORTION_NOT_SET, cap.wfh, 0, basis, rule.id, {"counts_wfa": cap.counts_wfa},
        ))
    elif not cap.fits:
        kind = (WFH_ON_OFFICE_DAY if rule.office_day else WFH_IN_WFO_UNIT) if cap.wfo_only else WFH_OVER_CAP
        findings.append(FindingData(kind, cap.wfh, cap.limit, basis, rule.id, {"counts_wfa": True} if cap.counts_wfa else {}))
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


def duty_findings(applied: Applicability, facts: UnitDayFacts) -> list[FindingData]:
    """Duties add up: whichever cap binds, a domicile demand of ANY standing circular is checked
    (citing its strictest such rule), and a WFH day with no known region cannot pass under it."""
    rule = applied.domicile_rule
    if rule is None:
        return []
    counted = facts.total(rule.employment_types)
    basis = cap_check(rule, counted).basis
    findings = []
    for kind, ids in ((WFH_AWAY_FROM_DOMICILE, counted.away_from_domicile),
                      (WFH_LOCATION_UNKNOWN, counted.wfh_location_unknown)):
        if ids:
            findings.append(FindingData(kind, len(ids), 0, basis, rule.id, {"employee_ids": list(ids)}))
    return findings
