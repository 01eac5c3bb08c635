"""Load the SSDA903 code lists shipped in placements/data into the Code table."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "ssda903_codes.json"


def load_code_lists(code_model, path: Path = DATA_FILE) -> tuple[int, int]:
    """Add the shipped codes that are missing. Never overwrites a row an administrator
    edited. Returns (added, already present)."""
    data = json.loads(path.read_text())
    existing = set(code_model.objects.values_list("list_name", "code", "valid_from_year"))
    new = []
    for list_name, codes in data["lists"].items():
        for row in codes:
            key = (list_name, row["code"], row["valid_from_year"])
            if key not in existing:
                new.append(code_model(list_name=list_name, **row))
    code_model.objects.bulk_create(new)
    return len(new), len(existing)
