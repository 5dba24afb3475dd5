from .navigation import nav_items_for
from .scoping import scope_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": nav_items_for(scope_for(user)),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
