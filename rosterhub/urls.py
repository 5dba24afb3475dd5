from django.contrib import admin
from django.urls import include, path

from .security import PasswordChangeView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("rosterhub.api_urls")),
    path("audit/", include("agencies.audit_urls")),
    path("pegawai/", include("agencies.employees.urls")),
    path("unit-kerja/", include("agencies.units.urls")),
    path("akun/sandi/", PasswordChangeView.as_view(), name="password_change"),
    path("", include("agencies.urls")),
    path("", include("policies.urls")),
    path("", include("attendance.urls")),
]
