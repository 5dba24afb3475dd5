"""Who may bind whom: an issuer's jurisdiction follows from what it is (design.md §3).

- the ministry (agency kind `ministry`, e.g. KemenPANRB) binds nationally;
- a provincial government binds its own units and the regencies and cities seated in its
  province (SE Gubernur Kalbar 800/01/Prov/2024 addresses the bupati and wali kota of Kalbar);
- a regency or city government binds its own agency only.

A circular's scope lies inside its issuer's jurisdiction. *Based on* may cite any higher
published circular (or the issuer's own); *amends* and *supersedes* reach only the issuer's own
circulars, or, for a higher authority, those of issuers beneath it. Who binds whom is the pure
`policies.compliance.jurisdiction` (asked again by the compliance check); here are the scope and
link checks over plain data and `circular_authority_errors`, which loads that data and is asked
by the circular form and the Django admin's (a message on the field), the circular services (save
and publish refuse) and the API (400). Supersession's reach at check time (only inside the
superseding circular's scope, only by an issuer that may) is `policies.compliance.rules.superseded_for`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, region_within_q
from policies.compliance.calendar import region_within
from policies.compliance.findings import PolicyError
from policies.compliance.jurisdiction import AgencyData, binds, may_base_on, may_reach
from policies.compliance.rules import ScopeData

from .models import Circular, CircularScopeKind, CircularStatus


class AuthorityError(PolicyError):
    """A circular outside its issuer's authority: `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))


@dataclass(frozen=True)
class LinkedCircular:
    """A circular named as based on / amended / superseded, with its issuer."""

    id: int
    number: str
    status: str
    issuer: AgencyData


# -- the pure rules ---------------------------------------------------------------------------

def scope_errors(issuer: AgencyData, scope: ScopeData, addressed: Iterable[AgencyData]) -> list[str]:
    """Why the scope does not lie inside the issuer's jurisdiction ([] when it does).
    `addressed` are the agencies the scope covers today (for region and agency scopes)."""
    if issuer.kind == AgencyKind.MINISTRY:
        return []
    if scope.kind == CircularScopeKind.NATIONAL:
        return [_("%(issuer)s tidak berwenang menerbitkan surat edaran berskala nasional; hanya kementerian.")
                % {"issuer": issuer.name}]
    errors = []
    if scope.kind == CircularScopeKind.REGIONS:
        foreign = [code for code in scope.region_codes if not region_within(code, issuer.seat_region_code)]
        if foreign:
            errors.append(_("Wilayah di luar wilayah kedudukan %(issuer)s: %(codes)s.")
                          % {"issuer": issuer.name, "codes": ", ".join(foreign)})
    outside = sorted(a.name for a in addressed if not binds(issuer, a))
    if outside:
        errors.append(_("Di luar kewenangan %(issuer)s: %(agencies)s.")
                      % {"issuer": issuer.name, "agencies": ", ".join(outside)})
    return errors


def link_errors(issuer: AgencyData, *, based_on=(), amends=(), supersedes=()) -> dict[str, list[str]]:
    """Per field, the linked circulars the issuer may not cite, amend or supersede."""
    errors: dict[str, list[str]] = {}
    for field, linked, allowed, message in (
        ("based_on", based_on, may_base_on,
         _("SE %(number)s (%(issuer)s) bukan surat edaran instansi yang lebih tinggi.")),
        ("amends", amends, may_reach,
         _("SE %(number)s diterbitkan %(issuer)s; hanya surat edaran sendiri atau instansi di bawahnya yang dapat diubah.")),
        ("supersedes", supersedes, may_reach,
         _("SE %(number)s diterbitkan %(issuer)s; hanya surat edaran sendiri atau instansi di bawahnya yang dapat digantikan.")),
    ):
        bad = [message % {"number": c.number, "issuer": c.issuer.name} for c in linked if not allowed(issuer, c.issuer)]
        bad += [_("SE %(number)s belum terbit.") % {"number": c.number} for c in linked
                if c.status == CircularStatus.DRAFT]
        if bad:
            errors[field] = bad
    return errors


# -- the loader --------------------------------------------------------------------------------

def agency_data(agency: Agency) -> AgencyData:
    return AgencyData(agency.pk, str(agency), agency.kind, agency.seat_region.code)


