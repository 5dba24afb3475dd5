import datetime

import pytest

from agencies.models import AuditEvent
from policies.models import Circular, Finding, Rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(world):
    circular = Circular.objects.create(number="1/2024", title="SE", issuer=world.bekasi, signed_on=datetime.date(2024, 4, 12))
    rule = Rule.objects.create(circular=circular, start_date=datetime.date(2024, 4, 16), end_date=datetime.date(2024, 4, 17),
                               categories=["administration"], wfh_cap_percent=50)
    return Finding.objects.create(agency=world.bekasi, unit=world.bekasi_setda, date=datetime.date(2024, 4, 16),
                                  kind="wfh_over_cap", rule=rule, measured=3, limit=2)


def test_an_inspector_acknowledges_notes_and_resolves_a_finding(world, api, finding):
    client = api(world.bekasi_inspector)
    response = client.post(f"/api/v1/findings/{finding.pk}/acknowledge/", {"note": "Dikonfirmasi ke BKPSDM"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "acknowledged"
    assert client.post(f"/api/v1/findings/{finding.pk}/note/", {}, format="json").status_code == 400
    assert client.post(f"/api/v1/findings/{finding.pk}/note/", {"note": "Unit sudah menyesuaikan"}, format="json").status_code == 200
    assert client.post(f"/api/v1/findings/{finding.pk}/resolve/", {}, format="json").json()["status"] == "resolved"
    response = client.post(f"/api/v1/findings/{finding.pk}/acknowledge/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "refused"
    assert finding.notes.count() == 2
    assert AuditEvent.objects.filter(object_type="policies.finding", interface="api").count() == 3


def test_a_reader_who_may_not_review_is_refused(world, api, finding):
    response = api(world.bekasi_head).post(f"/api/v1/findings/{finding.pk}/resolve/", {}, format="json")
    assert response.status_code == 403
    assert Finding.objects.get(pk=finding.pk).status == "open"


def test_another_agencys_inspector_gets_404(world, api, finding):
    from tests import factories as f

    inspector = f.user("inspektur_tangerang", f.Role.INSPECTOR, agency=world.tangerang)
    assert api(inspector).post(f"/api/v1/findings/{finding.pk}/resolve/", {}, format="json").status_code == 404
