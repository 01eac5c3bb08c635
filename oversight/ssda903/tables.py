# ruff: noqa: S608 -- the f-strings join constant SQL fragments; values go as parameters.
"""Every SSDA903 table as one SQL query per council and collection year.

The return is a projection of the record (DOMAIN.md section 3), never typed in. Children
held by a practice are projected exactly like those the council's own teams hold: nothing
here looks at allocations. Each query returns the DfE's columns in the DfE's order, with
`_pk` (the child's id, for links and for scoping) in front, and Episodes `_placed_on` (when
the placement began, which dates its PLACE_PROVIDER code) and `_placement` (its id, so a
failure links to the page that corrects it) at the end; blanks
are None and dates are dates (export.py writes dd/mm/yyyy, DfE columns only).

Who is in each table (the DfE's inclusion rules, as this module applies them):

- Episodes: the episodes open at some time in the year (started on or before 31 March and
  not ended before 1 April), as the DfE's table holds them: a period of care that spans
  1 April starts with the episode open that day, which continues last year's open one
  (rules 502, 503A-H, 562); an episode that ends after 31 March is shown open (DEC, REC
  and REASON_PLACE_CHANGE blank), so last year's return is what it was at its 31 March.
  PLACE is the code of the return's year: a placement re-coded when the DfE withdrew its
  type (H5 to K3 from 2025-26) shows the old code in the years before. Postcodes and URN are not
  returned for short breaks (V3/V4, rules 214 and 398), nor the home postcode for a
  child who is or was an unaccompanied asylum-seeking child (no distance: rule 406).
- Header: the children in Episodes, and the OC3 care leavers. MOTHER is returned for
  girls looked after in the year other than on short breaks only (rules 393, 399, 628).
- Reviews: reviews held in the year, except for children on short breaks only (399).
- UASC: children in Episodes recorded as unaccompanied asylum-seeking; DUC is the date
  the status ceased, or the 18th birthday it will cease on.
- OC2: looked after continuously for at least 12 months at 31 March: a period of care
  that started on or before 1 April and had not ended by 31 March, not a short break.
- OC3: care leavers whose 17th to 21st birthday falls in the year (up to the "as at" date
  while the year runs): looked after for at least 13 weeks in all after their 14th
  birthday (short breaks excluded) and at some time after their 16th (CPPCR reg 40), not
  looked after on the birthday (rules 1007, 1016), and not died in care, transferred to
  another authority, adopted or left on a special guardianship order (1000, 1011, 134).
- AD1: children whose episode ended E11 or E12 in the year.
- PlacedAdoption: decisions that the child should be placed for adoption open at any time
  in the year, for children in Episodes.
- PrevPerm: children who started to be looked after in the year (RNE S), with the latest
  previous-permanence record (rule 630 asks for one).
- Missing: missing or away episodes open at any time in the year.
- DoLo (from 2026-27): deprivation of liberty orders in force at any time in the year, for
  children in Episodes; DOLO_END blank for an order still in force at 31 March (rule 704).
- SWEpisodes: allocated social workers at any time in the year for children in Episodes;
  SW_REASON is why the episode began (rule SW13STG1: every episode since 1 April 2023
  has one): the reason recorded when the previous worker's episode ended, or FCONTA
  (first contact) for the child's first worker.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from core import clock
from oversight.ssda903.years import CollectionYear
from placements.models.codes import Code

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": [
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
TABLES = list(COLUMNS)
# Tables the DfE added in a later collection year: (table, first year by its start).
SINCE = {"DoLo": 2026}


def tables_in(year: CollectionYear) -> list[str]:
    """The tables of that year's return, in the DfE's order."""
    return [t for t in TABLES if SINCE.get(t, 0) <= year.start_year]


SHORT_BREAKS = "('V3', 'V4')"
# How a period of care ended that means the young person is not a care leaver for OC3.
NOT_CARE_LEAVER = "('E2', 'E3', 'E11', 'E12', 'E45', 'E46', 'E47', 'E48')"

# Children with a period of care open at any time in the year, and whether every episode
# the return shows for them is a short break.
LAC = f"""
lac AS (
    SELECT e.child_id, bool_and(e.legal_status IN {SHORT_BREAKS}) AS short_breaks_only
    FROM placements_episode e
    JOIN placements_periodofcare p ON p.id = e.period_id
    JOIN placements_child c ON c.id = e.child_id
    WHERE c.council_id = %(council)s AND e.decom <= %(end)s
      AND p.started_on <= %(end)s AND (p.ended_on IS NULL OR p.ended_on >= %(start)s)
    GROUP BY e.child_id
)"""

# Who is a care leaver on their 17th to 21st birthday `b.birthday` (the OC3 rules, CPPCR
# reg 40), for child `c`: not looked after that day (a period of care that ends on the
# birthday itself counts as looked after on it, as the DfE's rule 1016 counts it), looked after at some time after their
# 16th birthday, for at least 13 weeks since 14 (short breaks aside), and not left care by
# adoption, a special guardianship or a residence order. Counts, not [NOT] EXISTS: a
# subplan per young person, by index, whatever the planner guesses of their number. The
# return (OC3) and the care-leaver indicators (oversight/indicators/sql.py) both use it.
CARE_LEAVER_TESTS = f"""
      AND (
        SELECT count(*) FROM placements_periodofcare p
        WHERE p.child_id = c.id AND p.started_on <= b.birthday
          AND (p.ended_on IS NULL OR p.ended_on >= b.birthday)
      ) = 0
      AND (
        SELECT count(*) FROM placements_periodofcare p
        WHERE p.child_id = c.id AND p.started_on < b.birthday
          AND p.ended_on > (c.date_of_birth + interval '16 years')::date
      ) > 0
      AND (
        SELECT coalesce(sum(greatest(0,
            least(p.ended_on, b.birthday)
            - greatest(p.started_on, (c.date_of_birth + interval '14 years')::date))), 0)
        FROM placements_periodofcare p
        WHERE p.child_id = c.id AND p.started_on < b.birthday
          AND EXISTS (
            SELECT 1 FROM placements_episode e
            WHERE e.period_id = p.id AND e.legal_status NOT IN {SHORT_BREAKS}
          )
      ) >= 91
      AND coalesce((
        SELECT p.reason_ended FROM placements_periodofcare p
        WHERE p.child_id = c.id AND p.started_on < b.birthday
        ORDER BY p.started_on DESC LIMIT 1
      ), '') NOT IN {NOT_CARE_LEAVER}"""

CARE_LEAVERS = f"""
oc3 AS (
    SELECT c.id AS child_id, b.birthday
    FROM placements_child c
    CROSS JOIN LATERAL (
        SELECT (c.date_of_birth + make_interval(years => n))::date AS birthday
        FROM generate_series(17, 21) n
    ) b
    WHERE c.council_id = %(council)s
      AND b.birthday BETWEEN %(start)s AND %(as_at)s
      {CARE_LEAVER_TESTS}
)"""

SQL: dict[str, str] = {
    "Header": f"""
