"""In-app notifications and their email copies.

`notify` stores one Notification per user and, once the transaction commits, hands the
ids to a thin Celery task that mails them through Django's email backend (console by
default). A rolled-back change therefore never sends mail.
"""

from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Notification, User

MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length


def notify(*, users: Iterable[User], message: str, url: str = "") -> list[Notification]:
    """Tell each user (once, even if listed twice) with an in-app notification and an email."""
    recipients = {user.pk: user for user in users if user is not None}
    notifications = Notification.objects.bulk_create(
        [Notification(user_id=pk, message=message[:MESSAGE_MAX_LENGTH], url=url) for pk in sorted(recipients)]
    )
    ids = [n.pk for n in notifications]
    if ids:
        transaction.on_commit(lambda: notification_emails_send_task.delay(ids))
    return notifications


def notifications_mark_read(*, user: User, url: str) -> int:
    """Opening the page a notification points to reads it."""
    return user.notifications.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Mail each notification to its user's address (account email, else the employee's); returns how many."""
    rows = Notification.objects.filter(pk__in=notification_ids).select_related("user", "user__employee")
    messages = []
    for n in rows:
        address = n.user.email or getattr(getattr(n.user, "employee", None), "email", "")
        if not address:
            continue
        link = f"{settings.SITE_URL.rstrip('/')}{n.url}" if getattr(settings, "SITE_URL", "") and n.url else n.url
        body = f"{n.message}\n\n{link}".strip()
        messages.append(EmailMessage(subject=f"RosterHub: {n.message}"[:150], body=body, to=[address]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@shared_task(name="agencies.notification_emails_send")
def notification_emails_send_task(notification_ids: list[int]) -> int:
    return notification_emails_send(notification_ids=notification_ids)
