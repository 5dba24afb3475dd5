import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 5

LOCKED = "Terlalu banyak percobaan masuk yang gagal"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_locks_a_user_after_repeated_failures_even_with_the_right_password(world):
    client = Client()
    for _ in range(3):
        response = attempt(client, "hr_bekasi", "salah-sandi")
        assert response.status_code == 200
    response = attempt(client, "hr_bekasi", "sandi-uji-123")
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_user_from_another_address(world):
    client = Client()
    for _ in range(3):
        attempt(client, "hr_bekasi", "salah-sandi", address="10.0.0.1")
    response = attempt(client, "hr_bekasi", "sandi-uji-123", address="10.9.9.9")
    assert LOCKED in response.content.decode()


def test_an_address_trying_many_usernames_is_locked_for_everyone_from_it(world):
    client = Client()
    for name in ["a", "b", "c", "d", "e"]:
        attempt(client, name, "salah-sandi", address="10.0.0.7")
    assert LOCKED in attempt(client, "hr_tangerang", "sandi-uji-123", address="10.0.0.7").content.decode()
    response = attempt(Client(), "hr_tangerang", "sandi-uji-123", address="10.0.0.8")
    assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_users_count(world):
    client = Client()
    for _ in range(2):
        attempt(client, "hr_bekasi", "salah-sandi")
    assert attempt(client, "hr_bekasi", "sandi-uji-123").status_code == 302
    client.logout()
    for _ in range(2):
        attempt(client, "hr_bekasi", "salah-sandi")
    assert attempt(client, "hr_bekasi", "sandi-uji-123").status_code == 302


def test_the_api_token_endpoint_obeys_the_same_lock(world):
    client = APIClient()
    for attempt in range(3):
        response = client.post("/api/v1/auth/token/", {"username": "hr_bekasi", "password": "x"}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == (403 if attempt == 2 else 400)
    response = client.post("/api/v1/auth/token/", {"username": "hr_bekasi", "password": "sandi-uji-123"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 403
    assert response.json()["code"] == "locked"
    assert "token" not in response.json()


def test_the_admin_login_obeys_the_same_lock(world):
    world.bekasi_hr.is_staff = True
    world.bekasi_hr.save()
    client = Client()
    for _ in range(3):
        attempt(client, "hr_bekasi", "salah-sandi")
    response = client.post("/admin/login/", {"username": "hr_bekasi", "password": "sandi-uji-123"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_address_comes_from_the_header_it_sets(world, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    for name in ["a", "b", "c", "d", "e"]:
        client.post("/masuk/", {"username": name, "password": "x"}, REMOTE_ADDR="10.0.0.254", HTTP_X_REAL_IP="203.0.113.9")
    locked = client.post("/masuk/", {"username": "hr_bekasi", "password": "sandi-uji-123"}, REMOTE_ADDR="10.0.0.254",
                         HTTP_X_REAL_IP="203.0.113.9")
    assert LOCKED in locked.content.decode()
    other_client = client.post("/masuk/", {"username": "hr_bekasi", "password": "sandi-uji-123"}, REMOTE_ADDR="10.0.0.254",
                               HTTP_X_REAL_IP="198.51.100.7")
    assert other_client.status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_address_count(world):
    client = Client()
    for i, name in enumerate(["a", "b", "c", "d", "e"]):
        client.post("/masuk/", {"username": name, "password": "x"}, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}")
    response = client.post("/masuk/", {"username": "hr_bekasi", "password": "sandi-uji-123"}, REMOTE_ADDR="10.0.0.9",
                           HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert LOCKED in response.content.decode()
