"""manage.py seed_demo [--if-empty]: the demo world of design.md §2, printing the demo logins."""

from django.core.management.base import BaseCommand

from agencies.models import Agency
from demo import DEMO_LOGINS, demo_world_build, logins_print


class Command(BaseCommand):
    help = "Build the demo world (agencies, staff, circulars, rosters, attendance). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing (but print the logins) if any agency exists.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Agency.objects.exists():
            self.stdout.write("The database already holds agencies; demo world not seeded again.")
            logins_print(self.stdout, [(row[0], row[5]) for row in DEMO_LOGINS])
            return
        demo_world_build(stdout=self.stdout)
