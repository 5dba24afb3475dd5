"""HTML of grid cells, built in Python: a month for 300 employees is 9,300 cells and the
template engine would spend most of the page budget on them. The same function renders
the full grid and the cells an edit sends back (htmx out-of-band), so they never drift."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .selectors import GridCell, GridRow


class CellRenderer:
    def __init__(self, *, editable: bool):
        self.editable = editable
        self._titles: dict[tuple, str] = {}

    def _title(self, cell: GridCell) -> str:
        key = (cell.location, cell.entry.leave_type if cell.entry else "", cell.approved_wfh)
        if key not in self._titles:
            self._titles[key] = escape(cell.label)
        return self._titles[key]

    def cell(self, cell: GridCell, *, oob: bool = False) -> str:
        classes = ["rc"]
        if cell.location:
            classes.append(f"loc-{cell.location.lower()}")
        if not cell.working_day:
            classes.append("off")
        if not cell.active:
            classes.append("inactive")
        if cell.approved_wfh:
            classes.append("locked")
        editable = ' data-x="1"' if self.editable and cell.active else ""
        swap = ' hx-swap-oob="true"' if oob else ""
        lock = '<span class="lock" aria-hidden="true">✓</span>' if cell.approved_wfh else ""
        return (
            f'<td id="{cell.dom_id}" class="{" ".join(classes)}" data-e="{cell.employee_id}" '
            f'data-d="{cell.date.isoformat()}" data-v="{cell.version}"{editable}{swap} tabindex="-1" '
            f'title="{self._title(cell)}">{escape(cell.short)}{lock}</td>'
        )

    def row(self, row: GridRow) -> SafeString:
        return mark_safe("".join(self.cell(c) for c in row.cells))  # noqa: S308 (escaped above)

    def oob(self, cells: list[GridCell]) -> SafeString:
        # A <td> cannot stand alone in a fragment: htmx needs it wrapped in a table row.
        body = "".join(f"<template>{self.cell(c, oob=True)}</template>" for c in cells)
        return mark_safe(body)  # noqa: S308
