"""The demo world of design.md §2 (seed articles) for `manage.py seed_demo` and tests."""

from .build import demo_world_build, logins_print
from .organisation import DEMO_LOGINS, DEMO_PASSWORD

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "demo_world_build", "logins_print"]
