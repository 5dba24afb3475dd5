"""Reads for the employee screens."""

import datetime

from django.db.models import Q, QuerySet

from agencies.models import Employee

from .forms import ACTIVE, ENDED


def employees_for_hr(scope, *, today: datetime.date, q: str = "", unit=None, employment_type: str = "",
                     status: str = "") -> QuerySet[Employee]:
    """The employees this user keeps current, filtered; one query with their units."""
    qs = scope.managed_employees().select_related("unit").order_by("name", "pk")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nip__startswith=q) | Q(nik__startswith=q))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if employment_type:
        qs = qs.filter(employment_type=employment_type)
    if status == ACTIVE:
        qs = qs.filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
    elif status == ENDED:
        qs = qs.filter(active_until__lt=today)
    return qs
