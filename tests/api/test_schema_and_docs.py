import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/roster-entries/bulk/", "/api/v1/device-punches/bulk/", "/api/v1/wfh-requests/{id}/approve/",
                 "/api/v1/dashboard/summary/", "/api/v1/findings/"):
        assert path in text


@pytest.mark.django_db
def test_the_schema_endpoint_serves_json_to_a_signed_in_client(world, client):
    assert client.get("/api/schema/").status_code in (401, 403)
    client.force_login(world.bekasi_hr)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "RosterHub API"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_loads_from_local_files_in_chromium(world, login, page, live_server):
    problems, remote = [], []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: remote.append(req.url) if not req.url.startswith(live_server.url) else None)
    login("hr_bekasi")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "RosterHub API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/roster-entries/bulk/")
    assert remote == [] or all(u.startswith("data:") for u in remote)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
