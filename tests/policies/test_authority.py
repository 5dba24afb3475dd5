"""Who may bind whom (issue 12), through the circular screens: an issuer's jurisdiction follows
from what it is, supersession reaches only inside the new circular's scope."""

import pytest
from django.urls import reverse

from policies.compliance import compliance_check_units, compliance_day_statuses
from policies.models import Circular, Finding
from tests import factories as f

from . import authority_world
from .authority_world import circular_post
from .conftest import APR16, APR17, make_circular


@pytest.fixture
def aw(world):
    return authority_world.build(world)


def _create(client, user, data):
    client.force_login(user)
    return client.post(reverse("policies:circular_create"), data)


def test_tangerang_cannot_scope_bekasi(client, aw, world):
    response = _create(client, aw.tangerang_admin, circular_post(world.tangerang, "800/1/2024", scope_agencies=[world.bekasi]))
    assert response.status_code == 200 and not Circular.objects.filter(number="800/1/2024").exists()
    errors = response.context["form"].errors["scope_agencies"]
    assert errors == ["Di luar kewenangan Pemkot Tangerang: Pemkot Bekasi."]


def test_tangerang_cannot_go_national(client, aw, world):
    response = _create(client, aw.tangerang_admin, circular_post(world.tangerang, "800/2/2024", scope_kind="national"))
    assert "tidak berwenang menerbitkan surat edaran berskala nasional" in response.context["form"].errors["scope_kind"][0]
    assert not Circular.objects.filter(number="800/2/2024").exists()


def test_tangerang_cannot_scope_a_region_beyond_its_seat(client, aw, world):
    response = _create(client, aw.tangerang_admin,
                        circular_post(world.tangerang, "800/3/2024", scope_kind="regions", scope_regions=["32"]))
    assert "32" in response.context["form"].errors["scope_regions"][0]


def test_tangerang_cannot_supersede_se_1_2024_and_bekasis_findings_stand(client, aw, world):
    data = circular_post(world.tangerang, "800/4/2024", scope_agencies=[world.tangerang], supersedes=[aw.se_1_2024])
    response = _create(client, aw.tangerang_admin, data)
    assert "SE ini tidak dapat dipilih" in response.context["form"].errors["supersedes"][0]
    assert aw.se_1_2024 not in response.context["form"].fields["supersedes"].queryset
    assert not Circular.objects.filter(number="800/4/2024").exists()


