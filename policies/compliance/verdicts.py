"""Verdicts: what every screen and the worker are told about a unit's day.

`compliance_day_statuses` is the one public read (the binding rule, the counts and the findings
of every (unit, day) in a range, in a fixed number of queries); `DayStatus.cap_check(adding=n)`
answers "would n more WFH days fit", so the roster grid, its patterns, the WFH request form,
the queue, the approval and the check all give the same verdict.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .calendar import days_between, is_working_day
from .facts import holidays_by_agency, published_circulars, unit_contexts, unit_day_facts
from .rules import (
    Applicability,
    CapCheck,
    CircularData,
    FindingData,
    UnitContext,
    UnitDayFacts,
    _verdict,
    applicability,
    cap_check,
    duty_findings,
)

EMPTY_FACTS = UnitDayFacts()


@dataclass(frozen=True, slots=True)
class DayStatus:
    """Everything a screen needs about one unit on one day: the binding rule, counts, verdict."""

    unit_id: int
    date: datetime.date
    working_day: bool
    holiday_name: str  # "" when none, e.g. "Cuti Bersama Hari Raya Idul Fitri"
    applicability: Applicability
    facts: UnitDayFacts
    cap: CapCheck | None  # the binding rule's cap over its counted staff; None when no rule binds
    findings: list[FindingData]

    @property
    def wfh(self) -> int:
        """Counted WFH under the binding rule's employment types (0 when no rule)."""
        return self.cap.wfh if self.cap else 0

    @property
    def limit(self) -> int | None:
        return self.cap.limit if self.cap else None

    @property
    def basis(self) -> int | None:
        return self.cap.basis if self.cap else None

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and not self.cap.fits

    @property
    def wfo_only(self) -> bool:
        return self.cap is not None and self.cap.wfo_only

    @property
    def proportion_not_set(self) -> bool:
        """A rule binds that leaves the proportion to the agency head, and no arrangement has set it."""
        return self.cap is not None and not self.cap.proportion_set

    def cap_check(self, *, adding: int = 0) -> CapCheck | None:
        """Would `adding` more counted WFH days fit on this day? None when no rule binds."""
        return self.cap._replace(adding=adding) if self.cap else None

    def label(self) -> str:
        """ "WFH 3 dari maks. 3 (SE 1/2024: maks. 50% WFH)" or "WFO 100% (SE 1/2024)"; "" when no rule binds."""
        rule, circular = self.applicability.binding, self.applicability.binding_circular
        if rule is None:
            return ""
        if not self.cap.proportion_set:
            return _("Proporsi belum ditetapkan (SE %(number)s: ditetapkan pimpinan instansi)") % {
                "number": circular.number
            }
        if rule.office_day:
            return _("Hari wajib masuk kantor (SE %(number)s)") % {"number": circular.number}
        if self.cap.wfo_only:
            return _("WFO 100%% (SE %(number)s)") % {"number": circular.number}
        if self.cap.counts_wfa:
            return _("WFH+WFA %(wfh)s dari maks. %(limit)s (SE %(number)s: maks. %(cap)s%%)") % {
                "wfh": self.wfh, "limit": self.limit, "number": circular.number, "cap": rule.cap_percent,
            }
        return _("WFH %(wfh)s dari maks. %(limit)s (SE %(number)s: maks. %(cap)s%%)") % {
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
        return DayStatus(unit.unit_id, day, working_day, holiday_name, applied, facts, None, [])
    counted = facts.total(rule.employment_types)
    cap = cap_check(rule, counted)
    return DayStatus(
        unit.unit_id, day, working_day, holiday_name, applied, facts, cap,
        _verdict(rule, counted, cap) + duty_findings(applied, facts),
    )


@dataclass(frozen=True, slots=True)
class DayRules:
    """Everything the verdicts of some units' days need but their counts: the units, the circulars, the
    holidays and which rules apply to each (unit, day). A roster or attendance write leaves it as it was,
    so the verdicts before and after a write can share it (`day_rules` once, `compliance_day_statuses`
    twice)."""

    start: datetime.date
    end: datetime.date
    contexts: dict[int, UnitContext]
    circulars: list[CircularData]
    holidays: dict[int, dict[datetime.date, str]]
    applied: dict[tuple[int, datetime.date], tuple[Applicability, bool]]
    domicile_units: frozenset[int]


def day_rules(
    unit_ids: Iterable[int], start: datetime.date, end: datetime.date, *,
    circulars: list[CircularData] | None = None, contexts: dict[int, UnitContext] | None = None,
) -> DayRules:
    """`circulars` replaces the published ones (the circular preview passes a draft as published);
    `contexts` are the units' `unit_contexts` when the caller already loaded them."""
    if contexts is None:
        contexts = unit_contexts(unit_ids)
    if not contexts:
        return DayRules(start, end, {}, [], {}, {}, frozenset())
    if circulars is None:
        circulars = published_circulars(start, end)
    agencies = {c.agency_id: c.agency_region_code for c in contexts.values()}
    holidays = holidays_by_agency(agencies, start, end)
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
            if shared[key].domicile_rule is not None:  # any standing rule's demand, not only the binding one's
                domicile_units.add(unit.unit_id)
    return DayRules(start, end, contexts, circulars, holidays, applied, frozenset(domicile_units))


def compliance_day_statuses(
    unit_ids: Iterable[int], start: datetime.date, end: datetime.date, *,
    circulars: list[CircularData] | None = None, contexts: dict[int, UnitContext] | None = None,
    rules: DayRules | None = None,
) -> dict[tuple[int, datetime.date], DayStatus]:
    """The verdict for every (unit, day) in [start, end], in a fixed number of queries: `day_rules` (or the
    `rules` the caller loaded for these units and days), then the counts."""
    if rules is None:
        rules = day_rules(unit_ids, start, end, circulars=circulars, contexts=contexts)
    if not rules.contexts:
        return {}
    contexts = rules.contexts
    facts = unit_day_facts(list(contexts), rules.start, rules.end, domicile_unit_ids=set(rules.domicile_units))
    statuses = {}
    for (unit_id, day), (applies, working) in rules.applied.items():
        statuses[(unit_id, day)] = day_status(
            rules.circulars, contexts[unit_id], day, working_day=working,
            holiday_name=rules.holidays[contexts[unit_id].agency_id].get(day, ""),
            facts=facts.get((unit_id, day), EMPTY_FACTS), applied=applies,
        )
    return statuses

