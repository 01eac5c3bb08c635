"""Run the DfE's rules, as the public validator transcribes them, over exported CSV files.

This file runs in the validator's own environment (.venv-validator, made by
scripts/ensure-dfe-validator.sh: csc-validator-be-903 pins pandas < 2 and numpy < 1.25,
which the app's environment must not take), never inside Django:

    .venv-validator/bin/python oversight/ssda903/oracle/run_dfe_validator.py \\
        --this DIR --last DIR --year 2026 --la E06000001

--year names the collection year by its END, as the validator does ("2026" is 2025-26).
It prints one JSON object: for each rule that flagged anything, the rows flagged per table
and the children concerned; and the rules that crashed or were skipped for want of tables.
"""

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path


def uploaded(directory: Path, description: str) -> list[dict]:
    return [
        {"name": path.name, "description": description, "file_content": path.read_bytes()}
        for path in sorted(directory.glob("*.csv"))
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--this", type=Path, required=True, help="this year's CSV files")
    parser.add_argument("--last", type=Path, help="last year's CSV files (Prev year)")
    parser.add_argument("--year", required=True, help="collection year by its end: 2026")
    parser.add_argument("--la", required=True, help="the council's ONS code, e.g. E06000001")
    args = parser.parse_args(argv)

    logging.disable(logging.CRITICAL)  # the validator logs every rule at INFO
    from lac_validator import lac_validator

    start = int(args.year) - 1
    ruleset = f"lac{start}_{int(args.year) % 100:02d}"
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = uploaded(args.this, "This year")
    if args.last:
        files += uploaded(args.last, "Prev year")
    # Tables with no rows are left out: the validator reads a header-only CSV as a table
    # of one empty row on some rules. (An empty table and a missing one mean the same.)
    files = [f for f in files if f["file_content"].count(b"\n") > 1]
    out, sys.stdout = sys.stdout, sys.stderr  # some rules print their working
    try:
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": str(args.year), "localAuthority": args.la},
            files=files,
            registry=registry,
            selected_rules=None,
        )
    finally:
        sys.stdout = out
    flagged: dict[str, dict] = {}
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            rows = frame[frame[column] == True]  # noqa: E712 (a pandas mask)
            if len(rows):
                code = str(column)[4:]
                entry = flagged.setdefault(code, {"rows": {}, "children": set()})
                entry["rows"][table] = int(len(rows))
                entry["children"].update(str(child) for child in rows["CHILD"].tolist())
    result = {
        "ruleset": ruleset,
        "rules": len(registry),
        "flagged": {
            code: {"rows": entry["rows"], "children": sorted(entry["children"])}
            for code, entry in sorted(flagged.items())
        },
        "crashed": sorted(str(code) for code in validator.fails),
        "skipped": sorted(str(code) for code in validator.skips),
    }
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
