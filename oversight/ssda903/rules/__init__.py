"""Every SSDA903 validation rule this system checks, in one registry.

Each rule is a class named after its DfE code, whose docstring is the DfE's message
(`Rule.message()`); `check(ret)` runs over the projected return (tables.Return), never the
database. `validate(ret)` runs the rules in force for the return's collection year.

Modules: header.py (Header), episodes.py (episodes: codes, chain, ages, endings, short
breaks), placements.py (provider, URN, reason for change, postcodes), care.py (reviews,
UASC, missing, social workers), combinations.py (legal statuses that cannot last or go
with a placement), outcomes.py (OC2, OC3), adoption.py (AD1,
PlacedAdoption, PrevPerm), liberty.py (DoLo, from 2026-27).
"""

from collections.abc import Callable

from oversight.ssda903.rules import (
    adoption,
    care,
    combinations,
    episodes,
    header,
    liberty,
    outcomes,
    placements,
)
from oversight.ssda903.rules.base import ERROR, QUERY, Failure, Rule

RULES: tuple[type[Rule], ...] = (
    *header.RULES,
    *episodes.RULES,
    *combinations.RULES,
    *placements.RULES,
    *care.RULES,
    *outcomes.RULES,
    *adoption.RULES,
    *liberty.RULES,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}
assert len(RULES_BY_CODE) == len(RULES), "two rules share a DfE code"  # noqa: S101


def rules_for(year: int) -> list[type[Rule]]:
    """The rules in force in a collection year (named by its starting year)."""
    return [rule for rule in RULES if rule.in_force(year)]


def validate(ret, *, rules=None, progress: Callable[[int, int], None] | None = None):
    """Every failure of every rule in force, in rule order. `progress(done, total)` is
    called after each rule (the task shows it on the page)."""
    rules = rules if rules is not None else rules_for(ret.year.start_year)
    failures: list[Failure] = []
    for done, rule in enumerate(rules, start=1):
        seen = set()
        for table, row in rule().check(ret):
            if id(row) in seen:
                continue
            seen.add(id(row))
            failures.append(
                Failure(
                    code=rule.code,
                    severity=rule.severity,
                    table=table,
                    child=row["CHILD"],
                    child_pk=row.get("_pk"),
                    row=row,
                )
            )
        if progress is not None:
            progress(done, len(rules))
    return failures


__all__ = ["ERROR", "QUERY", "RULES", "RULES_BY_CODE", "Failure", "Rule", "rules_for", "validate"]
