from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.grid, name="grid"),
    path("<id:unit_id>/sel/", views.cells_set, name="cells_set"),
    path("<id:unit_id>/urungkan/", views.undo, name="undo"),
    path("<id:unit_id>/ulangi/", views.redo, name="redo"),
    path("<id:unit_id>/ekspor.<str:fmt>", views.export, name="export"),
    path("<id:unit_id>/impor/", views.import_upload, name="import"),
    path("<id:unit_id>/impor/<id:batch_id>/terapkan/", views.import_apply, name="import_apply"),
    path("<id:unit_id>/riwayat/", views.history, name="history"),
]
