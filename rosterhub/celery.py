import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")

app = Celery("rosterhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# One queue name for every task; a test or a separate deployment can use its own.
app.conf.task_default_queue = os.environ.get("ROSTERHUB_CELERY_QUEUE", "celery")

app.conf.beat_schedule = {
    # Today and the next 7 days, before offices open in WIB (00:30 Asia/Jakarta).
    "compliance-nightly": {"task": "policies.compliance_nightly", "schedule": crontab(hour=0, minute=30)},
    # Pending on-change checks whose task was lost (the file-system broker is at-most-once).
    "compliance-pending-sweep": {"task": "policies.compliance_pending_sweep", "schedule": crontab(minute="*/5")},
}
