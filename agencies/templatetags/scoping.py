"""Template questions on the scope, so templates ask `agencies.scoping` instead of reading role sets."""

from django import template

register = template.Library()


@register.filter
def can_review_findings_of(scope, agency_id) -> bool:
    """{% if scope|can_review_findings_of:f.agency_id %}"""
    return scope.can_review_findings(agency_id)
