"""Each feature of the attendance app has its own URL module and namespace."""

from django.urls import include, path

urlpatterns = [
    path("jadwal/", include("attendance.roster.urls")),
    path("wfh/", include("attendance.wfh.urls")),
    path("kehadiran/", include("attendance.presence.urls")),
    path("saya/", include("attendance.selfservice.urls")),
]
