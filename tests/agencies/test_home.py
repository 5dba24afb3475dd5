import pytest


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_login_page_is_indonesian_by_default(client, db):
    response = client.get("/masuk/")
    assert response.status_code == 200
    assert "Masuk ke RosterHub" in response.content.decode()


def test_login_page_in_english_when_chosen(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    response = client.get("/masuk/")
    assert "Log in to RosterHub" in response.content.decode()


def test_home_lists_the_roles_of_the_user(client, world):
    client.force_login(world.bekasi_hr)
    response = client.get("/")
    assert response.status_code == 200
    assert "Pengelola kepegawaian" in response.content.decode()
