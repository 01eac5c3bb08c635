from placements.views.recording import (
    add_note,
    allocate_worker,
    change_placement,
    correct_placement,
    edit_note,
    end_dolo,
    record_dolo,
    record_health,
    record_missing,
    record_pep,
    record_visit,
)
from placements.views.records import caseload, child_detail, children, workers

__all__ = [
    "add_note",
    "allocate_worker",
    "caseload",
    "change_placement",
    "child_detail",
    "children",
    "correct_placement",
    "edit_note",
    "end_dolo",
    "record_dolo",
    "record_health",
    "record_missing",
    "record_pep",
    "record_visit",
    "workers",
]
