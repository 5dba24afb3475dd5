from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("baru/", views.unit_create, name="create"),
    path("<id:pk>/ubah/", views.unit_edit, name="edit"),
]
