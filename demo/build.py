"""demo_world_build: the whole demo world in one transaction, idempotent."""

import sys
import time

from django.db import transaction

from agencies.audit import AuditContext
from agencies.models import AuditEvent, User
from policies.holidays import holidays_sync

from . import world
from .circulars import circulars_build
from .organisation import DEMO_PASSWORD, agencies_build, logins_build, regions_build, staff_build, units_build
from .schedule import agency_day_plan, attendance_write, roll_call_build, rosters_write, wfh_requests_build

CONTEXT = AuditContext(actor=None, interface=AuditEvent.Interface.COMMAND)


def demo_world_build(stdout=None) -> dict:
    """Build (or complete) the demo world of design.md §2; returns what was written."""
    out = stdout or sys.stdout
    started = time.monotonic()
    with transaction.atomic():
        holidays = holidays_sync(years=[2023, 2024])
        regions = regions_build()
        agencies = agencies_build(regions)
        units = units_build(agencies)
        staff = staff_build(agencies=agencies, units=units, regions=regions, context=CONTEXT)
        logins = logins_build(agencies=agencies, units=units, regions=regions, staff=staff)
        circulars_build(agencies=agencies, regions=regions, context=CONTEXT)
        hometowns = [regions[c] for c in world.HOMETOWN_REGIONS]
        missing = {
            (units[key].pk, day) for key, days in world.MISSING_ROSTERS.items() for day in days
        }
        written = {"roster_cells": 0, "attendance_records": 0}
        for code, agency in agencies.items():
            plans = {
                (p.employee.pk, day): p
                for day in world.agency_days(code)
                for p in agency_day_plan(agency, staff, day, hometowns)
            }
            rostered = {k: p for k, p in plans.items() if (p.employee.unit_id, k[1]) not in missing}
            written["roster_cells"] += rosters_write(plans=rostered, context=CONTEXT)
            written["attendance_records"] += attendance_write(agency=agency, plans=plans, context=CONTEXT)
        roll_call_build(agency=agencies["pemkot-bekasi"])
        written["wfh_requests"] = wfh_requests_build(
            staff=staff[("pemkot-bekasi", "bagian-umum")], hr_officer=User.objects.get(username="hr_bekasi"),
            context=CONTEXT,
        )
    written["holidays"] = holidays["total"]
    out.write(f"Demo world ready in {time.monotonic() - started:.1f} s: {written}\n")
    logins_print(out, logins)
    return written


def logins_print(out, logins) -> None:
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    out.write("| username | role |\n|---|---|\n")
    for username, label in logins:
        out.write(f"| `{username}` | {label} |\n")
