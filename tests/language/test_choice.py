"""Bahasa Indonesia whatever the browser asks for; English only by the user's own choice, kept on the account."""

import pytest
from django.urls import reverse

from agencies.models import AuditEvent, User

pytestmark = pytest.mark.django_db
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_the_login_page_is_indonesian_for_an_english_browser(client):
    html = client.get("/masuk/", **ENGLISH_BROWSER).content.decode()
    assert "Masuk ke RosterHub" in html and "Log in" not in html
    assert '<html lang="id">' in html


def test_a_signed_in_user_gets_indonesian_for_an_english_browser(client, world):
    client.force_login(world.bekasi_hr)
    assert "Keluar" in client.get("/", **ENGLISH_BROWSER).content.decode()


def test_the_choice_is_kept_on_the_account_and_follows_the_user(client, world):
    client.force_login(world.bekasi_hr)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=world.bekasi_hr.pk).preferred_language == "en"
    assert AuditEvent.objects.filter(action="user.language", object_id=str(world.bekasi_hr.pk)).exists()
    client.cookies.clear()  # another browser, same account
    client.force_login(world.bekasi_hr)
    assert "Log out" in client.get("/").content.decode()


def test_a_cookie_left_by_someone_else_does_not_decide_for_an_account(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    client.force_login(world.bekasi_inspector)
    assert "Keluar" in client.get("/").content.decode()


def test_an_unknown_language_or_foreign_next_is_ignored(client, world):
    client.force_login(world.bekasi_hr)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert User.objects.get(pk=world.bekasi_hr.pk).preferred_language == ""


def test_the_language_menu_names_each_language_in_itself(client, world):
    client.force_login(world.bekasi_hr)
    html = client.get("/").content.decode()
    assert "English" in html and "Bahasa Indonesia" in html and "Inggris" not in html


@pytest.mark.parametrize("url", ["/temuan/", "/wfh/antrean/", "/audit/"])
def test_an_employee_refused_a_page_gets_the_indonesian_403_page_with_a_way_back(client, world, url):
    client.force_login(world.bekasi_employee)
    response = client.get(url, **ENGLISH_BROWSER)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in html and 'href="/"' in html and "Forbidden" not in html


def test_the_404_page_is_indonesian_and_english_by_choice(client, world):
    client.force_login(world.bekasi_hr)
    response = client.get("/tidak-ada/", **ENGLISH_BROWSER)
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Page not found" in client.get("/tidak-ada/").content.decode()


def test_the_500_page_is_the_products_own(client, world, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Terjadi kesalahan" in html and 'href="/"' in html


@pytest.mark.parametrize(("url", "own"), [("/jadwal/", "/saya/jadwal/"), ("/kehadiran/", "/saya/kehadiran/")])
def test_an_employee_opening_the_roster_or_dashboard_is_sent_to_their_own_page(client, world, url, own):
    client.force_login(world.bekasi_employee)
    response = client.get(url, **ENGLISH_BROWSER)
    assert response.status_code == 302 and response["Location"] == own
