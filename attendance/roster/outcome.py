"""What a save did to the days it touched, in words for the message above the grid.

The verdicts (over the cap, WFO 100%) are the compliance package's (DayStatus); this module
only compares the days before and after a save and says it.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import GridDay

SUMMARY_DAYS = 7  # past a week, the save message counts the days instead of listing them


def days_pushed_over(before: list[GridDay], after: list[GridDay]) -> list[GridDay]:
    """Days the save left over the cap (or with WFH on a WFO-100% day) with more WFH than before:
    the save caused or worsened the breach. A day already over and not made worse is not named."""
    wfh_before = {d.date: (d.over_cap, d.wfh) for d in before}
    pushed = []
    for day in after:
        was_over, was_wfh = wfh_before.get(day.date, (False, 0))
        if day.over_cap and (not was_over or day.wfh > was_wfh):
            pushed.append(day)
    return pushed


def breach_message(days: list[GridDay]) -> str:
    """"Melebihi batas surat edaran: 16 April 2024 (WFH 31 dari maks. 30, SE MenPANRB 1/2024 · 50%)"."""
    parts = [f"{date_format(d.date)} ({d.cap_label}, {d.cap_source})" for d in days]
    return _("Melebihi batas surat edaran: %(days)s.") % {"days": "; ".join(parts)}


def short_day(day: datetime.date) -> str:
    return date_format(day, "j M")


def pattern_summary(name: str, days: list[GridDay], held_back: set[datetime.date]) -> str:
    """"Tim A/B: 16 Apr 30 WFH, 17 Apr 30 WFH; 18 Apr wajib WFO." over the working days filled;
    days where the cap held the pattern back say so ("dibatasi maks. 30"). Past a week of days,
    the days are counted and only those held back or WFO-only are named."""
    working = [d for d in days if d.working_day]
    wfo_only = [d for d in working if d.wfo_only]
    capped = [d for d in working if not d.wfo_only]
    if len(working) > SUMMARY_DAYS:
        parts = [ngettext("%(n)s hari kerja diisi dalam batas", "%(n)s hari kerja diisi dalam batas", len(capped))
                 % {"n": len(capped)}]
        if held_back:
            parts.append(_("dibatasi pada %(days)s") % {"days": ", ".join(short_day(d) for d in sorted(held_back))})
        if wfo_only:
            parts.append(_("wajib WFO: %(days)s") % {"days": ", ".join(short_day(d.date) for d in wfo_only)})
        return f"{name}: {'; '.join(parts)}."
    texts = []
    for day in capped:
        text = _("%(day)s %(wfh)s WFH") % {"day": short_day(day.date), "wfh": day.wfh}
        if day.date in held_back and day.status is not None and day.status.limit is not None:
            text += " " + _("(dibatasi maks. %(limit)s)") % {"limit": day.status.limit}
        texts.append(text)
    required = [_("%(day)s wajib WFO") % {"day": short_day(d.date)} for d in wfo_only]
    body = "; ".join(filter(None, (", ".join(texts), ", ".join(required))))
    return f"{name}: {body}." if body else f"{name}."