WITH {LAC}, {CARE_LEAVERS}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.sex AS "SEX", c.date_of_birth AS "DOB",
    c.ethnicity AS "ETHNIC", nullif(c.upn, '') AS "UPN",
    CASE WHEN lac.child_id IS NULL OR lac.short_breaks_only OR c.sex <> 'F' THEN NULL
         WHEN c.is_mother AND (c.mother_child_dob IS NULL OR c.mother_child_dob <= %(end)s)
         THEN '1' ELSE '0' END AS "MOTHER",
    CASE WHEN lac.child_id IS NOT NULL AND NOT lac.short_breaks_only AND c.sex = 'F'
              AND c.is_mother AND c.mother_child_dob <= %(end)s
         THEN c.mother_child_dob END AS "MC_DOB"
FROM placements_child c
LEFT JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s
  AND (lac.child_id IS NOT NULL OR c.id IN (SELECT child_id FROM oc3))
ORDER BY c.la_child_id""",
    "Episodes": f"""
SELECT c.id AS _pk, c.la_child_id AS "CHILD", e.decom AS "DECOM", e.rne AS "RNE",
    e.legal_status AS "LS", p.cin AS "CIN",
    CASE WHEN pl.recoded_on > %(end)s THEN pl.recoded_from ELSE pl.place END AS "PLACE",
    nullif(pl.place_provider, '') AS "PLACE_PROVIDER",
    CASE WHEN e.dec <= %(end)s THEN e.dec END AS "DEC",
    CASE WHEN e.dec <= %(end)s THEN nullif(e.rec, '') END AS "REC",
    CASE WHEN e.dec <= %(end)s THEN nullif(e.reason_place_change, '') END
        AS "REASON_PLACE_CHANGE",
    CASE WHEN e.legal_status IN {SHORT_BREAKS} OR c.uasc THEN NULL
         ELSE nullif(e.home_postcode, '') END AS "HOME_POST",
    CASE WHEN e.legal_status IN {SHORT_BREAKS} THEN NULL ELSE nullif(pl.postcode, '') END
        AS "PL_POST",
    CASE WHEN e.legal_status IN {SHORT_BREAKS} THEN NULL ELSE nullif(pl.urn, '') END AS "URN",
    pl.started_on AS _placed_on, pl.id AS _placement
