"""Celery tasks of the agencies app, collected here so the worker's autodiscovery finds them."""

from .notifications import notification_emails_send_task

__all__ = ["notification_emails_send_task"]
