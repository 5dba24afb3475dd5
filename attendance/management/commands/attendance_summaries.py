"""manage.py attendance_summaries [--agency CODE] [--start D --end D]

Recount the dashboard's per unit-day attendance summaries from the records, e.g. after
records were deleted or updated outside the attendance services.
"""

import datetime

from django.core.management.base import BaseCommand

from agencies.models import Agency
from attendance.presence.summaries import summaries_rebuild


class Command(BaseCommand):
    help = "Recount attendance summaries (all agencies, or one) from the attendance records."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code")
        parser.add_argument("--start", type=datetime.date.fromisoformat)
        parser.add_argument("--end", type=datetime.date.fromisoformat)

    def handle(self, *args, agency=None, start=None, end=None, **options):
        agencies = Agency.objects.all() if agency is None else Agency.objects.filter(code=agency)
        total = 0
        for agency_id in agencies.values_list("pk", flat=True):
            total += summaries_rebuild(agency_id=agency_id, start=start, end=end)
        self.stdout.write(f"{total} unit-day summaries written.")