FROM placements_episode e
JOIN placements_periodofcare p ON p.id = e.period_id
JOIN placements_placement pl ON pl.id = e.placement_id
JOIN placements_child c ON c.id = e.child_id
WHERE c.council_id = %(council)s AND e.decom <= %(end)s
  AND (e.dec IS NULL OR e.dec >= %(start)s)
ORDER BY c.la_child_id, e.decom""",
    "Reviews": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB", r.held_on AS "REVIEW",
    nullif(r.participation, '') AS "REVIEW_CODE"
FROM placements_review r
JOIN placements_child c ON c.id = r.child_id
JOIN lac ON lac.child_id = c.id AND NOT lac.short_breaks_only
WHERE c.council_id = %(council)s AND r.held_on BETWEEN %(start)s AND %(end)s
ORDER BY c.la_child_id, r.held_on""",
    "UASC": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.sex AS "SEX", c.date_of_birth AS "DOB",
    coalesce(c.uasc_ceased_on, (c.date_of_birth + interval '18 years')::date) AS "DUC"
FROM placements_child c
JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s AND c.uasc
ORDER BY c.la_child_id""",
    "OC2": f"""
WITH oc2 AS (
    SELECT DISTINCT p.child_id
    FROM placements_periodofcare p
    JOIN placements_child c ON c.id = p.child_id
    WHERE c.council_id = %(council)s AND p.started_on <= %(start)s
      AND (p.ended_on IS NULL OR p.ended_on > %(end)s)
      AND NOT EXISTS (
        SELECT 1 FROM placements_episode e
        WHERE e.period_id = p.id AND e.legal_status IN {SHORT_BREAKS}
          AND e.decom <= %(end)s AND (e.dec IS NULL OR e.dec > %(end)s)
      )
)
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB",
    CASE WHEN sdq_due THEN sdq.score::text END AS "SDQ_SCORE",
    CASE WHEN sdq_due THEN nullif(sdq.reason, '') END AS "SDQ_REASON",
    CASE WHEN (c.date_of_birth + interval '10 years')::date <= %(end)s THEN
        CASE WHEN EXISTS (
            SELECT 1 FROM placements_conviction x
            WHERE x.child_id = c.id AND x.convicted_on BETWEEN %(start)s AND %(end)s
        ) THEN '1' ELSE '0' END END AS "CONVICTED",
    CASE WHEN (c.date_of_birth + interval '5 years')::date > %(end)s THEN
        CASE WHEN EXISTS (
            SELECT 1 FROM placements_healthassessment h
            WHERE h.child_id = c.id AND h.completed_on <= %(end)s
              AND h.completed_on > (%(end)s::date - interval '6 months')::date
        ) THEN '1' ELSE '0' END END AS "HEALTH_CHECK",
    CASE WHEN coalesce(
        (SELECT i.up_to_date FROM placements_immunisationstatus i
         WHERE i.child_id = c.id AND i.recorded_on <= %(end)s
         ORDER BY i.recorded_on DESC LIMIT 1),
        (SELECT h.immunisations_up_to_date FROM placements_healthassessment h
         WHERE h.child_id = c.id AND h.completed_on <= %(end)s
           AND h.immunisations_up_to_date IS NOT NULL
         ORDER BY h.completed_on DESC LIMIT 1),
        false) THEN '1' ELSE '0' END AS "IMMUNISATIONS",
    CASE WHEN EXISTS (
        SELECT 1 FROM placements_dentalcheck d
        WHERE d.child_id = c.id AND d.checked_on BETWEEN %(start)s AND %(end)s
    ) THEN '1' ELSE '0' END AS "TEETH_CHECK",
    CASE WHEN EXISTS (
        SELECT 1 FROM placements_healthassessment h
        WHERE h.child_id = c.id AND h.completed_on BETWEEN %(start)s AND %(end)s
    ) THEN '1' ELSE '0' END AS "HEALTH_ASSESSMENT",
    CASE WHEN sm.identified THEN '1' ELSE '0' END AS "SUBSTANCE_MISUSE",
    CASE WHEN sm.identified THEN CASE WHEN sm.received THEN '1' ELSE '0' END END
        AS "INTERVENTION_RECEIVED",
    CASE WHEN sm.identified AND NOT sm.received THEN CASE WHEN sm.offered THEN '1' ELSE '0' END
        END AS "INTERVENTION_OFFERED"
