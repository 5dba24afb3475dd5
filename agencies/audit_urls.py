from django.urls import path

from . import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.events, name="events"),
    path("ekspor.csv", audit_views.events_export, name="export"),
    path("<id:pk>/", audit_views.event_detail, name="event"),
]
