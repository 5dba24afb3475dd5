"""notify(): in-app rows now, email by the worker after commit, nothing for a rolled-back change."""

import pytest
from django.core import mail
from django.db import transaction

from agencies.models import Notification
from agencies.notifications import notify

pytestmark = pytest.mark.django_db


def test_it_stores_one_notification_per_user_and_mails_after_commit(world, django_capture_on_commit_callbacks):
    world.bekasi_hr.email = "bkpsdm@bekasikota.go.id"
    world.bekasi_hr.save()
    world.bekasi_staff[1].email = "pegawai@bekasikota.go.id"  # no account email: the employee's is used
    world.bekasi_staff[1].save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[world.bekasi_hr, world.bekasi_employee, world.bekasi_hr], message="Pengajuan disetujui", url="/wfh/1/")
    assert Notification.objects.count() == 2
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["bkpsdm@bekasikota.go.id", "pegawai@bekasikota.go.id"]
    assert "/wfh/1/" in mail.outbox[0].body


def test_a_rolled_back_change_sends_nothing(world, django_capture_on_commit_callbacks):
    world.bekasi_hr.email = "bkpsdm@bekasikota.go.id"
    world.bekasi_hr.save()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(users=[world.bekasi_hr], message="Tidak jadi", url="")
            raise RuntimeError("rollback")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_worker_knows_the_email_task():
    from rosterhub.celery import app

    app.loader.import_default_modules()
    assert "agencies.notification_emails_send" in app.tasks


def test_unread_notifications_show_in_the_menu_and_the_list(client, world):
    notify(users=[world.bekasi_employee], message="Pengajuan WFH Anda disetujui", url="/wfh/")
    client.force_login(world.bekasi_employee)
    html = client.get("/notifikasi/").content.decode()
    assert "Pengajuan WFH Anda disetujui" in html
    assert 'data-testid="unread-count">1<' in html


def test_opening_the_request_reads_its_notification(client, world, se_1_2024):
    from attendance.wfh.services import wfh_request_submit

    from .conftest import TUESDAY, as_user

    request = wfh_request_submit(
        context=as_user(world.bekasi_employee), employee=world.bekasi_staff[1], dates=[TUESDAY], reason="x", address="y",
    )
    notify(users=[world.bekasi_head], message="Lain", url="/lain/")
    client.force_login(world.bekasi_head)
    client.get(f"/wfh/{request.pk}/")
    unread = list(Notification.objects.filter(user=world.bekasi_head, read_at__isnull=True).values_list("url", flat=True))
    assert unread == ["/lain/"]