FROM oc2
JOIN placements_child c ON c.id = oc2.child_id
CROSS JOIN LATERAL (
    SELECT (c.date_of_birth + interval '4 years')::date <= %(end)s
       AND (c.date_of_birth + interval '17 years')::date > %(start)s AS sdq_due
) due
LEFT JOIN LATERAL (
    SELECT s.score, s.reason FROM placements_sdqassessment s
    WHERE s.child_id = c.id AND s.completed_on BETWEEN %(start)s AND %(end)s
    ORDER BY s.completed_on DESC, s.id DESC LIMIT 1
) sdq ON true
CROSS JOIN LATERAL (
    SELECT count(*) > 0 AS identified, coalesce(bool_or(s.intervention_received), false)
        AS received, coalesce(bool_or(s.intervention_offered), false) AS offered
    FROM placements_substancemisuse s
    WHERE s.child_id = c.id AND s.identified_on BETWEEN %(start)s AND %(end)s
) sm
ORDER BY c.la_child_id""",
    "OC3": f"""
WITH {CARE_LEAVERS}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB",
    coalesce(nullif(k.in_touch, ''),
             CASE WHEN c.date_of_death <= oc3.birthday THEN 'DIED' END) AS "IN_TOUCH",
    nullif(k.activity, '') AS "ACTIV", nullif(k.accommodation, '') AS "ACCOM"
FROM oc3
JOIN placements_child c ON c.id = oc3.child_id
LEFT JOIN placements_careleavercontact k
    ON k.child_id = c.id AND k.birthday = oc3.birthday
ORDER BY c.la_child_id""",
    "AD1": """
SELECT DISTINCT ON (c.la_child_id) c.id AS _pk, c.la_child_id AS "CHILD",
    c.date_of_birth AS "DOB", a.decision_on AS "DATE_INT", a.matched_on AS "DATE_MATCH",
    CASE a.by_foster_carer WHEN true THEN '1' WHEN false THEN '0' END AS "FOSTER_CARE",
    a.number_of_adopters::text AS "NB_ADOPTR", nullif(a.sex_of_adopters, '') AS "SEX_ADOPTR",
    nullif(a.legal_status_of_adopters, '') AS "LS_ADOPTR"
FROM placements_episode e
JOIN placements_child c ON c.id = e.child_id
LEFT JOIN placements_adoption a ON a.child_id = c.id
WHERE c.council_id = %(council)s AND e.rec IN ('E11', 'E12')
  AND e.dec BETWEEN %(start)s AND %(end)s
ORDER BY c.la_child_id, e.dec DESC""",
    "PlacedAdoption": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB",
    d.decided_on AS "DATE_PLACED",
    CASE WHEN d.ceased_on <= %(end)s THEN d.ceased_on END AS "DATE_PLACED_CEASED",
    CASE WHEN d.ceased_on <= %(end)s THEN nullif(d.ceased_reason, '') END
        AS "REASON_PLACED_CEASED"
FROM placements_adoptiondecision d
JOIN placements_child c ON c.id = d.child_id
JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s AND d.decided_on <= %(end)s
  AND (d.ceased_on IS NULL OR d.ceased_on >= %(start)s)
ORDER BY c.la_child_id, d.decided_on""",
    "PrevPerm": """
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB",
    nullif(pp.prev_perm, '') AS "PREV_PERM", nullif(pp.la_perm, '') AS "LA_PERM",
    nullif(pp.date_perm, '') AS "DATE_PERM"
FROM placements_child c
LEFT JOIN LATERAL (
    SELECT x.prev_perm, x.la_perm, x.date_perm FROM placements_previouspermanence x
    WHERE x.child_id = c.id ORDER BY x.recorded_on DESC, x.id DESC LIMIT 1
) pp ON true
WHERE c.council_id = %(council)s AND EXISTS (
    SELECT 1 FROM placements_episode e
    WHERE e.child_id = c.id AND e.rne = 'S' AND e.decom BETWEEN %(start)s AND %(end)s
)
ORDER BY c.la_child_id""",
    "Missing": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB", m.kind AS "MISSING",
    m.started_on AS "MIS_START", CASE WHEN m.ended_on <= %(end)s THEN m.ended_on END AS "MIS_END"
