"""The demo world of design.md §2 (seed articles) for `manage.py seed_demo` and tests; also the Django app
`demo` (seed_demo, seed_scale), which sits above agencies, policies and attendance.

Django imports this package before the models are ready, so its names load on first use."""

from importlib import import_module

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "demo_world_build", "logins_print"]
_HOMES = {"demo_world_build": "build", "logins_print": "build", "DEMO_LOGINS": "organisation", "DEMO_PASSWORD": "organisation"}


def __getattr__(name):
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
