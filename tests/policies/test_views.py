import datetime

import pytest
from django.urls import reverse

from agencies.models import Role
from policies.compliance import compliance_check_units
from policies.models import Circular, Finding, FindingNote
from tests import factories as f

from .conftest import APR16, APR17, roster


@pytest.fixture
def findings_world(rostered, world, se_1_2024):
    tangerang_nurses = [f.employee(f.unit(world.tangerang, "Dinas Kesehatan", "health")) for _ in range(2)]
    roster(world.bekasi_nurses, APR16, "WFH")
    roster(tangerang_nurses, APR16, "WFH")
    compliance_check_units(start=APR16, end=APR17)
    return world


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("policies:findings"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_inspector_of_bekasi_sees_only_bekasi_findings(client, findings_world, django_assert_max_num_queries):
    client.force_login(findings_world.bekasi_inspector)
    with django_assert_max_num_queries(18):  # session, user, scope, menu + 8 for the page (2 name the people), whatever the rows
        response = client.get(reverse("policies:findings"), {"date_from": "2024-04-16", "date_to": "2024-04-17"})
    rows = response.context["page"].object_list
    assert {r.agency_id for r in rows} == {findings_world.bekasi.pk}
    assert "Dinas Kesehatan" in response.content.decode() and "Pemkot Tangerang" not in response.content.decode()


def test_the_pager_keeps_the_filters_and_speaks_the_users_language(client, findings_world, monkeypatch):
    monkeypatch.setattr("policies.views.FINDINGS_PER_PAGE", 1)
    roster(findings_world.bekasi_nurses, APR17, "WFH")
    compliance_check_units(start=APR17, end=APR17)
    client.force_login(findings_world.bekasi_inspector)
    response = client.get(reverse("policies:findings"), {"kind": "wfh_in_wfo_unit", "page": 1})
    html = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert "Halaman 1 dari 2" in html and 'href="?kind=wfh_in_wfo_unit&amp;page=2"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the account keeps the choice
    assert "Page 1 of 2" in client.get(reverse("policies:findings"), {"kind": "wfh_in_wfo_unit"}).content.decode()


def test_the_filters_narrow_by_kind_unit_and_status(client, findings_world):
    client.force_login(findings_world.bekasi_inspector)
    url = reverse("policies:findings")
    assert client.get(url, {"kind": "wfh_over_cap"}).context["page"].paginator.count == 0
    assert client.get(url, {"unit": findings_world.bekasi_dinkes.pk}).context["page"].paginator.count == 1
    assert client.get(url, {"status": "resolved"}).context["page"].paginator.count == 0
    htmx = client.get(url, {"kind": "wfh_in_wfo_unit"}, headers={"HX-Request": "true"})
    assert b"<html" not in htmx.content and b'id="results"' in htmx.content


def test_an_employee_cannot_open_the_findings_page(client, findings_world):
    client.force_login(findings_world.bekasi_employee)
    assert client.get(reverse("policies:findings")).status_code == 403


def test_inspector_acknowledges_with_a_note_through_htmx(client, findings_world):
    finding = Finding.objects.get(unit=findings_world.bekasi_dinkes)
    client.force_login(findings_world.bekasi_inspector)
    response = client.post(reverse("policies:finding_acknowledge", args=[finding.pk]), {"note": "Kepala dinas dipanggil"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"Kepala dinas dipanggil" in response.content
    finding.refresh_from_db()
    assert finding.status == "acknowledged" and FindingNote.objects.filter(finding=finding).count() == 1


def test_a_unit_head_may_read_but_not_review(client, findings_world):
    head = f.user("kepala_dinkes", Role.UNIT_HEAD, unit=findings_world.bekasi_dinkes)
    finding = Finding.objects.get(unit=findings_world.bekasi_dinkes)
    client.force_login(head)
    assert client.get(reverse("policies:findings")).context["page"].paginator.count == 1
    assert client.post(reverse("policies:finding_resolve", args=[finding.pk])).status_code == 403


def test_bekasi_inspector_gets_404_for_a_tangerang_finding(client, findings_world):
    finding = Finding.objects.filter(agency=findings_world.tangerang).first()
    client.force_login(findings_world.bekasi_inspector)
    assert client.post(reverse("policies:finding_resolve", args=[finding.pk])).status_code == 404


@pytest.fixture
def policy_admin(world):
    return f.user("admin_kebijakan", Role.POLICY_ADMIN, agency=world.bekasi)


def test_a_policy_admin_creates_a_draft_previews_and_publishes_it(client, rostered, world, policy_admin,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(policy_admin)
    data = {
        "number": "800/5/2024", "title": "Sistem kerja pasca libur", "issuer": world.bekasi.pk, "signed_on": "2024-04-13",
        "scope_kind": "agencies", "scope_agencies": [world.bekasi.pk],
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "1", "rules-MAX_NUM_FORMS": "1000",
        "rules-0-start_date": "2024-04-16", "rules-0-end_date": "2024-04-17", "rules-0-categories": ["health"],
        "rules-0-employment_types": ["PNS", "PPPK"], "rules-0-wfh_cap_percent": "0", "rules-0-basis": "headcount",
        "obligations-TOTAL_FORMS": "1", "obligations-INITIAL_FORMS": "0", "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000", "obligations-0-order": "1", "obligations-0-text": "Pantau kinerja",
    }
    response = client.post(reverse("policies:circular_create"), data)
    circular = Circular.objects.get(number="800/5/2024")
    assert response.status_code == 302 and circular.status == "draft" and circular.rules.count() == 1
    roster(world.bekasi_nurses[:1], APR16, "WFH")
    preview = client.get(reverse("policies:circular_preview", args=[circular.pk]), {"start": "2024-04-16"})
    p = preview.context["preview"]
    assert p.units_bound == 1 and p.days == [APR16, APR17]
    assert [(a.pk, [c.bound for c in cells]) for a, cells in p.rows] == [(world.bekasi.pk, [1, 1])]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("policies:circular_publish", args=[circular.pk]))
    circular.refresh_from_db()
    assert circular.status == "published"
    assert Finding.objects.get(unit=world.bekasi_dinkes, date=APR16).rule.circular == circular


def test_a_draft_circular_is_invisible_to_other_agencies(client, world, policy_admin):
    draft = Circular.objects.create(issuer=world.bekasi, number="9/2024", title="Draf", signed_on=datetime.date(2024, 4, 1))
    client.force_login(world.tangerang_hr)
    assert client.get(reverse("policies:circular", args=[draft.pk])).status_code == 404
    assert draft not in client.get(reverse("policies:circulars")).context["circulars"]
    client.force_login(world.bekasi_hr)
    assert client.post(reverse("policies:circular_publish", args=[draft.pk])).status_code == 404


def test_only_the_issuers_policy_admin_may_revoke(client, world, se_1_2024, policy_admin):
    client.force_login(world.bekasi_inspector)
    assert client.post(reverse("policies:circular_revoke", args=[se_1_2024.pk])).status_code == 403
    client.force_login(policy_admin)  # Bekasi's: the ministry's circular is not theirs
    assert client.post(reverse("policies:circular_revoke", args=[se_1_2024.pk])).status_code == 403
    client.force_login(f.user("admin_kebijakan_kemenpan", Role.POLICY_ADMIN, agency=se_1_2024.issuer))
    client.post(reverse("policies:circular_revoke", args=[se_1_2024.pk]))
    se_1_2024.refresh_from_db()
    assert se_1_2024.status == "revoked"


def test_the_circular_form_opens_for_policy_admins_only(client, world, policy_admin):
    client.force_login(world.bekasi_hr)
    assert client.get(reverse("policies:circular_create")).status_code == 403
    client.force_login(policy_admin)
    response = client.get(reverse("policies:circular_create"))
    assert response.status_code == 200 and b'name="rules-0-wfh_cap_percent"' in response.content


def test_a_rule_without_categories_is_reported_on_its_field(client, world, policy_admin):
    client.force_login(policy_admin)
    response = client.post(reverse("policies:circular_create"), {
        "number": "800/6/2024", "title": "Tanpa kategori", "issuer": world.bekasi.pk, "signed_on": "2024-04-13",
        "scope_kind": "national",
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "1", "rules-MAX_NUM_FORMS": "1000",
        "rules-0-start_date": "2024-04-17", "rules-0-end_date": "2024-04-16", "rules-0-employment_types": ["PNS"],
        "rules-0-wfh_cap_percent": "150", "rules-0-basis": "headcount",
        "obligations-TOTAL_FORMS": "0", "obligations-INITIAL_FORMS": "0", "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 200 and not Circular.objects.filter(number="800/6/2024").exists()
    errors = response.context["rules"].forms[0].errors
    assert {"categories", "wfh_cap_percent", "end_date"} <= set(errors)


def test_a_finding_names_the_employees_behind_it_and_links_the_units_day(client, findings_world):
    client.force_login(findings_world.bekasi_inspector)
    html = client.get(reverse("policies:findings"), {"kind": "wfh_in_wfo_unit"}).content.decode()
    nurses = sorted(e.name for e in findings_world.bekasi_nurses)
    assert ", ".join(nurses) in html  # rostered WFH in a WFO-100% unit
    assert reverse("presence:unit_day", args=[findings_world.bekasi_dinkes.pk, "2024-04-16"]) in html


def test_the_agency_filter_says_all_agencies(client, findings_world):
    client.force_login(findings_world.bekasi_inspector)
    html = client.get(reverse("policies:findings")).content.decode()
    assert "Semua instansi" in html and "---------" not in html


def _circular_post(world, **extra):
    data = {
        "number": "9/2026", "title": "Dua ketentuan", "issuer": world.bekasi.pk, "signed_on": "2024-04-13",
        "scope_kind": "agencies", "scope_agencies": [world.bekasi.pk], "start": "2024-04-16", "end": "2024-04-17",
        "rules-TOTAL_FORMS": "2", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "1", "rules-MAX_NUM_FORMS": "1000",
        "rules-0-category_preset": "direct", "rules-0-employment_types": ["PNS", "CPNS", "PPPK"], "rules-0-basis": "headcount",
        "rules-1-category_preset": "administrative", "rules-1-wfh_cap_percent": "50",
        "rules-1-employment_types": ["PNS", "CPNS", "PPPK"], "rules-1-basis": "headcount",
        "obligations-TOTAL_FORMS": "1", "obligations-INITIAL_FORMS": "0", "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **extra}


def test_presets_and_the_circulars_dates_make_two_rules_in_a_few_fields(client, world, policy_admin):
    from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES

    client.force_login(policy_admin)
    response = client.post(reverse("policies:circular_create"), _circular_post(world))
    assert response.status_code == 302, response.context and response.context["error_summary"]
    rules = list(Circular.objects.get(number="9/2026").rules.order_by("wfh_cap_percent"))
    assert [(r.categories, r.wfh_cap_percent, r.start_date, r.end_date) for r in rules] == [
        (DIRECT_SERVICE_CATEGORIES, 0, APR16, APR17), (ADMINISTRATIVE_CATEGORIES, 50, APR16, APR17)]


def test_a_failed_save_sums_up_every_error_once_at_the_top(client, world, policy_admin):
    client.force_login(policy_admin)
    data = _circular_post(world, **{"rules-0-category_preset": "", "start": "", "rules-1-wfh_cap_percent": ""})
    response = client.post(reverse("policies:circular_create"), data)
    html = response.content.decode()
    summary = html[html.index('data-testid="error-summary"'):html.index("</div>", html.index('data-testid="error-summary"'))]
    assert "Pilih minimal satu kategori layanan." in summary and "Isi batas WFH dalam persen" in summary
    assert "Isi tanggal berlaku surat edaran" in summary
    assert html.count("Pilih minimal satu kategori layanan.") == 2  # once in the summary, once at its field
    assert "Bidang ini harus diisi. Pilih minimal" not in html and ">Order<" not in html and "Urutan" in html


def test_publishing_asks_first(client, world, policy_admin):
    client.force_login(policy_admin)
    client.post(reverse("policies:circular_create"), _circular_post(world))
    circular = Circular.objects.get(number="9/2026")
    html = client.get(reverse("policies:circular_preview", args=[circular.pk])).content.decode()
    assert 'data-confirm="Terbitkan SE 9/2026?' in html
    assert "Pemerintah Kota Bekasi" in html and "Dinas Kesehatan" in html  # the bound units by agency
    assert "16 April 2024 – 17 April 2024" in html  # findings over its own days
