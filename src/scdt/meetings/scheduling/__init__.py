"""The meeting scheduler: pure Python and OR-Tools CP-SAT, no Django, no database.

Used by ``scdt schedule`` (no database) and, later, by the meetings app's organiser pages.
"""

from .checker import check_schedule
from .firstfit import first_fit
from .instance import Instance, InstanceError, Meeting, Slot, parse_instance
from .result import Assignment, Result, Unplaced
from .solver import solve

__all__ = [
    "Assignment",
    "Instance",
    "InstanceError",
    "Meeting",
    "Result",
    "Slot",
    "Unplaced",
    "check_schedule",
    "first_fit",
    "parse_instance",
    "solve",
]
