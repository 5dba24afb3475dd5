"""In-app notifications and their email copies.

`notify` stores one Notification per user, in that user's language, and, once the transaction
commits, hands the ids to a thin Celery task that mails them through Django's email backend
(console by default) with an absolute link (`SITE_URL`). A rolled-back change never sends mail.
"""

from collections.abc import Callable, Iterable

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Notification, User

MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length


def user_language(user: User) -> str:
    """The language a user reads: their choice, else the product's (Bahasa Indonesia)."""
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def notify(*, users: Iterable[User], message: str | Callable[[], str], url: str = "") -> list[Notification]:
    """Tell each user (once, even if listed twice) with an in-app notification and an email.

    `message` may be a callable: it is then worded once per language, with that language active,
    so each user reads it in their own.
    """
    recipients = {user.pk: user for user in users if user is not None}
    worded: dict[str, str] = {}

    def text_for(user: User) -> str:
        if not callable(message):
            return message
        language = user_language(user)
        if language not in worded:
            with translation.override(language):
                worded[language] = str(message())
        return worded[language]

    notifications = Notification.objects.bulk_create([
        Notification(user_id=pk, message=_shortened(text_for(recipients[pk])), url=url) for pk in sorted(recipients)
    ])
    ids = [n.pk for n in notifications]
    if ids:
        transaction.on_commit(lambda: notification_emails_send_task.delay(ids))
    return notifications


def _shortened(text: str) -> str:
    return text if len(text) <= MESSAGE_MAX_LENGTH else text[: MESSAGE_MAX_LENGTH - 1] + "…"


def notifications_mark_read(*, user: User, url: str) -> int:
    """Opening the page a notification points to reads it."""
    return user.notifications.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())


def absolute_url(path: str) -> str:
    """`SITE_URL` + path: a link in a mail must work outside the browser that made it."""
    if not path or "://" in path:
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Mail each notification to its user's address (account email, else the employee's); returns how many."""
    rows = Notification.objects.filter(pk__in=notification_ids).select_related("user", "user__employee")
    messages = []
    for n in rows:
        address = n.user.email or getattr(getattr(n.user, "employee", None), "email", "")
        if not address:
            continue
        with translation.override(user_language(n.user)):
            link = _("Buka: %(url)s") % {"url": absolute_url(n.url)} if n.url else ""
            body = f"{n.message}\n\n{link}".strip()
        messages.append(EmailMessage(subject=f"RosterHub: {n.message}"[:150], body=body, to=[address]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@shared_task(name="agencies.notification_emails_send")
def notification_emails_send_task(notification_ids: list[int]) -> int:
    return notification_emails_send(notification_ids=notification_ids)
