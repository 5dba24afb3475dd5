from django.urls import path

from . import views

app_name = "wfh"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("baru/", views.new, name="new"),
    path("baru/periksa/", views.check, name="check"),
    path("antrean/", views.queue, name="queue"),
    path("antrean/setujui/", views.bulk_approve, name="bulk_approve"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/putuskan/", views.decide, name="decide"),
    path("antrean/<id:pk>/putuskan/", views.decide_row, name="decide_row"),
    path("<id:pk>/batal/", views.cancel, name="cancel"),
]