def _agencies(queryset) -> list[AgencyData]:
    return [AgencyData(pk, short or name, kind, code) for pk, name, short, kind, code in queryset.values_list(
        "pk", "name", "short_name", "kind", "seat_region__code")]


def jurisdiction_agency_ids(issuer: Agency) -> list[int]:
    """Every agency a circular of `issuer` may bind (its preview shows no other)."""
    me = agency_data(issuer)
    return [a.id for a in _agencies(Agency.objects.all()) if binds(me, a)]


def addressed_agencies(scope: ScopeData) -> list[AgencyData]:
    """The agencies a region or agency scope covers (national: none listed; the rule needs none)."""
    agencies = Agency.objects.order_by("name")
    if scope.kind == CircularScopeKind.REGIONS:
        return _agencies(agencies.filter(region_within_q("seat_region__code", scope.region_codes)))
    if scope.kind == CircularScopeKind.AGENCIES:
        return _agencies(agencies.filter(pk__in=list(scope.agency_ids)))
    return []


def _linked(ids: Iterable[int]) -> list[LinkedCircular]:
    rows = Circular.objects.filter(pk__in=list(ids)).order_by("pk").values_list(
        "pk", "number", "status", "issuer_id", "issuer__name", "issuer__short_name", "issuer__kind",
        "issuer__seat_region__code",
    )
    return [LinkedCircular(pk, number, status, AgencyData(aid, short or name, kind, code))
            for pk, number, status, aid, name, short, kind, code in rows]


def circulars_reachable_by(issuers: Iterable[Agency]):
    """Published or revoked circulars any of these issuers may amend or supersede (for the form's choices)."""
    mine = [agency_data(a) for a in issuers]
    reachable = [a.id for a in _agencies(Agency.objects.all()) if any(may_reach(me, a) for me in mine)]
    return Circular.objects.exclude(status=CircularStatus.DRAFT).filter(issuer_id__in=reachable)


def circular_authority_errors(
    issuer: Agency, scope: ScopeData, *, based_on: Iterable[int] = (), amends: Iterable[int] = (),
    supersedes: Iterable[int] = (),
) -> dict[str, list[str]]:
    """Field -> messages for everything outside the issuer's authority ({} when all is inside).
    Scope problems are reported on the field that holds them (scope_kind, scope_regions, scope_agencies)."""
    who = agency_data(issuer)
    errors = link_errors(who, based_on=_linked(based_on), amends=_linked(amends), supersedes=_linked(supersedes))
    scope_problems = scope_errors(who, scope, addressed_agencies(scope))
    if scope_problems:
        field = {CircularScopeKind.REGIONS: "scope_regions", CircularScopeKind.AGENCIES: "scope_agencies"}.get(
            scope.kind, "scope_kind")
        errors[field] = scope_problems
    return errors


def form_authority_errors(data: dict) -> dict[str, list[str]]:
    """The same question about a circular form's cleaned data (the circular form, the Django admin)."""
    issuer, kind = data.get("issuer"), data.get("scope_kind")
    if issuer is None or not kind:
        return {}
    scope = ScopeData(kind, tuple(r.code for r in data.get("scope_regions") or ()),
                      frozenset(a.pk for a in data.get("scope_agencies") or ()))
    return circular_authority_errors(
        issuer, scope, based_on=[c.pk for c in data.get("based_on") or ()],
        amends=[c.pk for c in data.get("amends") or ()], supersedes=[c.pk for c in data.get("supersedes") or ()],
    )


def saved_circular_authority_errors(circular: Circular) -> dict[str, list[str]]:
    """The same question about a circular as stored (its links and scope as saved)."""
    scope = ScopeData(
        circular.scope_kind, tuple(circular.scope_regions.values_list("code", flat=True)),
        frozenset(circular.scope_agencies.values_list("pk", flat=True)),
    )
    return circular_authority_errors(
        Agency.objects.select_related("seat_region").get(pk=circular.issuer_id), scope,
        based_on=circular.based_on.values_list("pk", flat=True), amends=circular.amends.values_list("pk", flat=True),
        supersedes=circular.supersedes.values_list("pk", flat=True),
    )


def circular_authority_check(circular: Circular) -> None:
    """Raise AuthorityError when the stored circular reaches outside its issuer's authority."""
    errors = saved_circular_authority_errors(circular)
    if errors:
        raise AuthorityError(errors)
