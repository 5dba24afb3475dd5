"""Celery discovers `attendance.tasks`; each feature keeps its tasks in its own package."""

from attendance.presence.tasks import punch_import_apply, punch_import_validate

__all__ = ["punch_import_apply", "punch_import_validate"]
