from django.urls import path

from . import views

app_name = "employees"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("baru/", views.employee_create, name="create"),
    path("<id:pk>/ubah/", views.employee_edit, name="edit"),
    path("<id:pk>/akhiri/", views.employee_end_view, name="end"),
    path("impor/", views.employee_import_view, name="import"),
]
