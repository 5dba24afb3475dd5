"""No uploaded file produces a 500 or a crashed import task: Hypothesis posts arbitrary CSV, XLSX and
bytes to the roster import page and the punch import page (whose check runs in the worker)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.models import DevicePunch, ImportBatch, RosterEntry

from .test_fuzz_importers import as_csv, as_xlsx, tables

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

uploads = st.one_of(
    st.tuples(tables, st.sampled_from(["csv", "xlsx"])).map(
        lambda t: (f"berkas.{t[1]}", as_xlsx(*t[0]) if t[1] == "xlsx" else as_csv(*t[0], ","))
    ),
    st.tuples(st.sampled_from(["berkas.csv", "berkas.xlsx", "berkas.exe", "tanpa-ekstensi", "a" * 300 + ".csv"]),
              st.binary(max_size=300)),
)


@pytest.fixture
def hr_client(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bekasi_hr)
    return client


@FUZZ
@given(upload=uploads)
def test_the_roster_import_page_answers_any_file(world, hr_client, upload):
    name, content = upload
    response = hr_client.post(f"/jadwal/{world.bekasi_setda.pk}/impor/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 400), response.status_code
    assert not RosterEntry.objects.exists()


@FUZZ
@given(upload=uploads)
def test_the_punch_import_page_and_its_check_survive_any_file(world, hr_client, upload, django_capture_on_commit_callbacks):
    name, content = upload
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post("/kehadiran/impor/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 302, 400), response.status_code
    for batch in ImportBatch.objects.filter(kind=ImportBatch.Kind.PUNCHES):
        assert batch.status != ImportBatch.Status.VALIDATING, "the check stopped half-way"
    assert not DevicePunch.objects.exists()
