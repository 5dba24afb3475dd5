"""Storing verdicts as findings, and reviewing them.

`compliance_check_units` checks every (unit, day) and stores the verdicts: idempotent, one
transaction per chunk of units, a finding whose verdict is unchanged keeps its review, a day
that now complies closes its open findings (design §4). Every write is audited.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, AuditRef, audit_record, audit_record_many, snapshot
from agencies.models import AuditEvent
from policies.models import Finding, FindingNote, FindingStatus
from rosterhub.sql import fetch_rows, ids_in

from .facts import unit_contexts
from .rules import FindingData, UnitContext
from .verdicts import DayStatus, compliance_day_statuses

CHUNK_UNIT_DAYS = 10_000  # (unit, day) pairs per transaction and per worker task when fanned out
WORKER_PROCESSES = 2  # `celery worker -c 2`: chunks come in multiples of this so no process idles at the end
WORKER = AuditContext(actor=None, interface=AuditEvent.Interface.WORKER)
FINDING_AUDIT_FIELDS = ("kind", "rule", "measured", "limit", "basis_count", "status", "closed_automatically")


class FindingRow(NamedTuple):
    """A finding as the check reads and writes it (a tuple: a province's check makes thousands)."""

    pk: int | None
    agency_id: int
    unit_id: int
    date: datetime.date
    kind: str
    rule_id: int
    measured: int
    limit: int
    basis_count: int
    details: dict
    status: str
    closed_automatically: bool
    reviewed_by_id: int | None
    reviewed_at: datetime.datetime | None
    digest: int | None

    @property
    def key(self) -> tuple[int, datetime.date, str]:
        return self.unit_id, self.date, self.kind

    def ref(self, pk: int | None = None) -> AuditRef:
        return AuditRef(Finding._meta, self.pk if pk is None else pk, self.agency_id, self.unit_id)

    def audited(self) -> dict:
        """snapshot(finding, FINDING_AUDIT_FIELDS) without the per-field model lookups."""
        return {name: getattr(self, "rule_id" if name == "rule" else name) for name in FINDING_AUDIT_FIELDS}


ROW_FIELDS = FindingRow._fields[1:]  # what the check writes: all but the id


@dataclass
class CheckResult:
    units: int = 0
    days: int = 0
    unit_days_bound: int = 0  # (unit, day) pairs some rule applied to
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0
    finding_ids: list[int] = field(default_factory=list)

    def add(self, other: "CheckResult") -> None:
        for name in ("units", "unit_days_bound", "created", "changed", "unchanged", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days = max(self.days, other.days)
        self.finding_ids += other.finding_ids


def unit_chunks(unit_ids: list[int], days: int = 1) -> list[list[int]]:
    """Even chunks of at most CHUNK_UNIT_DAYS unit-days: a day of 1,500 units is one chunk,
    a month of them six (not 300 + 300 + … + 15, nor five on two processes)."""
    if not unit_ids:
        return []
    per_chunk = max(1, CHUNK_UNIT_DAYS // max(days, 1))
    count = -(-len(unit_ids) // per_chunk)
    if count > 1:
        count = min(len(unit_ids), -(-count // WORKER_PROCESSES) * WORKER_PROCESSES)
    size = -(-len(unit_ids) // count)
    return [unit_ids[i:i + size] for i in range(0, len(unit_ids), size)]


def compliance_check_units(
    *, unit_ids: Iterable[int] | None = None, agency_ids: Iterable[int] | None = None,
    start: datetime.date, end: datetime.date, context: AuditContext = WORKER,
) -> CheckResult:
    """Check every (unit, day) and store the verdicts as findings, one transaction per chunk
    of units: a crash leaves whole chunks either stored or untouched, and a re-run converges."""
    contexts = unit_contexts(unit_ids, agency_ids=agency_ids)
    result = CheckResult(days=(end - start).days + 1)
    for chunk in unit_chunks(list(contexts), result.days):
        result.add(_check_chunk({unit_id: contexts[unit_id] for unit_id in chunk}, start, end, context))
    return result


@transaction.atomic
def _check_chunk(
    contexts: dict[int, UnitContext], start: datetime.date, end: datetime.date, context: AuditContext
) -> CheckResult:
    unit_ids = list(contexts)
    statuses = compliance_day_statuses(unit_ids, start, end, contexts=contexts)
    result = CheckResult(units=len(unit_ids), days=(end - start).days + 1)
    result.unit_days_bound = sum(1 for status in statuses.values() if status.applicability.applies)
    wanted = _wanted_findings(statuses, contexts)
    glances = _glances(unit_ids, start, end)
    # The nightly case: every verdict already stored as it is, nothing to write or lock. The rest
    # is read whole and locked (a review saved meanwhile waits, and is not overwritten).
    to_write = {
        key: (row, circular_ids) for key, (row, circular_ids) in wanted.items()
        if key not in glances or glances[key].digest != row.digest or glances[key].closed_automatically
    }
    result.unchanged = len(wanted) - len(to_write)
    gone_keys = [key for key, g in glances.items() if key not in wanted and g.status != FindingStatus.RESOLVED]
    existing = _locked_rows([glances[key].pk for key in [*to_write, *gone_keys] if key in glances])
    rows, opened = [], []
    for key, (row, _circular_ids) in sorted(to_write.items()):
        old = existing.get(key)
        if old is not None and (old.rule_id, old.measured, old.limit) == (row.rule_id, row.measured, row.limit) \
                and not old.closed_automatically:
            result.unchanged += 1  # same verdict, new context (basis, details, circulars): keep the review
            row = row._replace(status=old.status, reviewed_by_id=old.reviewed_by_id, reviewed_at=old.reviewed_at)
        else:
            result.created += old is None
            result.changed += old is not None
            opened.append((row, old))
        rows.append(row)
    # An upsert keyed on the unique (unit, date, kind): two concurrent checks never duplicate.
    now = timezone.now()
    stored = {key: g.pk for key, g in glances.items()}
    written, replacing = _upsert_findings(rows, start, end, now)
    stored.update(written)
    _set_circulars({stored[key]: to_write[key][1] for key in to_write}, replacing=replacing)
    events = [
        {"action": "finding.reopen" if old else "finding.open", "obj": row.ref(stored[row.key]),
         "before": old.audited() if old else None, "after": row.audited(), "summary": f"{row.date} {row.kind}"}
        for row, old in opened
    ]
    gone = [existing[key] for key in gone_keys if key in existing and existing[key].status != FindingStatus.RESOLVED]
    if gone:
        Finding.objects.filter(pk__in=[f.pk for f in gone]).update(
            status=FindingStatus.RESOLVED, closed_automatically=True, checked_at=now
        )
        events += [
            {"action": "finding.close", "obj": f.ref(), "before": f.audited(),
             "after": {"status": FindingStatus.RESOLVED, "closed_automatically": True}, "summary": f"{f.date} {f.kind}"}
            for f in gone
        ]
        result.closed += len(gone)
    audit_record_many(context, events)
    result.finding_ids = sorted(stored[key] for key in wanted)
    return result


def verdict_digest(data: FindingData, circular_ids: tuple[int, ...]) -> int:
    """A 64-bit fingerprint of everything a check writes into a finding (rule, counts, details,
    circulars): a re-check compares it instead of reading each stored finding whole."""
    text = repr((data.rule_id, data.measured, data.limit, data.basis_count, circular_ids, sorted(data.details.items())))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def _wanted_findings(
    statuses: dict[tuple[int, datetime.date], DayStatus], contexts: dict[int, UnitContext]
) -> dict[tuple, tuple[FindingRow, tuple[int, ...]]]:
    """(unit, date, kind) -> the open finding each verdict calls for, and the circulars that applied."""
    wanted = {}
    for (unit_id, day), status in statuses.items():
        if not status.findings:
            continue
        circular_ids = status.applicability.circular_ids
        for data in status.findings:
            wanted[(unit_id, day, data.kind)] = (FindingRow(
                None, contexts[unit_id].agency_id, unit_id, day, data.kind, data.rule_id, data.measured, data.limit,
                data.basis_count, data.details, FindingStatus.OPEN, False, None, None,
                verdict_digest(data, circular_ids),
            ), circular_ids)
    return wanted


class Glance(NamedTuple):
    """What a re-check reads of every stored finding in its chunk."""

    pk: int
    digest: int | None
    status: str
    closed_automatically: bool


def _glances(unit_ids: list[int], start: datetime.date, end: datetime.date) -> dict[tuple, Glance]:
    in_chunk = Finding.objects.filter(ids_in("unit_id", unit_ids), date__range=(start, end)).order_by()
    return {
        (unit_id, day, kind): Glance(*rest)
        for unit_id, day, kind, *rest in fetch_rows(
            in_chunk.values_list("unit_id", "date", "kind", "pk", "digest", "status", "closed_automatically")
        )
    }


def _locked_rows(pks: list[int]) -> dict[tuple, FindingRow]:
    if not pks:
        return {}
    locked = Finding.objects.filter(pk__in=pks).select_for_update().order_by("pk")
    return {row.key: row for row in map(FindingRow._make, locked.values_list("pk", *ROW_FIELDS))}


FINDING_UPDATE_FIELDS = (
    "rule", "measured", "limit", "basis_count", "details", "status", "closed_automatically", "checked_at",
    "reviewed_by", "reviewed_at", "digest",
)
# One statement on PostgreSQL: the rows travel as one JSON parameter, conflicts on the unique
# (unit, date, kind) update in place, and RETURNING hands back every id (no re-read).
UPSERT_SQL = """
INSERT INTO {table} (agency_id, unit_id, date, kind, rule_id, measured, "limit", basis_count, details, status,
                     closed_automatically, first_found_at, checked_at, reviewed_by_id, reviewed_at, digest)
SELECT agency_id, unit_id, date, kind, rule_id, measured, "limit", basis_count, details, status,
       closed_automatically, %(now)s, %(now)s, reviewed_by_id, reviewed_at, digest
FROM json_to_recordset(%(rows)s::json) AS r(
    agency_id bigint, unit_id bigint, date date, kind text, rule_id bigint, measured integer, "limit" integer,
    basis_count integer, details jsonb, status text, closed_automatically boolean, reviewed_by_id bigint,
    reviewed_at timestamptz, digest bigint)
ON CONFLICT (unit_id, date, kind) DO UPDATE SET
    rule_id = EXCLUDED.rule_id, measured = EXCLUDED.measured, "limit" = EXCLUDED."limit",
    basis_count = EXCLUDED.basis_count, details = EXCLUDED.details, status = EXCLUDED.status,
    closed_automatically = EXCLUDED.closed_automatically, checked_at = EXCLUDED.checked_at,
    reviewed_by_id = EXCLUDED.reviewed_by_id, reviewed_at = EXCLUDED.reviewed_at, digest = EXCLUDED.digest
RETURNING id, unit_id, date, kind, xmax = 0
"""
LINK_SQL = (
    "INSERT INTO {table} (finding_id, circular_id) SELECT * FROM unnest(%s::bigint[], %s::bigint[]) "
    "ON CONFLICT DO NOTHING"
)
def _upsert_findings(
    rows: list[FindingRow], start: datetime.date, end: datetime.date, now: datetime.datetime
) -> tuple[dict[tuple, int], list[int]]:
    """Insert or update the rows. Returns (unit, date, kind) -> id for each, and the ids that
    already existed (their circular links are replaced), also those a concurrent check inserted
    after this one read the chunk."""
    if not rows:
        return {}, []
    if connection.vendor == "postgresql":
        payload = json.dumps([{name: getattr(r, name) for name in ROW_FIELDS} for r in rows], cls=DjangoJSONEncoder)
        with connection.cursor() as cursor:
            cursor.execute(UPSERT_SQL.format(table=Finding._meta.db_table), {"rows": payload, "now": now})
            returned = cursor.fetchall()
        return {(u, d, k): pk for pk, u, d, k, _new in returned}, [pk for pk, _u, _d, _k, new in returned if not new]
    Finding.objects.bulk_create(
        [Finding(**{name: getattr(r, name) for name in ROW_FIELDS}, checked_at=now) for r in rows],
        batch_size=500, update_conflicts=True, unique_fields=["unit", "date", "kind"],
        update_fields=FINDING_UPDATE_FIELDS,
    )
    keys = {(r.unit_id, r.date, r.kind) for r in rows}
    stored = {
        (u, d, k): pk
        for pk, u, d, k in Finding.objects.filter(
            unit_id__in={r.unit_id for r in rows}, date__range=(start, end)
        ).values_list("pk", "unit_id", "date", "kind")
        if (u, d, k) in keys
    }
    return stored, list(stored.values())  # SQLite writes one at a time: replace every written finding's links


def _set_circulars(circulars_by_finding: dict[int, list[int]], *, replacing: list[int]) -> None:
    """Link each finding to its circulars; `replacing` are the findings that may have links already."""
    through = Finding.circulars.through
    if replacing:
        through.objects.filter(finding_id__in=replacing).delete()
    pairs = [(fid, cid) for fid, cids in circulars_by_finding.items() for cid in cids]
    if not pairs:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                LINK_SQL.format(table=through._meta.db_table),
                [[f for f, _c in pairs], [c for _f, c in pairs]],
            )
        return
    through.objects.bulk_create([through(finding_id=f, circular_id=c) for f, c in pairs], batch_size=1000)



class PolicyError(Exception):
    """A refused action (a review here, a circular's lifecycle in policies.services), with a message for the user."""


# -- reviewing findings ---------------------------------------------------------------------------

def _review(context: AuditContext, finding: Finding, action: str, status: str | None, note: str) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if status == FindingStatus.ACKNOWLEDGED and finding.status == FindingStatus.RESOLVED:
        raise PolicyError(_("Temuan yang sudah selesai tidak dapat diakui lagi."))
    before = snapshot(finding, ("status", "reviewed_by", "reviewed_at"))
    if status is not None:
        finding.status = status
        finding.closed_automatically = False
        finding.reviewed_by = context.actor if getattr(context.actor, "is_authenticated", False) else None
        finding.reviewed_at = timezone.now()
        finding.save(update_fields=["status", "closed_automatically", "reviewed_by", "reviewed_at"])
    if note.strip():
        FindingNote.objects.create(finding=finding, author=context.actor, text=note.strip())
    audit_record(
        context, action=action, obj=finding, before=before,
        after={**snapshot(finding, ("status", "reviewed_by", "reviewed_at")), "note": note.strip()},
        summary=f"{finding.date} {finding.kind}",
    )
    return finding


@transaction.atomic
def finding_acknowledge(*, context: AuditContext, finding: Finding, note: str = "") -> Finding:
    return _review(context, finding, "finding.acknowledge", FindingStatus.ACKNOWLEDGED, note)


@transaction.atomic
def finding_add_note(*, context: AuditContext, finding: Finding, text: str) -> Finding:
    if not text.strip():
        raise PolicyError(_("Catatan tidak boleh kosong."))
    return _review(context, finding, "finding.note", None, text)


@transaction.atomic
def finding_resolve(*, context: AuditContext, finding: Finding, note: str = "") -> Finding:
    return _review(context, finding, "finding.resolve", FindingStatus.RESOLVED, note)

