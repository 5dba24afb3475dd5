"""Compliance: the circulars' rules applied to rosters (design.md §4), in one package.

- `rules`: the pure rules (which circular applies and binds, what it finds, the cap arithmetic);
- `calendar`: working days, day ranges and region containment, shared by attendance too;
- `facts`: the set-based reads a verdict is decided on (circulars as data, counts, holidays);
- `verdicts`: `compliance_day_statuses`, the one public read for screens and the check;
- `findings`: the check that stores verdicts as findings, and their reviews;
- `recheck`: `compliance_recheck_later`, the one hook every writer calls.
"""

from .calendar import days_between, is_working_day, region_within
from .facts import circular_data, holiday_names, holidays_by_agency, published_circulars, unit_contexts, unit_day_facts
from .findings import (
    CheckResult,
    PolicyError,
    compliance_check_units,
    finding_acknowledge,
    finding_add_note,
    finding_resolve,
    unit_chunks,
)
from .recheck import COMING_DAYS, coming_days, compliance_recheck_later
from .rules import (
    Applicability,
    CapCheck,
    CircularData,
    FindingData,
    RuleData,
    ScopeData,
    Supersession,
    TypeFacts,
    UnitContext,
    UnitDayFacts,
    applicability,
    cap_check,
    cap_text,
    scope_covers,
    scope_data_covers,
    verdict,
    wfh_limit,
)
from .verdicts import DayRules, DayStatus, compliance_day_statuses, day_rules, day_status

__all__ = [
    "Applicability", "CapCheck", "CheckResult", "CircularData", "DayRules", "DayStatus", "FindingData", "PolicyError", "RuleData", "ScopeData", "Supersession",
    "TypeFacts", "UnitContext", "UnitDayFacts", "applicability", "cap_check", "cap_text", "circular_data",
    "COMING_DAYS", "coming_days", "compliance_check_units", "compliance_day_statuses", "compliance_recheck_later", "day_rules", "day_status", "days_between",
    "finding_acknowledge", "finding_add_note", "finding_resolve", "holiday_names", "holidays_by_agency",
    "is_working_day", "published_circulars", "region_within", "scope_covers", "scope_data_covers", "unit_chunks", "unit_contexts",
    "unit_day_facts", "verdict", "wfh_limit",
]
