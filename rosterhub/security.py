"""Login lockout and password change.

Failed logins are counted per username and per client address in the cache (shared by all web
processes: a file cache by default, Redis with CACHE_URL). While either count is at its limit,
every login through any door (login page, admin, API token) is refused, even with the right
password, until LOGIN_LOCKOUT_SECONDS pass without further attempts.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authtoken.views import ObtainAuthToken


def safe_next(request, fallback: str) -> str:
    """The `next` parameter when it points into this site, else `fallback` (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def client_address(request) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP).

    Never X-Forwarded-For as sent: any client can write it and dodge the per-address count.
    """
    if request is None:
        return "unknown"
    header = settings.CLIENT_IP_HEADER
    return (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR") or "unknown"


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


def _counts(username: str, address: str) -> tuple[int, int]:
    return cache.get(_key("user", username), 0), cache.get(_key("addr", address), 0)


def login_locked(username: str, address: str) -> bool:
    by_user, by_address = _counts(username or "", address)
    return by_user >= settings.LOGIN_LOCKOUT_FAILURES or by_address >= settings.LOGIN_LOCKOUT_ADDRESS_FAILURES


def _increment(key: str) -> int:
    """Atomic add-then-incr: parallel attempts each get their own number (never check-then-set)."""
    timeout = settings.LOGIN_LOCKOUT_SECONDS
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def login_attempt_reserve(username: str, address: str) -> bool:
    """Count this attempt before the password is checked; False when it is beyond either limit.

    Reserving first is what makes the limit hold under parallel guessing: the sixth of six simultaneous
    attempts sees 6, not the 0 every one of them read before anyone wrote."""
    by_user = _increment(_key("user", username or ""))
    by_address = _increment(_key("addr", address))
    return by_user <= settings.LOGIN_LOCKOUT_FAILURES and by_address <= settings.LOGIN_LOCKOUT_ADDRESS_FAILURES


def login_success_record(username: str, address: str) -> None:
    """A success clears the user's count and gives the address back the attempt it reserved."""
    cache.delete(_key("user", username or ""))
    try:
        cache.decr(_key("addr", address))
    except ValueError:
        pass


def lockout_message() -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun atau alamat ini dikunci sementara. "
        "Coba lagi dalam %(minutes)s menit atau hubungi pengelola kepegawaian."
    ) % {"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)}


class LockoutModelBackend(ModelBackend):
    """Django's model backend behind the lockout counters."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        address = client_address(request)
        if not login_attempt_reserve(username or "", address):
            raise PermissionDenied(lockout_message())  # stops authenticate() trying other backends
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            login_success_record(username, address)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


class LockoutAuthenticationForm(AuthenticationForm):
    """The login form, telling the user plainly when the lockout is what refuses them."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if login_locked(username, address):
            raise ValidationError(lockout_message(), code="locked")
        try:
            return super().clean()
        except ValidationError:
            if login_locked(username, address):
                raise ValidationError(lockout_message(), code="locked") from None
            raise


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; every other session and every API token of the user stops working.

    Django signs each session with a hash of the password (SessionAuthenticationMiddleware's
    successor in `get_user`), so other sessions end at their next request; this session is kept
    by `update_session_auth_hash` in the parent view.
    """

    template_name = "security/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)  # User.save ends the API tokens
        messages.success(self.request, _("Sandi diganti. Sesi di perangkat lain dan token API Anda telah diakhiri."))
        return response


class LoginLocked(exceptions.APIException):
    status_code = 403
    default_code = "locked"


class LockoutObtainAuthToken(ObtainAuthToken):
    """POST username and password for an API token; says plainly when the lockout refuses."""

    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        address = client_address(request)
        if login_locked(str(username or ""), address):
            raise LoginLocked(lockout_message())
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            if login_locked(str(username or ""), address):
                raise LoginLocked(lockout_message()) from None
            raise
