"""What the agencies app tells the apps above it, so that its dependencies point one way.

`staffing_changed` is sent inside the writing transaction when a write changes who belongs to which unit
on which days (an employee created, moved or ended; a unit's category or parent changed). The compliance
package listens (policies/apps.py) and records the re-check of those (unit id, day) pairs in the same
transaction, so a commit always leaves its re-check behind.
"""

from django.dispatch import Signal

staffing_changed = Signal()  # keyword argument: pairs, an iterable of (unit id, datetime.date)


def staffing_changed_send(pairs) -> None:
    staffing_changed.send(sender=None, pairs=sorted(set(pairs)))
