"""Reads for the policy pages: findings a user may see, circulars, and a draft's preview."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from agencies.models import Agency, Unit, region_within_q
from attendance.models import RosterEntry, WorkLocation

from .authority import jurisdiction_agency_ids
from .compliance import (
    CircularData,
    Supersession,
    UnitContext,
    circular_data,
    compliance_day_statuses,
    days_between,
    published_circulars,
    scope_covers,
    scope_data_covers,
    unit_contexts,
)
from .models import Circular, CircularStatus


def findings_for_scope(scope, *, date_from=None, date_to=None, agency_id=None, unit_id=None, kind="", status=""):
    """Findings the user may read, filtered; status "" means not yet resolved, "all" means any."""
    from .models import Finding, FindingStatus

    qs = Finding.objects.visible_to(scope)
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


NAMED_PER_FINDING = 6


def finding_people(findings, scope) -> dict[int, tuple[list[str], int]]:
    """Finding id -> (names of the employees behind it, first few; how many in all): those the check
    named (away from domicile, attendance mismatch) or, for the WFH kinds, those rostered WFH that day.
    Two queries for a page of findings."""
    from .models import FindingKind

    findings = list(findings)
    named = {f.pk: list(f.details.get("employee_ids") or []) for f in findings}
    wfh_kinds = {FindingKind.WFH_OVER_CAP, FindingKind.WFH_IN_WFO_UNIT}
    wanted = [f for f in findings if f.kind in wfh_kinds and not named[f.pk]]
    if wanted:
        pairs = Q(pk__in=[])
        for f in wanted:
            pairs |= Q(unit_id=f.unit_id, date=f.date)
        by_day = defaultdict(list)
        for unit_id, day, employee_id in RosterEntry.objects.filter(pairs, location=WorkLocation.WFH).values_list(
            "unit_id", "date", "employee_id"
        ).order_by("employee__name"):
            by_day[(unit_id, day)].append(employee_id)
        for f in wanted:
            named[f.pk] = by_day[(f.unit_id, f.date)]
    ids = {i for people in named.values() for i in people}
    names = dict(scope.employees().filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {
        pk: ([names[i] for i in people if i in names][:NAMED_PER_FINDING], len(people)) for pk, people in named.items()
    }


def circulars_covering(agencies: Iterable[Agency], *, limit: int = 6) -> list[CircularData]:
    """Published circulars whose scope takes in one of the agencies, the most recent rules first
    (the dashboard offers their days as periods). `agencies` need `seat_region` loaded."""
    stand_ins = [UnitContext(0, a.pk, "", a.seat_region.code, a.kind) for a in agencies]
    if not stand_ins:
        return []
    circulars = circular_data(Circular.objects.filter(status=CircularStatus.PUBLISHED).values_list("pk", flat=True))
    covering = [c for c in circulars if c.rules and any(scope_covers(c, u) for u in stand_ins)]
    covering.sort(key=lambda c: max(r.last_day(datetime.date.max) for r in c.rules), reverse=True)
    return covering[:limit]


def circulars_for_scope(scope):
    """Published and revoked circulars are public; drafts only for their issuer's policy admins."""
    return Circular.objects.select_related("issuer").filter(scope.circulars_visible_q())


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
    supersessions: list["SupersessionEffect"] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class SupersessionEffect:
    """What publishing would change elsewhere: a circular it supersedes, and for which agencies."""

    number: str
    issuer: str
    agencies: list[str]  # addressed by both circulars: there the superseded one stops applying


PREVIEW_MAX_DAYS = 31


def supersession_effects(draft: CircularData, superseded: list[CircularData]) -> list[SupersessionEffect]:
    """For each circular the draft supersedes, the agencies inside both scopes (one query for all)."""
    if not superseded:
        return []
    agencies = list(Agency.objects.order_by("name").values_list("pk", "short_name", "seat_region__code"))
    issuers = dict(Circular.objects.filter(pk__in=[c.id for c in superseded]).values_list("pk", "issuer__short_name"))
    effects = []
    for old in superseded:
        names = [name for pk, name, code in agencies
                 if scope_data_covers(draft.scope, pk, code) and scope_data_covers(old.scope, pk, code)]
        effects.append(SupersessionEffect(old.number, issuers.get(old.id, ""), names))
    return effects


def _superseded_by_draft(circulars: list[CircularData], draft: CircularData, ids: set[int]) -> list[CircularData]:
    """The circulars as they would stand once the draft is published (superseded inside its scope)."""
    mark = Supersession(draft.id, draft.number, draft.scope)
    return [dataclasses.replace(c, superseded=(*c.superseded, mark)) if c.id in ids else c for c in circulars]


def _candidate_units(circular: CircularData, issuer: Agency) -> list[int]:
    """Units of the categories its rules cover, in its scope, and inside the issuer's jurisdiction
    (a circular binds no one beyond it, so its preview names no one beyond it)."""
    categories = {c for rule in circular.rules for c in rule.categories}
    units = Unit.objects.filter(effective_category__in=categories, agency_id__in=jurisdiction_agency_ids(issuer))
    if circular.scope_kind == "regions":
        units = units.filter(region_within_q("agency__seat_region__code", circular.scope_region_codes))
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
    longest = start + datetime.timedelta(days=PREVIEW_MAX_DAYS - 1)
    end = min(end or max(r.last_day(longest) for r in draft.rules), longest)
    end = max(end, start)  # an end before the start previews the start day, never an empty range
    unit_ids = _candidate_units(draft, circular.issuer)
    superseded_ids = set(circular.supersedes.values_list("pk", flat=True))

    def with_draft(first, last):
        others = [c for c in published_circulars(first, last) if c.id != draft.id]
        return _superseded_by_draft(others, draft, superseded_ids) + [draft]

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
    agencies = Agency.objects.select_related("seat_region").in_bulk(list(cells))
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
        supersessions=supersession_effects(draft, circular_data(sorted(superseded_ids))),
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
