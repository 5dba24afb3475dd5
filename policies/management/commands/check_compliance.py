"""manage.py check_compliance --date D [--until D2] [--agency CODE] [--unit ID] [--format table|json]

Checks, stores the findings (as the worker does) and prints the open ones for the range."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from agencies.audit import AuditContext
from agencies.models import Agency, AuditEvent, Unit
from policies.compliance import compliance_check_units
from policies.models import Finding, FindingStatus


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Check compliance for a date range, store the findings and print them."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", help="last day (default: --date)")
        parser.add_argument("--agency", action="append", help="agency code (repeatable)")
        parser.add_argument("--unit", action="append", type=int, help="unit id (repeatable)")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        start = _date(options["date"])
        end = _date(options["until"]) if options["until"] else start
        if end < start:
            raise CommandError("--until is before --date")
        agency_ids = None
        if options["agency"]:
            found = dict(Agency.objects.filter(code__in=options["agency"]).values_list("code", "pk"))
            unknown = set(options["agency"]) - found.keys()
            if unknown:
                raise CommandError(f"Unknown agency code(s): {', '.join(sorted(unknown))}")
            agency_ids = list(found.values())
        unit_ids = options["unit"]
        if unit_ids:
            unknown = set(unit_ids) - set(Unit.objects.filter(pk__in=unit_ids).values_list("pk", flat=True))
            if unknown:
                raise CommandError(f"Unknown unit id(s): {', '.join(map(str, sorted(unknown)))}")
        result = compliance_check_units(
            unit_ids=unit_ids, agency_ids=agency_ids, start=start, end=end,
            context=AuditContext(actor=None, interface=AuditEvent.Interface.COMMAND),
        )
        findings = (
            Finding.objects.filter(pk__in=result.finding_ids)
            .exclude(status=FindingStatus.RESOLVED)
            .select_related("agency", "unit", "rule__circular")
            .prefetch_related("circulars")
            .order_by("date", "agency__code", "unit__path", "kind")
        )
        rows = [
            {
                "agency": f.agency.code, "unit": f.unit.name, "unit_id": f.unit_id, "date": f.date.isoformat(),
                "kind": f.kind, "measured": f.measured, "limit": f.limit, "basis": f.basis_count,
                "status": f.status, "binding_circular": f.rule.circular.number,
                "circulars": sorted(c.number for c in f.circulars.all()),
            }
            for f in findings
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(
                f"{r['date']}  {r['agency']:<20} {r['unit'][:32]:<32} {r['kind']:<24} "
                f"{r['measured']:>4}/{r['limit']:<4} SE {r['binding_circular']}  [{', '.join(r['circulars'])}]"
            )
        self.stdout.write(
            f"{result.units} units x {result.days} days checked; {len(rows)} open findings "
            f"({result.created} new, {result.changed} changed, {result.closed} closed)."
        )
