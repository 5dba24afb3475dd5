"""manage.py load_holidays --years 2023 2024: national holidays and cuti bersama."""

import datetime

from django.core.management.base import BaseCommand

from policies.holidays import holidays_sync


class Command(BaseCommand):
    help = "Load Indonesia's national holidays and collective leave (cuti bersama) for the given years."

    def add_arguments(self, parser):
        this_year = datetime.date.today().year
        parser.add_argument("--years", type=int, nargs="+", default=[this_year, this_year + 1])

    def handle(self, *args, years, **options):
        counts = holidays_sync(years=years)
        self.stdout.write(
            f"Holidays {', '.join(map(str, sorted(years)))}: {counts['total']} in the calendar, "
            f"{counts['created']} added, {counts['deleted']} removed."
        )
