from django.contrib import admin
from django.urls import include, path

from agencies.language import set_language

from .security import PasswordChangeView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("rosterhub.api_urls")),
    path("audit/", include("agencies.audit_urls")),
    path("pegawai/", include("agencies.employees.urls")),
    path("unit-kerja/", include("agencies.units.urls")),
    path("akun/sandi/", PasswordChangeView.as_view(), name="password_change"),
    path("", include("agencies.urls")),
    path("", include("policies.urls")),
    path("", include("attendance.urls")),
]
