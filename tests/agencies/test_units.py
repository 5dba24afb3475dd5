"""Unit trees: inherited service categories and materialised paths kept through moves."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Unit
from tests import factories as f


@pytest.fixture
def bekasi(db):
    return f.agency()


def reload(*units):
    return [Unit.objects.get(pk=u.pk) for u in units]


def test_a_sub_unit_inherits_its_parents_category_unless_it_sets_one(bekasi):
    dinkes = f.unit(bekasi, "Dinas Kesehatan", "health")
    rsud = f.unit(bekasi, "RSUD", "", parent=dinkes)
    farmasi = f.unit(bekasi, "Instalasi Farmasi", "", parent=rsud)
    tu = f.unit(bekasi, "Subbagian Tata Usaha", "administration", parent=dinkes)
    assert [u.effective_category for u in reload(rsud, farmasi, tu)] == ["health", "health", "administration"]


def test_changing_a_parents_category_reaches_every_inheriting_descendant(bekasi):
    setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    umum = f.unit(bekasi, "Bagian Umum", "", parent=setda)
    rumah_tangga = f.unit(bekasi, "Subbagian Rumah Tangga", "", parent=umum)
    hukum = f.unit(bekasi, "Bagian Hukum", "administration", parent=setda)
    setda.service_category = "leadership_support"
    setda.save()
    umum, rumah_tangga, hukum = reload(umum, rumah_tangga, hukum)
    assert umum.effective_category == rumah_tangga.effective_category == "leadership_support"
    assert hukum.effective_category == "administration"  # set explicitly, not inherited


def test_paths_nest_and_follow_a_move_down_the_whole_subtree(bekasi):
    setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    dinkes = f.unit(bekasi, "Dinas Kesehatan", "health")
    umum = f.unit(bekasi, "Bagian Umum", "", parent=setda)
    gudang = f.unit(bekasi, "Gudang", "", parent=umum)
    assert reload(gudang)[0].path == f"/{setda.pk}/{umum.pk}/{gudang.pk}/"
    umum.parent = dinkes
    umum.save()
    umum, gudang = reload(umum, gudang)
    assert umum.path == f"/{dinkes.pk}/{umum.pk}/"
    assert gudang.path == f"/{dinkes.pk}/{umum.pk}/{gudang.pk}/"
    assert gudang.effective_category == "health"
    assert set(Unit.objects.filter(path__startswith=setda.path)) == {setda}


def test_saving_a_unit_without_a_move_does_not_rewrite_its_subtree(bekasi, django_assert_num_queries):
    setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    for n in range(5):
        f.unit(bekasi, f"Bagian {n}", "", parent=setda)
    setda.name = "Sekretariat Daerah Kota Bekasi"
    with django_assert_num_queries(2):  # read the stored path and category, then one UPDATE
        setda.save()


def test_a_unit_cannot_move_under_its_own_descendant_or_another_agency(bekasi):
    setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    umum = f.unit(bekasi, "Bagian Umum", "", parent=setda)
    setda.parent = umum
    with pytest.raises(ValidationError) as exc:
        setda.full_clean()
    assert exc.value.message_dict["parent"] == ["Unit tidak boleh menjadi induk dirinya sendiri."]
    tangerang = f.agency("pemkot-tangerang", "Pemerintah Kota Tangerang", "Pemkot Tangerang",
                         seat=f.region("36.71", "Kota Tangerang"))
    other = Unit(agency=tangerang, name="Bagian Umum", parent=setda)
    with pytest.raises(ValidationError) as exc:
        other.full_clean()
    assert exc.value.message_dict["parent"] == ["Unit induk harus dari instansi yang sama."]


def test_a_top_unit_must_name_its_category(bekasi):
    with pytest.raises(ValidationError) as exc:
        Unit(agency=bekasi, name="Dinas Baru").full_clean()
    assert exc.value.message_dict["service_category"] == ["Unit teratas harus punya kategori layanan."]
