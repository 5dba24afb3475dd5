from django.contrib.auth import views as auth_views
from django.urls import path

from rosterhub.security import LockoutAuthenticationForm

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LockoutAuthenticationForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/baca/", views.notifications_mark_read, name="notifications_mark_read"),
]
