"""Who may bind whom, as pure functions over plain agency data (design.md §3): the ministry binds
nationally, a province its own units and the regencies and cities seated in it, a regency or city
its own agency only; amending or superseding reaches one's own circulars or those of issuers
beneath; *based on* cites a higher authority's or one's own.

Asked when a circular is written (`policies.authority`: form, admin, services, API) and again
when it is applied (`policies.compliance.facts` and `rules`), so a circular stored by any other way
binds no one outside its issuer's authority either.
"""

from dataclasses import dataclass

from agencies.models import AgencyKind

from .calendar import region_within

# How high an issuer stands: a higher issuer may bind (and amend or supersede) those beneath it.
RANK = {AgencyKind.MINISTRY: 3, AgencyKind.PROVINCE: 2, AgencyKind.REGENCY: 1, AgencyKind.CITY: 1}


@dataclass(frozen=True)
class AgencyData:
    id: int
    name: str
    kind: str
    seat_region_code: str


def binds(issuer: AgencyData, agency: AgencyData) -> bool:
    """May a circular of `issuer` bind `agency`?"""
    if issuer.kind == AgencyKind.MINISTRY or agency.id == issuer.id:
        return True
    if issuer.kind == AgencyKind.PROVINCE:
        return agency.kind in (AgencyKind.REGENCY, AgencyKind.CITY) and region_within(
            agency.seat_region_code, issuer.seat_region_code
        )
    return False


def is_beneath(lower: AgencyData, higher: AgencyData) -> bool:
    """`higher` outranks `lower` and binds it (a province over its regencies and cities)."""
    return RANK.get(higher.kind, 0) > RANK.get(lower.kind, 0) and binds(higher, lower)


def may_reach(issuer: AgencyData, target: AgencyData) -> bool:
    """May `issuer` amend or supersede a circular of `target`? Its own, or those of issuers beneath it."""
    return target.id == issuer.id or is_beneath(target, issuer)


def may_base_on(issuer: AgencyData, parent: AgencyData) -> bool:
    """May `issuer` implement a circular of `parent`? A higher authority's, or its own."""
    return parent.id == issuer.id or is_beneath(issuer, parent)
