"""seed_demo --with-errors: a few deliberate SSDA903 errors in the first council's records,
so the validation page has something to show. Without the flag the seeded return
validates clean (tests/oversight/ssda903/test_seeded_return.py).

Each change breaks one rule, for a few children, in this collection year's return:
    218  the Ofsted URN of an open foster placement left blank
    209  a school-age child recorded with the unknown-UPN code UN1
    630  no previous-permanence answer for a child who came into care this year
    225  no reason recorded for a move made this year
"""

from django.db import connection

from placements.models.codes import collection_year

HOW_MANY = 3

CHANGES = {
    "218": """
UPDATE placements_placement SET urn = '' WHERE id IN (
    SELECT pl.id FROM placements_placement pl JOIN placements_child c ON c.id = pl.child_id
    WHERE c.council_id = %(council)s AND pl.ended_on IS NULL AND pl.place LIKE 'U%%'
      AND pl.urn <> '' AND NOT pl.short_break
    ORDER BY pl.id LIMIT %(n)s)""",
    "209": """
UPDATE placements_child SET upn = 'UN1' WHERE id IN (
    SELECT c.id FROM placements_child c
    WHERE c.council_id = %(council)s AND c.upn NOT LIKE 'UN%%'
      AND (c.date_of_birth + interval '4 years')::date <= %(school_age_from)s
      AND EXISTS (SELECT 1 FROM placements_periodofcare p
                  WHERE p.child_id = c.id AND p.ended_on IS NULL)
    ORDER BY c.id LIMIT %(n)s)""",
    "630": """
DELETE FROM placements_previouspermanence WHERE child_id IN (
    SELECT e.child_id FROM placements_episode e JOIN placements_child c ON c.id = e.child_id
    WHERE c.council_id = %(council)s AND e.rne = 'S' AND e.decom >= %(year_start)s
    ORDER BY e.child_id LIMIT %(n)s)""",
    "225": """
UPDATE placements_episode SET reason_place_change = '' WHERE id IN (
    SELECT e.id FROM placements_episode e JOIN placements_child c ON c.id = e.child_id
    WHERE c.council_id = %(council)s AND e.rec = 'X1' AND e.reason_place_change <> ''
      AND e.dec >= %(year_start)s
    ORDER BY e.id LIMIT %(n)s)""",
}


def introduce_errors(council, today) -> dict[str, int]:
    """Break the rules above for up to HOW_MANY children each; rows changed by rule."""
    year = collection_year(today)
    params = {
        "council": council.pk,
        "n": HOW_MANY,
        "year_start": f"{year}-04-01",
        "school_age_from": f"{year - 1}-08-31",
    }
    changed = {}
    with connection.cursor() as cursor:
        for code, sql in CHANGES.items():
            cursor.execute(sql, params)
            changed[code] = cursor.rowcount
    return changed
