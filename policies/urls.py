from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("temuan/", views.findings, name="findings"),
    path("temuan/<id:pk>/akui/", views.finding_review, {"action": "acknowledge"}, name="finding_acknowledge"),
    path("temuan/<id:pk>/catatan/", views.finding_review, {"action": "note"}, name="finding_note"),
    path("temuan/<id:pk>/selesai/", views.finding_review, {"action": "resolve"}, name="finding_resolve"),
    path("surat-edaran/", views.circulars, name="circulars"),
    path("surat-edaran/baru/", views.circular_edit, name="circular_create"),
    path("surat-edaran/<id:pk>/", views.circular_detail, name="circular"),
    path("surat-edaran/<id:pk>/ubah/", views.circular_edit, name="circular_edit"),
    path("surat-edaran/<id:pk>/pratinjau/", views.circular_preview_page, name="circular_preview"),
    path("surat-edaran/<id:pk>/terbitkan/", views.circular_status_change, {"action": "publish"}, name="circular_publish"),
    path("surat-edaran/<id:pk>/cabut/", views.circular_status_change, {"action": "revoke"}, name="circular_revoke"),
]
