import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

URL = "/akun/sandi/"


def signed_in(user):
    client = Client()
    assert client.login(username=user.username, password="sandi-uji-123")
    return client


def test_changing_the_password_ends_every_other_session_and_token(world):
    here, elsewhere = signed_in(world.bekasi_hr), signed_in(world.bekasi_hr)
    Token.objects.create(user=world.bekasi_hr)
    response = here.post(URL, {
        "old_password": "sandi-uji-123", "new_password1": "Kopi-Tubruk-Pagi-2024", "new_password2": "Kopi-Tubruk-Pagi-2024",
    })
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302  # sent to the login page
    assert not Token.objects.filter(user=world.bekasi_hr).exists()


def test_an_administrator_setting_a_password_also_ends_the_users_api_tokens(world, django_user_model):
    admin = django_user_model.objects.create_superuser("admin_pusat", "admin@example.id", "Kopi-Tubruk-Pagi-2024")
    client = Client()
    client.force_login(admin)
    Token.objects.create(user=world.bekasi_hr)
    kept = Token.objects.create(user=world.tangerang_hr)
    response = client.post(f"/admin/agencies/user/{world.bekasi_hr.pk}/password/", {
        "password1": "Teh-Manis-Sore-2024", "password2": "Teh-Manis-Sore-2024", "usable_password": "true",
    })
    assert response.status_code == 302
    world.bekasi_hr.refresh_from_db()
    assert world.bekasi_hr.check_password("Teh-Manis-Sore-2024")
    assert not Token.objects.filter(user=world.bekasi_hr).exists()
    assert Token.objects.filter(pk=kept.pk).exists()  # other users keep theirs


def test_saving_a_user_without_a_new_password_keeps_the_token(world):
    token = Token.objects.create(user=world.bekasi_hr)
    world.bekasi_hr.first_name = "Siti"
    world.bekasi_hr.save()
    assert Token.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("weak", ["12345678901", "password123", "hr_bekasi1", "pendek"])
def test_it_refuses_weak_passwords(world, weak):
    client = signed_in(world.bekasi_hr)
    response = client.post(URL, {"old_password": "sandi-uji-123", "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    world.bekasi_hr.refresh_from_db()
    assert world.bekasi_hr.check_password("sandi-uji-123")


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/masuk/")


def test_a_session_ends_after_a_working_day_and_with_the_browser(world, client):
    client.post("/masuk/", {"username": "hr_bekasi", "password": "sandi-uji-123"})
    assert client.session.get_expiry_age() <= 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["max-age"]


def test_a_demo_login_can_set_the_demo_password_again(world, django_user_model):
    from demo import DEMO_PASSWORD
    from demo.organisation import DEMO_EMAIL_DOMAIN

    user = django_user_model.objects.create_user("hr_bekasi_demo", f"hr_bekasi_demo@{DEMO_EMAIL_DOMAIN}", DEMO_PASSWORD,
                                                 first_name="HR Pemkot Bekasi")
    client = Client()
    client.force_login(user)
    response = client.post(URL, {"old_password": DEMO_PASSWORD, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD})
    assert response.status_code == 302, response.context["form"].errors
