"""Request hardening shared by every page and the API: bad parameters are 400s, deeply nested JSON is
refused before any parser recurses into it, and signed-in pages are never stored by a browser or proxy."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from .date_bounds import BadParameter

MAX_JSON_DEPTH = 32
OPEN, CLOSE, QUOTE, BACKSLASH = frozenset(b"[{"), frozenset(b"]}"), ord('"'), ord("\\")


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `body` nests arrays/objects deeper than `limit` (strings are skipped); one pass, no recursion."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == BACKSLASH:
                escaped = True
            elif byte == QUOTE:
                in_string = False
        elif byte == QUOTE:
            in_string = True
        elif byte in OPEN:
            depth += 1
            if depth > limit:
                return True
        elif byte in CLOSE:
            depth -= 1
    return False


def _json_400(code: str, detail: str) -> HttpResponse:
    return HttpResponse(json.dumps({"code": code, "detail": detail}), status=400, content_type="application/json")


class RequestHardeningMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "application/json" and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            try:
                body = request.body
            except RequestDataTooBig:
                return _json_400("too_large", _("Isi permintaan terlalu besar (maks %(mb)s MB).") % {
                    "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)})
            if json_depth_exceeds(body):
                return _json_400("too_deep", _("JSON bersarang terlalu dalam (paling banyak %(n)s tingkat).") % {
                    "n": MAX_JSON_DEPTH})
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            # Signed-in pages name people and their rosters: no copy in a shared proxy or the browser's history.
            response["Cache-Control"] = "no-store"
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return HttpResponseBadRequest(str(exception), content_type="text/plain; charset=utf-8")
        return None
