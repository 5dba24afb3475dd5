import csv
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies.audit import AuditContext, audit_record
from agencies.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    bekasi = audit_record(
        AuditContext(actor=world.bekasi_hr), action="employee.update", obj=world.bekasi_staff[2],
        before={"name": "Lama"}, after={"name": "=HYPERLINK(\"x\")"}, summary="=1+1 ganti nama",
    )
    tangerang = audit_record(
        AuditContext(actor=world.tangerang_hr, interface=AuditEvent.Interface.API), action="employee.update",
        obj=world.tangerang_staff[1], before={"name": "A"}, after={"name": "B"}, summary="Tangerang rahasia",
    )
    return bekasi, tangerang


def test_inspector_of_bekasi_reads_only_bekasi_events(world, client, events):
    client.force_login(world.bekasi_inspector)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [events[0].pk]
    assert "Tangerang rahasia" not in response.content.decode()


def test_an_event_of_another_agency_is_404(world, client, events):
    client.force_login(world.bekasi_inspector)
    assert client.get(f"/audit/{events[1].pk}/").status_code == 404
    assert client.get(f"/audit/{events[0].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["bekasi_hr", "bekasi_head", "bekasi_employee"])
def test_other_roles_are_refused(world, client, events, who):
    client.force_login(getattr(world, who))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/ekspor.csv").status_code == 403


def test_filters_by_actor_interface_type_and_dates(world, client, events, django_user_model):
    admin = django_user_model.objects.create_superuser("super", "s@example.go.id", "sandi-uji-123")
    client.force_login(admin)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Asia/Jakarta")).isoformat()  # the viewer's (WIB) day
    page = lambda q: [e.pk for e in client.get("/audit/?" + q).context["page"]]  # noqa: E731
    assert page("actor=hr_tangerang") == [events[1].pk]
    assert page("interface=api") == [events[1].pk]
    assert set(page("object_type=agencies.employee")) == {e.pk for e in events}
    assert page(f"agency={world.bekasi.pk}") == [events[0].pk]
    assert set(page(f"date_from={today}&date_to={today}")) == {e.pk for e in events}
    assert page("date_from=2000-01-01&date_to=2000-01-02") == []


def test_an_agency_outside_the_scope_is_a_400_not_a_leak(world, client, events):
    client.force_login(world.bekasi_inspector)
    response = client.get(f"/audit/?agency={world.tangerang.pk}")
    assert response.status_code == 400
    assert "Tangerang rahasia" not in response.content.decode()


def test_csv_export_is_scoped_filtered_and_formula_safe(world, client, events):
    client.force_login(world.jabar_inspector)
    response = client.get("/audit/ekspor.csv?actor=hr")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "waktu", "pelaku"]
    assert len(rows) == 2
    assert rows[1][2] == "hr_bekasi"
    assert rows[1][9] == "'=1+1 ganti nama"


def test_nobody_can_edit_or_delete_an_event(events):
    event = events[0]
    event.summary = "diubah"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "=1+1 ganti nama"


def test_the_htmx_filter_returns_only_the_table(world, client, events):
    client.force_login(world.bekasi_inspector)
    response = client.get("/audit/?actor=hr", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="audit-table">')
    assert "<nav" not in body.split('<div id="audit-table">')[0]


def test_pages_of_fifty_keep_the_filter(world, client):
    for i in range(55):
        audit_record(AuditContext(actor=world.bekasi_hr), action="employee.update", obj=world.bekasi_staff[i % 4],
                     before=None, after={"i": i})
    client.force_login(world.bekasi_inspector)
    first = client.get("/audit/?actor=hr_bekasi")
    assert len(first.context["page"]) == 50
    assert "?actor=hr_bekasi&amp;page=2" in first.content.decode()
    assert len(client.get("/audit/?actor=hr_bekasi&page=2").context["page"]) == 5
