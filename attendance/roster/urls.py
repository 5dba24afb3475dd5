from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.grid, name="grid"),
    path("<int:unit_id>/sel/", views.cells_set, name="cells_set"),
    path("<int:unit_id>/urungkan/", views.undo, name="undo"),
    path("<int:unit_id>/ulangi/", views.redo, name="redo"),
    path("<int:unit_id>/ekspor.<str:fmt>", views.export, name="export"),
    path("<int:unit_id>/impor/", views.import_upload, name="import"),
    path("<int:unit_id>/impor/<int:batch_id>/terapkan/", views.import_apply, name="import_apply"),
    path("<int:unit_id>/riwayat/", views.history, name="history"),
]
