"""The editor speaks Bahasa Indonesia, and English when the user picks it."""

import pytest
from django.urls import reverse

from .conftest import WEEK_OF_APR15

pytestmark = pytest.mark.django_db


def test_grid_in_indonesian_by_default_and_english_on_request(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    url = f"{reverse('roster:grid')}?unit={world.bekasi_setda.pk}&mulai={WEEK_OF_APR15}"
    html = client.get(url).content.decode()
    assert "WFH/WFA harian terhadap batas" in html and "Urungkan" in html and "Ulangi" in html
    assert "15 April 2024 – 21 April 2024" in html
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "Daily WFH/WFA against the limit" in english and "Undo" in english and "Redo" in english and "Teams A/B alternating" in english
    assert "SE MenPANRB 1/2024: max 50% WFH, binding" in english
    assert "WFH 0 of max. 2" in english and "WFO 100% required" not in english  # Sekretariat: capped at 50%


def test_the_save_message_in_english(client, world, se_1_2024):
    from .conftest import APR16, cell_ref

    client.force_login(world.bekasi_hr)
    url = f"{reverse('roster:grid')}?unit={world.bekasi_setda.pk}&mulai={WEEK_OF_APR15}"
    client.post(reverse("set_language"), {"language": "en", "next": url})
    refs = ",".join(cell_ref(e, APR16) for e in world.bekasi_staff[:3])
    html = client.post(reverse("roster:cells_set", args=[world.bekasi_setda.pk]), {"cells": refs, "code": "WFH"}).content.decode()
    assert "3 cell(s) saved." in html
    assert "Over the circular&#x27;s limit: 16 April 2024 (WFH 3 of max. 2, SE MenPANRB 1/2024 · 50%)." in html
    assert "3 cell(s) restored." in client.post(reverse("roster:undo", args=[world.bekasi_setda.pk])).content.decode()
    redo = client.post(reverse("roster:redo", args=[world.bekasi_setda.pk])).content.decode()
    assert "Nothing to redo." not in redo and "3 cell(s) changed again." in redo