FROM placements_missingepisode m
JOIN placements_child c ON c.id = m.child_id
JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s AND m.started_on <= %(end)s
  AND (m.ended_on IS NULL OR m.ended_on >= %(start)s)
ORDER BY c.la_child_id, m.started_on""",
    "DoLo": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB",
    d.started_on AS "DOLO_START", CASE WHEN d.ended_on <= %(end)s THEN d.ended_on END AS "DOLO_END"
FROM placements_deprivationofliberty d
JOIN placements_child c ON c.id = d.child_id
JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s AND d.started_on <= %(end)s
  AND (d.ended_on IS NULL OR d.ended_on >= %(start)s)
ORDER BY c.la_child_id, d.started_on""",
    "SWEpisodes": f"""
WITH {LAC}
SELECT c.id AS _pk, c.la_child_id AS "CHILD", c.date_of_birth AS "DOB", w.sw_id AS "SW_ID",
    w.started_on AS "SW_DECOM", CASE WHEN w.ended_on <= %(end)s THEN w.ended_on END AS "SW_DEC",
    w.sw_reason AS "SW_REASON"
FROM (
    -- SW_REASON is why this worker's episode began: the reason recorded when the previous
    -- worker's ended (the change), or first contact (FCONTA) for the child's first worker.
    SELECT w.*, coalesce(nullif(lag(w.end_reason) OVER (
        PARTITION BY w.child_id ORDER BY w.started_on), ''), 'FCONTA') AS sw_reason
    FROM placements_workerallocation w
) w
JOIN placements_child c ON c.id = w.child_id
JOIN lac ON lac.child_id = c.id
WHERE c.council_id = %(council)s AND w.started_on <= %(end)s
  AND (w.ended_on IS NULL OR w.ended_on >= %(start)s)
ORDER BY c.la_child_id, w.started_on""",
}


@dataclass
class Return:
    """One council's return for one collection year: every table's rows."""

    council_id: int
    la_number: int
    year: CollectionYear
    as_at: dt.date
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def rows(self, table: str) -> list[dict]:
        return self.tables.get(table, [])

    @cached_property
    def _by_child(self) -> dict[str, dict[str, list[dict]]]:
        grouped: dict[str, dict[str, list[dict]]] = {}
        for table, rows in self.tables.items():
            index: dict[str, list[dict]] = defaultdict(list)
            for row in rows:
                index[row["CHILD"]].append(row)
            grouped[table] = dict(index)
        return grouped

    def by_child(self, table: str) -> dict[str, list[dict]]:
        """Rows of a table for each child, in the table's order (episodes by DECOM)."""
        return self._by_child.get(table, {})

    @cached_property
    def header(self) -> dict[str, dict]:
        return {row["CHILD"]: row for row in self.rows("Header")}

    @cached_property
    def _code_rows(self) -> list[tuple[str, str, int, int | None]]:
        """Every version of every code list: one query for the whole validation."""
        return list(
            Code.objects.values_list("list_name", "code", "valid_from_year", "valid_until_year")
        )

    @cached_property
    def _codes(self) -> dict[tuple[str, int], frozenset[str]]:
        return {}

    def codes(self, list_name: str, year: int | None = None) -> frozenset[str]:
        """The codes of a list in force in a collection year (this return's by default;
        never a later year's, so a code added since is not accepted for an old row).
        As placements.models.codes.valid_codes: a year before the list's first version is
        judged by that first version."""
        year = min(year or self.year.start_year, self.year.start_year)
        if (list_name, year) not in self._codes:
            rows = [r for r in self._code_rows if r[0] == list_name]
            on = max(year, min((r[2] for r in rows), default=year))
            self._codes[list_name, year] = frozenset(
                code for _, code, since, until in rows if since <= on <= (until or on)
            )
        return self._codes[list_name, year]

    @property
    def child_count(self) -> int:
        return len(self.rows("Header"))


def _fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def project(council, year: CollectionYear, *, as_at: dt.date | None = None, tables=None) -> Return:
    """The council's return for the year: one query per table (11 in all, 12 from 2026-27)."""
    as_at = as_at or year.as_at(clock.today())
    params = {
        "council": council.pk,
        "start": year.start,
        "end": year.end,
        "as_at": min(as_at, year.end),
    }
    projected = Return(
        council_id=council.pk, la_number=council.dfe_la_number, year=year, as_at=params["as_at"]
    )
    for table in tables or tables_in(year):
        projected.tables[table] = _fetch(SQL[table], params)
    return projected
