import zoneinfo

from django.utils import timezone


class LocalTimeMiddleware:
    """Show times in the user's own agency time zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            tz_name = request.session.get("tz") if hasattr(request, "session") else None
            if tz_name is None:
                tz_name = _user_timezone(user)
                request.session["tz"] = tz_name
        if tz_name:
            timezone.activate(zoneinfo.ZoneInfo(tz_name))
        else:
            timezone.deactivate()
        return self.get_response(request)


def _user_timezone(user) -> str:
    from .models import Employee, RoleAssignment

    employee = Employee.objects.filter(user=user).select_related("agency__seat_region").first()
    if employee:
        return employee.agency.seat_region.timezone
    role = RoleAssignment.objects.filter(user=user, agency__isnull=False).select_related("agency__seat_region").first()
    if role:
        return role.agency.seat_region.timezone
    return "Asia/Jakarta"
