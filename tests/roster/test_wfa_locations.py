"""WFA and "kantor lain" wherever the roster shows a location (issue 15)."""

from attendance.models import WorkLocation
from attendance.roster.selectors import LOCATION_SHORT, CellEntry


def test_every_location_has_a_short_text_in_the_grid():
    assert set(LOCATION_SHORT) == set(WorkLocation)
    assert CellEntry("WFA", "", None, 1).short == "WFA"
    assert CellEntry("KL", "", None, 1).short == "KL"
    assert CellEntry("WFA", "", None, 1).label == "WFA / lokasi lain"
