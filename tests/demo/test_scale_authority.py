"""The generated scale data (seed_scale, the benchmarks' and CI parity's world) is lawful: every
circular it stores lies inside its issuer's authority, as the doors would demand and the check asks."""

import pytest
from django.core.management import call_command

from policies.authority import saved_circular_authority_errors
from policies.models import Circular

pytestmark = pytest.mark.django_db


def test_every_generated_circular_lies_inside_its_issuers_authority():
    call_command("seed_scale", "--employees", "120", "--flexible", stdout=open("/dev/null", "w"))
    circulars = list(Circular.objects.filter(issuer__code__startswith="skala-"))
    assert len(circulars) >= 3
    assert {c.number: saved_circular_authority_errors(c) for c in circulars} == {c.number: {} for c in circulars}
