"""Which language a request is served in: Bahasa Indonesia unless the user chose English.

The browser's Accept-Language is ignored on purpose: Indonesian government offices often run
English-configured PCs, and their users expect Indonesian. A signed-in user's choice lives on the
account (`User.preferred_language`); before signing in (the login page), it rides in the language cookie.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .audit import AuditContext, audit_record

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # the account decides, not a cookie another user of the same PC may have left
        return user.preferred_language if user.preferred_language in SUPPORTED else settings.LANGUAGE_CODE
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Replaces Django's LocaleMiddleware (which reads Accept-Language); sits after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def user_language_set(*, context: AuditContext, user, language: str) -> None:
    """Remember a signed-in user's language on their account."""
    with transaction.atomic():
        before = user.preferred_language
        if before == language:
            return
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(context, action="user.language", obj=user, before={"preferred_language": before},
                     after={"preferred_language": language}, summary=language)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: saves the choice on the account (and in the cookie, for the login page)."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in SUPPORTED:
        return response
    if request.user.is_authenticated:
        user_language_set(context=AuditContext(request.user), user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH, secure=settings.LANGUAGE_COOKIE_SECURE or None,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY or None, samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
