"""No input produces a 500: Hypothesis throws malformed and hostile requests at every API endpoint."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
nasty = st.one_of(
    json_values,
    st.sampled_from([
        "2024-04-16", "16/04/2024", "2024-02-30", "0001-01-01", "9999-12-31", "2024-04-16T07:30:00+14:00",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "WFO", "WFH", "CUTI", "CT", "H", "TL", "C", "",
        "\x00", "１２３", "²", "١٢", "' OR 1=1 --", "<script>", 2**63, -1, 0, True, "198503272010032027",
    ]),
)
ROW_KEYS = ["employee", "nip", "nik", "date", "location", "leave_type", "wfh_address", "expected_version", "timestamp",
            "device", "device_user_id", "status", "check_in", "check_out", "note"]
rows = st.lists(st.dictionaries(st.sampled_from(ROW_KEYS), nasty, max_size=6) | nasty, min_size=0, max_size=5)
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({"rows": rows}, optional={"agency": nasty, "complete_days": nasty, "override_approved_wfh": nasty}),
)
PARAMS = ["agency", "unit", "employee", "status", "date_from", "date_to", "ordering", "page", "page_size", "location",
          "kind", "level", "parent", "code", "nip", "source", "device", "category", "issuer", "scope_kind"]
query_values = st.one_of(st.text(max_size=20), st.sampled_from(["1", "0", "-1", str(2**64), "2024-04-16", "abc", "²", "-date", "x__y"]))
queries = st.dictionaries(st.sampled_from(PARAMS), query_values, max_size=5)

LISTS = ["regions", "agencies", "units", "employees", "circulars", "findings", "roster-entries", "wfh-requests",
         "attendance-records", "device-punches"]
BULKS = ["roster-entries", "attendance-records", "device-punches"]


def no_server_error(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert "code" in response.json()


@pytest.fixture(params=["bekasi_hr", "superuser"])
def fuzz_client(request, world, api, django_user_model):
    if request.param == "superuser":
        return api(django_user_model.objects.create_superuser("akar", "akar@example.go.id", "sandi-uji-123"))
    return api(world.bekasi_hr)


@FUZZ
@given(endpoint=st.sampled_from(LISTS), params=queries)
def test_list_endpoints_never_fail_on_odd_query_strings(fuzz_client, endpoint, params):
    no_server_error(fuzz_client.get(f"/api/v1/{endpoint}/", params))


@FUZZ
@given(endpoint=st.sampled_from(LISTS), pk=st.one_of(st.integers(min_value=0, max_value=2**70).map(str), st.text(max_size=10)))
def test_detail_endpoints_never_fail_on_odd_ids(fuzz_client, endpoint, pk):
    from urllib.parse import quote

    response = fuzz_client.get(f"/api/v1/{endpoint}/{quote(pk, safe='')}/")
    assert response.status_code < 500


@FUZZ
@given(endpoint=st.sampled_from(BULKS), body=bodies)
def test_bulk_endpoints_answer_4xx_or_2xx_for_any_json(fuzz_client, endpoint, body):
    no_server_error(fuzz_client.post(f"/api/v1/{endpoint}/bulk/", body, format="json"))


@FUZZ
@given(body=bodies | st.fixed_dictionaries({}, optional={k: nasty for k in ["employee", "nip", "dates", "reason", "address", "note"]}))
def test_wfh_endpoints_answer_4xx_or_2xx_for_any_json(fuzz_client, body):
    no_server_error(fuzz_client.post("/api/v1/wfh-requests/", body, format="json"))
    no_server_error(fuzz_client.post("/api/v1/wfh-requests/1/approve/", body, format="json"))
    no_server_error(fuzz_client.post("/api/v1/wfh-requests/1/reject/", body, format="json"))


@FUZZ
@given(params=queries)
def test_dashboard_summary_never_fails(fuzz_client, params):
    no_server_error(fuzz_client.get("/api/v1/dashboard/summary/", params))


@FUZZ
@given(body=st.text(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]))
def test_raw_bodies_of_any_type_are_4xx(fuzz_client, body, content_type):
    response = fuzz_client.generic("POST", "/api/v1/roster-entries/bulk/", body.encode("utf-8", "surrogatepass"), content_type)
    assert response.status_code < 500


@FUZZ
@given(body=json_values)
def test_the_token_endpoint_answers_4xx_for_any_json(world, body):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code in (400, 403, 415), response.content[:300]
