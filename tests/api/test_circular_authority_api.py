"""Circulars through the API (issue 12): drafts are created with the form's own checks; scope,
amends and supersedes outside the issuer's authority are a 400 with field errors."""

import pytest

from policies.models import Circular
from tests.policies import authority_world
from tests.policies.conftest import make_circular

URL = "/api/v1/circulars/"


@pytest.fixture
def aw(world):
    return authority_world.build(world)


def body(issuer, number, **kw):
    return {
        "number": number, "title": f"SE {number}", "issuer": issuer.pk, "signed_on": "2024-04-13",
        "scope_kind": kw.pop("scope_kind", "agencies"), **kw,
        "rules": [{"start_date": "2024-04-16", "end_date": "2024-04-17", "categories": ["administration"],
                   "employment_types": ["PNS", "CPNS", "PPPK"], "wfh_cap_percent": 50, "basis": "headcount",
                   "domicile_required": True}],
        "obligations": [{"order": 1, "text": "Pantau kinerja"}],
    }


def errors(response) -> dict[str, list[str]]:
    return {field: [e["message"] for e in items] for field, items in response.json()["errors"].items()}


def test_tangerang_cannot_go_national_nor_scope_bekasi_through_the_api(api, aw, world):
    client = api(aw.tangerang_admin)
    national = client.post(URL, body(world.tangerang, "800/1/2024", scope_kind="national"), format="json")
    assert national.status_code == 400 and "nasional" in errors(national)["scope_kind"][0]
    bekasi = client.post(URL, body(world.tangerang, "800/2/2024", scope_agencies=[world.bekasi.pk]), format="json")
    assert bekasi.status_code == 400
    assert errors(bekasi)["scope_agencies"] == ["Di luar kewenangan Pemkot Tangerang: Pemkot Bekasi."]
    superseding = client.post(URL, body(world.tangerang, "800/3/2024", scope_agencies=[world.tangerang.pk],
                                        supersedes=[aw.se_1_2024.pk]), format="json")
    assert superseding.status_code == 400 and "supersedes" in errors(superseding)
    assert not Circular.objects.filter(issuer=world.tangerang).exists()


def test_kalbar_creates_a_draft_for_kota_pontianak_and_publishes_it(api, aw):
    client = api(aw.kalbar_admin)
    created = client.post(URL, body(aw.kalbar, "800/01/Prov/2024", scope_kind="regions", scope_regions=["61"],
                                    based_on=[aw.se_1_2024.pk]), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["scope_regions"] == ["61"] and data["rules"][0]["domicile_required"]
    published = client.post(f"{URL}{data['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.post(f"{URL}{data['id']}/publish/").status_code == 409  # already published: a lifecycle refusal


def test_an_unknown_region_code_is_a_field_error(api, aw):
    response = api(aw.kalbar_admin).post(URL, body(aw.kalbar, "800/9/2024", scope_kind="regions", scope_regions=["99"]),
                                         format="json")
    assert response.status_code == 400 and "scope_regions" in errors(response)


def test_publishing_a_draft_outside_the_issuers_authority_is_a_400(api, aw, world):
    draft = make_circular(world.tangerang, "800/4/2024", status="draft", scope_kind="national",
                          rules=[{"start_date": "2024-04-16", "end_date": "2024-04-17", "categories": ["administration"],
                                  "wfh_cap_percent": 50}])
    response = api(aw.tangerang_admin).post(f"{URL}{draft.pk}/publish/")
    assert response.status_code == 400 and "scope_kind" in errors(response)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_the_issuers_administrator_may_publish_or_create(api, aw, world):
    assert api(aw.tangerang_admin).post(f"{URL}{aw.se_1_2024.pk}/revoke/").status_code == 403
    assert api(world.bekasi_hr).post(URL, body(world.bekasi, "1/2", scope_agencies=[world.bekasi.pk]),
                                     format="json").status_code == 403


def test_a_bad_rule_is_reported_on_its_row(api, aw):
    data = body(aw.kalbar, "800/10/2024", scope_kind="regions", scope_regions=["61"])
    data["rules"][0]["wfh_cap_percent"] = 150
    response = api(aw.kalbar_admin).post(URL, data, format="json")
    assert response.status_code == 400 and "rules" in response.json()["errors"]
    assert not Circular.objects.filter(number="800/10/2024").exists()
