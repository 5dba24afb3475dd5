"""Thin Celery tasks for punch file imports: load the batch, call the service."""

from celery import shared_task

from attendance.models import ImportBatch

from .imports import import_batch_apply, import_batch_validate


@shared_task(name="presence.import_validate", acks_late=True)
def punch_import_validate(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("agency__seat_region", "created_by").filter(pk=batch_id).first()
    if batch is not None and batch.status == ImportBatch.Status.PENDING:
        import_batch_validate(batch=batch)


@shared_task(name="presence.import_apply", acks_late=True)
def punch_import_apply(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("agency__seat_region", "created_by").filter(pk=batch_id).first()
    if batch is not None and batch.status == ImportBatch.Status.APPLYING and batch.processed_rows == 0:
        import_batch_apply(batch=batch)
