"""A unit's day as the inspector reads it: tallies, a status filter, and the people behind each finding."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from attendance.models import AttendanceRecord, AttendanceStatus, WorkLocation
from policies.models import FindingKind

NO_RECORD = "none"


def status_of(person: dict) -> str:
    record = person["record"]
    return record["status"] if record else NO_RECORD


def status_label(code: str) -> str:
    return _("Tanpa catatan") if code == NO_RECORD else AttendanceStatus(code).label


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


def status_tallies(people: list[dict]) -> list[Tally]:
    counts = Counter(status_of(p) for p in people)
    order = [*AttendanceStatus.values, NO_RECORD]
    return [Tally(code, status_label(code), counts[code]) for code in order if counts[code]]


def place_tallies(people: list[dict]) -> list[Tally]:
    counts = Counter((p["record"] or {}).get("place") or "" for p in people)
    labels = dict(AttendanceRecord.Place.choices)
    return [Tally(code, labels.get(code, _("Tidak diketahui")), counts[code]) for code in (*labels, "") if counts[code]]


def people_behind(findings, people: list[dict]) -> dict[int, list[str]]:
    """Employee id -> the kinds of finding they stand behind (the WFH staff of an over-cap or WFO-100%
    unit, those without a roster, and the ones the check named)."""
    behind: dict[int, list[str]] = {}
    for finding in findings:
        named = set(finding.details.get("employee_ids") or [])
        for p in people:
            if p["unit_id"] != finding.unit_id and p["id"] not in named:
                continue
            if named:
                hit = p["id"] in named
            elif finding.kind in (FindingKind.WFH_OVER_CAP, FindingKind.WFH_IN_WFO_UNIT, FindingKind.PROPORTION_NOT_SET):
                # a rule counting WFH and WFA together puts the WFA staff behind its finding too
                counted = (WorkLocation.WFH, WorkLocation.WFA) if finding.details.get("counts_wfa") else (WorkLocation.WFH,)
                hit = p["roster"] in counted
            elif finding.kind == FindingKind.MISSING_ROSTER:
                hit = not p["roster"]
            else:
                hit = False
            if hit:
                behind.setdefault(p["id"], []).append(finding.kind_text)
    return behind


def filtered(people: list[dict], status: str) -> list[dict]:
    return [p for p in people if status_of(p) == status] if status else people