def test_a_supersession_entered_behind_the_forms_back_is_refused_at_publication(client, aw, world):
    draft = make_circular(world.tangerang, "800/5/2024", status="draft", scope_kind="agencies",
                          rules=[{"start_date": APR16, "end_date": APR17, "categories": ["administration"],
                                  "wfh_cap_percent": 50}])
    draft.scope_agencies.set([world.tangerang])
    draft.supersedes.set([aw.se_1_2024])
    client.force_login(aw.tangerang_admin)
    preview = client.get(reverse("policies:circular_preview", args=[draft.pk]))
    assert "hanya surat edaran sendiri atau instansi di bawahnya yang dapat digantikan" in preview.content.decode()
    response = client.post(reverse("policies:circular_publish", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "dapat digantikan" in response.content.decode()


def test_a_supersession_stored_outside_the_issuers_authority_switches_nothing_off(aw, world):
    """Even if such a circular were stored (raw data, a legacy import: every door refuses it), SE 1/2024 keeps
    binding Bekasi, outside Tangerang's scope, and Tangerang itself: the check asks the issuer's authority too."""
    tangerang_se = make_circular(world.tangerang, "800/6/2024", scope_kind="agencies",
                                 rules=[{"start_date": APR16, "end_date": APR17, "categories": ["administration"],
                                         "wfh_cap_percent": 75}])
    tangerang_se.scope_agencies.set([world.tangerang])
    compliance_check_units(start=APR16, end=APR16)
    before = Finding.objects.get(unit=world.bekasi_setda, date=APR16, kind="wfh_over_cap")
    tangerang_se.supersedes.set([aw.se_1_2024])
    compliance_check_units(start=APR16, end=APR16)
    after = Finding.objects.get(pk=before.pk)
    assert (after.status, after.measured, after.limit, after.rule.circular_id) == ("open", 6, 5, aw.se_1_2024.pk)
    tangerang_day = compliance_day_statuses([world.tangerang_setda.pk], APR16, APR16)[(world.tangerang_setda.pk, APR16)]
    assert aw.se_1_2024.pk in tangerang_day.applicability.circular_ids
    assert tangerang_day.applicability.binding_circular.id == aw.se_1_2024.pk  # 50% binds, not Tangerang's 75%


def test_kalbar_may_bind_kota_pontianak(client, aw):
    response = _create(client, aw.kalbar_admin, circular_post(
        aw.kalbar, "800/01/Prov/2024", scope_kind="regions", scope_regions=["61"], based_on=[aw.se_1_2024]))
    circular = Circular.objects.get(number="800/01/Prov/2024")
    assert response.status_code == 302 and list(circular.scope_regions.values_list("code", flat=True)) == ["61"]
    preview = client.get(reverse("policies:circular_preview", args=[circular.pk]), {"start": "2024-04-16"})
    assert [a.pk for a, _cells in preview.context["preview"].rows] == [aw.pontianak.pk]
    client.post(reverse("policies:circular_publish", args=[circular.pk]))
    circular.refresh_from_db()
    assert circular.status == "published"


def test_kalbar_cannot_bind_bekasi_nor_base_on_a_lower_circular(client, aw, world):
    bekasi_se = make_circular(world.bekasi, "800/7/2024", scope_kind="agencies")
    response = _create(client, aw.kalbar_admin, circular_post(
        aw.kalbar, "800/8/2024", scope_agencies=[aw.pontianak, world.bekasi], based_on=[bekasi_se]))
    errors = response.context["form"].errors
    assert errors["scope_agencies"] == ["Di luar kewenangan Pemprov Kalbar: Pemkot Bekasi."]
    assert "bukan surat edaran instansi yang lebih tinggi" in errors["based_on"][0]


def test_the_preview_shows_whom_a_supersession_reaches_before_publication(client, aw, world):
    response = _create(client, aw.kemenpan_admin, circular_post(
        aw.kemenpan, "2/2024", scope_kind="regions", scope_regions=["32"], supersedes=[aw.se_1_2024], cap=75))
    draft = Circular.objects.get(number="2/2024")
    assert response.status_code == 302
    preview = client.get(reverse("policies:circular_preview", args=[draft.pk]), {"start": "2024-04-16"})
    effects = preview.context["preview"].supersessions
    assert [(e.number, e.agencies) for e in effects] == [("1/2024", ["Pemkot Bekasi"])]
    assert 'data-testid="preview-supersedes"' in preview.content.decode()
    # Published, SE 1/2024 stops binding Bekasi (75% now: 6 of 10 is within), and still binds Tangerang.
    client.post(reverse("policies:circular_publish", args=[draft.pk]))
    compliance_check_units(start=APR16, end=APR16)
    assert not Finding.objects.filter(unit=world.bekasi_setda, date=APR16, kind="wfh_over_cap", status="open").exists()


def test_a_policy_admin_acts_only_for_their_own_issuer(client, aw, world):
    response = _create(client, aw.tangerang_admin, circular_post(world.bekasi, "800/9/2024", scope_agencies=[world.bekasi]))
    assert "issuer" in response.context["form"].errors
    client.force_login(aw.tangerang_admin)
    assert client.post(reverse("policies:circular_revoke", args=[aw.se_1_2024.pk])).status_code == 403


def test_a_citys_preview_never_lists_another_agencys_units(client, aw, world):
    """A national draft left by a city (e.g. entered in the Django admin) previews only what it may bind."""
    draft = make_circular(world.tangerang, "800/10/2024", status="draft", scope_kind="national",
                          rules=[{"start_date": APR16, "end_date": APR17, "categories": ["administration"],
                                  "wfh_cap_percent": 50}])
    client.force_login(aw.tangerang_admin)
    preview = client.get(reverse("policies:circular_preview", args=[draft.pk]), {"start": "2024-04-16"})
    assert [a.pk for a, _cells in preview.context["preview"].rows] == [world.tangerang.pk]
    assert "Pemkot Bekasi" not in preview.content.decode()


def test_the_django_admin_refuses_a_city_superseding_a_national_circular(client, aw, world):
    root = f.user("root")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    response = client.post(reverse("admin:policies_circular_add"), {
        "number": "800/11/2024", "title": "Lewat admin", "issuer": world.tangerang.pk, "signed_on": "2024-04-13",
        "status": "published", "scope_kind": "agencies", "scope_agencies": [world.tangerang.pk],
        "supersedes": [aw.se_1_2024.pk],
        "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0", "obligations-TOTAL_FORMS": "0",
        "obligations-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200 and not Circular.objects.filter(number="800/11/2024").exists()
    assert "dapat digantikan" in response.content.decode()
