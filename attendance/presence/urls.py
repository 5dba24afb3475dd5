from django.urls import path

from . import views

app_name = "presence"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unit/<id:unit_id>/<str:day>/", views.unit_day, name="unit_day"),
    path("unit/<id:unit_id>/<str:day>/unduh.<str:fmt>", views.unit_day_export, name="unit_day_export"),
    path("unduh/<str:table>.<str:fmt>", views.export, name="export"),
    path("rekap.pdf", views.recap_pdf, name="recap_pdf"),
    path("koreksi/<id:employee_id>/<str:day>/", views.record_correct, name="correct"),
    path("apel/", views.roll_call, name="roll_call"),
    path("impor/", views.imports, name="imports"),
    path("impor/<id:pk>/", views.import_detail, name="import_detail"),
    path("impor/<id:pk>/terapkan/", views.import_apply, name="import_apply"),
]
