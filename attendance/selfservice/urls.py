from django.urls import path

from . import views

app_name = "selfservice"
urlpatterns = [
    path("jadwal/", views.my_roster, name="roster"),
    path("kehadiran/", views.my_attendance, name="attendance"),
]
