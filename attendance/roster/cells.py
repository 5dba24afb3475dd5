"""HTML of grid cells, built in Python: a month for 300 employees is 9,300 cells and the
template engine would spend most of the page budget on them. The same method renders the
full grid and the cells an edit sends back (htmx out of band), so they never drift.

A cell is `<td id="c-<employee id>-<yyyymmdd>" class="rc loc-wfh …" data-v="<version>">WFH</td>`;
the script reads the employee and day from the id. Classes: `off` non-working day,
`inactive` outside the employee's active period (not editable), `locked` approved WFH.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agencies.models import EmploymentType
from agencies.placements import placed_on

from .selectors import CellEntry, GridCell, RosterGrid


class CellRenderer:
    def __init__(self):
        self._looks: dict[tuple, str] = {}

    def _look(self, entry: CellEntry | None, working: bool, active: bool) -> str:
        """The part of a cell after its id and version: classes, title and text (cached per kind)."""
        key = (entry.location, entry.leave_type, entry.approved_wfh, working, active) if entry else (working, active)
        look = self._looks.get(key)
        if look is None:
            classes = ["rc"]
            if entry:
                classes.append(f"loc-{entry.location.lower()}")
            if not working:
                classes.append("off")
            if not active:
                classes.append("inactive")
            title, text = "", ""
            if entry:
                text = escape(entry.short)
                if entry.approved_wfh:
                    classes.append("locked")
                    text += '<span class="lock" aria-hidden="true">✓</span>'
                title = f' title="{escape(entry.label)}"'
            look = self._looks[key] = f'class="{" ".join(classes)}"', title, text
        return look

    def _td(self, employee_id: int, day_key: str, entry: CellEntry | None, working: bool, active: bool, oob="") -> str:
        classes, title, text = self._look(entry, working, active)
        version = entry.version if entry else 0
        return f'<td id="c-{employee_id}-{day_key}" {classes} data-v="{version}"{title}{oob}>{text}</td>'

    def body(self, grid: RosterGrid) -> SafeString:
        """Every row of the grid: the employee (name, NIP, employment type, position), then the cells."""
        days = [(d.date, d.date.isoformat(), d.key, d.working_day) for d in grid.days]
        entries = grid.entries
        types = dict(EmploymentType.choices)
        rows = []
        for employee in grid.employees:
            pk = employee.pk
            details = " · ".join(filter(None, (employee.identifier, str(types[employee.employment_type]), employee.position)))
            cells = "".join(
                self._td(pk, key, entries.get((pk, iso)), working, placed_on(employee, day))
                for day, iso, key, working in days
            )
            rows.append(
                f'<tr><th scope="row" class="emp"><span class="en">{escape(employee.name)}</span>'
                f"<small>{escape(details)}</small></th>{cells}</tr>"
            )
        return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above)

    def oob(self, cells: list[GridCell]) -> SafeString:
        # A <td> cannot stand alone in a fragment: htmx swaps it out of a <template>.
        body = "".join(
            "<template>"
            + self._td(c.employee_id, f"{c.date:%Y%m%d}", c.entry, c.working_day, c.active, ' hx-swap-oob="true"')
            + "</template>"
            for c in cells
        )
        return mark_safe(body)  # noqa: S308
