"""Short words for findings, as an inspector reads them in a unit's status: "WFH 30/25",
"3 WFH di unit WFO 100%", "6 tidak sesuai jadwal"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import FindingKind


@dataclass(frozen=True)
class FindingTally:
    """One kind of finding of one unit over a period."""

    kind: str
    days: int  # distinct days with this kind
    total: int  # sum of measured (people for the counting kinds)
    peak: int  # the largest measured on one day
    peak_limit: int  # the limit on that day
    counts_wfa: bool = False  # the cap counted WFH and WFA together (PermenPANRB 4/2025)

    @property
    def label(self) -> str:
        if self.kind == FindingKind.WFH_OVER_CAP:
            words = _("WFH+WFA %(measured)d/%(limit)d") if self.counts_wfa else _("WFH %(measured)d/%(limit)d")
            text = words % {"measured": self.peak, "limit": self.peak_limit}
        elif self.kind == FindingKind.WFH_IN_WFO_UNIT:
            text = _("%(n)d WFH di unit WFO 100%%") % {"n": self.total}
        elif self.kind == FindingKind.WFH_AWAY_FROM_DOMICILE:
            text = ngettext("%(n)d WFH di luar domisili", "%(n)d WFH di luar domisili", self.total) % {"n": self.total}
        elif self.kind == FindingKind.MISSING_ROSTER:
            text = ngettext("%(n)d tanpa jadwal", "%(n)d tanpa jadwal", self.total) % {"n": self.total}
        else:
            text = ngettext("%(n)d tidak sesuai jadwal", "%(n)d tidak sesuai jadwal", self.total) % {"n": self.total}
        if self.days > 1:
            text += " " + ngettext("(%(d)d hari)", "(%(d)d hari)", self.days) % {"d": self.days}
        return text


KIND_ORDER = [k.value for k in FindingKind]


def tallies_from_rows(rows) -> dict[int, list[FindingTally]]:
    """Rows of (unit_id, kind, days, total, peak, peak_limit, days counting WFA) -> tallies per unit, in kind order."""
    by_unit: dict[int, list[FindingTally]] = {}
    for unit_id, kind, days, total, peak, peak_limit, wfa_days in rows:
        by_unit.setdefault(unit_id, []).append(FindingTally(kind, days, total or 0, peak or 0, peak_limit or 0, bool(wfa_days)))
    for tallies in by_unit.values():
        tallies.sort(key=lambda t: KIND_ORDER.index(t.kind) if t.kind in KIND_ORDER else len(KIND_ORDER))
    return by_unit
