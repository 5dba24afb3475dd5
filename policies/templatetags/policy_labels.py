from django import template

from policies.models import FindingKind

register = template.Library()


@register.filter
def finding_kind_label(code: str) -> str:
    """`wfh_over_cap` -> "WFH melebihi batas" (a code from pure compliance data)."""
    try:
        return FindingKind(code).label
    except ValueError:
        return code
