from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world (`manage.py seed_demo`) and the scale generator (`manage.py seed_scale`). It sits above
    agencies, policies and attendance and uses all three; none of them imports it."""

    name = "demo"
    verbose_name = "Demo"
