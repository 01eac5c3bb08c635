# ruff: noqa: S608 -- the SQL is joined from constants in this module; values go as parameters
"""The SQL that counts every indicator (definitions.py says the same in words).

One statement per month, set-based over every child in the country (or one council, for
a drill-down). Each indicator contributes "units": one row per child (or per deadline)
that counts, with the day it counts on, who held the case that day, its numerator (0, 1,
or a count) and its denominator. The units are labelled with the age band on that day and
the legal status and placement type of the episode open that day, and summed into the
cells of the breakdown and the totals (GROUPING SETS). What a unit needs from the record
is looked up per child by index (correlated subqueries), so a poor row estimate cannot
turn a join quadratic.

Parameters: m_start (first day of the month), r (the reference day: the month's last
day, or today in the month in progress), s (the first day of the year: r less 1 year,
plus 1 day), today, and council (NULL for every council).
"""

from oversight.ssda903.tables import CARE_LEAVER_TESTS, SHORT_BREAKS

TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
EET = "('F1', 'P1', 'F2', 'P2', 'F4', 'P4')"


def holder(child: str, day: str) -> str:
    """Who held the case on the day: the practice of the allocation open then (allocations
    never overlap), or NULL for the council's own teams. One index lookup."""
    return f"""(SELECT a.practice_id FROM placements_allocation a
        WHERE a.child_id = {child} AND a.started_on <= {day}
          AND (a.ended_on IS NULL OR a.ended_on > {day}) LIMIT 1)"""


UNITS = f"""
-- Children looked after on the reference day (not on short breaks): the open episode, and
-- what each indicator needs of them, one index lookup per child (no estimate can turn
-- these into a quadratic join).
lac AS (
    SELECT e.child_id, c.date_of_birth AS dob, e.legal_status AS ls, pl.place,
           pl.id AS placement_id, pl.carer_id, pl.distance_from_home_miles AS miles,
           pl.out_of_area, p.started_on AS period_start
    FROM placements_episode e
    JOIN placements_child c ON c.id = e.child_id
    JOIN placements_placement pl ON pl.id = e.placement_id
    JOIN placements_periodofcare p ON p.id = e.period_id
    WHERE e.decom <= %(r)s::date AND (e.dec IS NULL OR e.dec > %(r)s::date)
      AND e.legal_status NOT IN {SHORT_BREAKS}
      AND (%(council)s::bigint IS NULL OR c.council_id = %(council)s::bigint)
),
facts AS (
    SELECT lac.*,
        -- short_term_stability: placements lived in on some day of the year [s, r]
        -- (a placement is lived in from started_on to the day before ended_on).
        (SELECT count(*) FROM placements_placement q
         WHERE q.child_id = lac.child_id AND q.started_on <= %(r)s::date
           AND (q.ended_on IS NULL OR q.ended_on > %(s)s::date)
           AND NOT q.short_break AND q.place NOT IN {TEMPORARY}) AS placements,
        -- long_term_stability: under 16 on r, in care since 30 months or more before r.
        (lac.dob + interval '16 years')::date > %(r)s::date
            AND lac.period_start <= (%(r)s::date - interval '30 months')::date AS lt_cohort,
        -- ... and with the same carer since: the day they left the last different carer
        -- (or placement, with no carer recorded).
        coalesce((
            SELECT max(q.ended_on) FROM placements_placement q
            WHERE q.child_id = lac.child_id AND q.ended_on <= %(r)s::date
              AND NOT q.short_break AND q.place NOT IN {TEMPORARY}
              AND CASE WHEN lac.carer_id IS NULL THEN q.id <> lac.placement_id
                       ELSE q.carer_id IS DISTINCT FROM lac.carer_id END
        ), lac.period_start) AS settled_since,
        -- Health: looked after continuously for 12 months (period begun on or before s).
        lac.period_start <= %(s)s::date AS oc2,
        EXISTS (
            SELECT 1 FROM placements_healthassessment h
            WHERE h.child_id = lac.child_id
              AND h.completed_on BETWEEN %(s)s::date AND %(r)s::date
        ) AS assessed,
        coalesce(
            (SELECT i.up_to_date FROM placements_immunisationstatus i
             WHERE i.child_id = lac.child_id AND i.recorded_on <= %(r)s::date
             ORDER BY i.recorded_on DESC, i.id DESC LIMIT 1),
            (SELECT h.immunisations_up_to_date FROM placements_healthassessment h
             WHERE h.child_id = lac.child_id AND h.completed_on <= %(r)s::date
               AND h.immunisations_up_to_date IS NOT NULL
             ORDER BY h.completed_on DESC, h.id DESC LIMIT 1),
            false) AS immunised,
        EXISTS (
            SELECT 1 FROM placements_dentalcheck d
            WHERE d.child_id = lac.child_id AND d.checked_on BETWEEN %(s)s::date AND %(r)s::date
        ) AS dental,
        (lac.dob + interval '4 years')::date <= %(r)s::date
            AND (lac.dob + interval '17 years')::date > %(r)s::date AS sdq_age,
        EXISTS (
            SELECT 1 FROM placements_sdqassessment q
            WHERE q.child_id = lac.child_id AND q.score IS NOT NULL
              AND q.completed_on BETWEEN %(s)s::date AND %(r)s::date
        ) AS sdq,
        -- social_worker_changes: worker allocations begun in the year after another.
        (SELECT count(*) FROM placements_workerallocation w
         WHERE w.child_id = lac.child_id AND w.started_on BETWEEN %(s)s::date AND %(r)s::date
           AND EXISTS (
             SELECT 1 FROM placements_workerallocation v
             WHERE v.child_id = w.child_id AND v.started_on < w.started_on
           )) AS sw_changes,
        {holder("lac.child_id", "%(r)s::date")} AS holder
    FROM lac
),
at_r AS (
    SELECT f.child_id, f.holder, %(r)s::date AS day, f.ls, f.place, v.indicator, v.num,
           v.den
    FROM facts f
    CROSS JOIN LATERAL (VALUES
        ('short_term_stability', (f.placements >= 3)::int, 1),
        ('long_term_stability',
            (f.lt_cohort AND f.settled_since <= (%(r)s::date - interval '2 years')::date)::int,
            f.lt_cohort::int),
        ('placed_over_20_miles', coalesce((f.miles > 20)::int, 0), (f.miles IS NOT NULL)::int),
        ('placed_out_of_area', f.out_of_area::int, 1),
        ('health_assessments', (f.oc2 AND f.assessed)::int, f.oc2::int),
        ('immunisations', (f.oc2 AND f.immunised)::int, f.oc2::int),
        ('dental_checks', (f.oc2 AND f.dental)::int, f.oc2::int),
        ('sdq_scores', (f.oc2 AND f.sdq_age AND f.sdq)::int, (f.oc2 AND f.sdq_age)::int),
        ('social_worker_changes', f.sw_changes::int, 1)
    ) AS v(indicator, num, den)
),
-- missing: children looked after on some day of the year (not on short breaks), labelled
-- on the last day they were looked after in it.
in_year AS (
    SELECT DISTINCT ON (e.child_id) e.child_id, e.legal_status AS ls, pl.place,
           least(%(r)s::date, coalesce(e.dec - 1, %(r)s::date)) AS day
    FROM placements_episode e
    JOIN placements_child c ON c.id = e.child_id
    JOIN placements_placement pl ON pl.id = e.placement_id
    WHERE e.decom <= %(r)s::date AND (e.dec IS NULL OR e.dec > %(s)s::date)
      AND e.legal_status NOT IN {SHORT_BREAKS}
      AND (%(council)s::bigint IS NULL OR c.council_id = %(council)s::bigint)
    ORDER BY e.child_id, e.decom DESC
),
missing_units AS (
    SELECT y.child_id, {holder("y.child_id", "y.day")} AS holder, y.day, y.ls, y.place,
           v.indicator, v.num, v.den
    FROM in_year y
    CROSS JOIN LATERAL (
        SELECT count(*)::int AS episodes FROM placements_missingepisode m
        WHERE m.child_id = y.child_id AND m.started_on BETWEEN %(s)s::date AND %(r)s::date
    ) g
    CROSS JOIN LATERAL (VALUES
        ('missing', (g.episodes > 0)::int, 1),
        ('missing_episodes', g.episodes, (g.episodes > 0)::int)
    ) AS v(indicator, num, den)
),
-- reviews_on_time, visits_on_time: deadlines due in the month (and before today, or met),
-- labelled on the day they were due.
due AS (
    SELECT d.child_id, {holder("d.child_id", "d.due_on")} AS holder, d.due_on AS day,
           e.legal_status AS ls, pl.place,
           CASE d.kind WHEN 'review' THEN 'reviews_on_time' ELSE 'visits_on_time' END
               AS indicator,
           (d.met_on IS NOT NULL AND d.met_on <= d.due_on)::int AS num, 1 AS den
    FROM placements_deadline d
    JOIN placements_child c ON c.id = d.child_id
    LEFT JOIN placements_episode e ON e.child_id = d.child_id AND e.decom <= d.due_on
         AND (e.dec IS NULL OR e.dec > d.due_on)
    LEFT JOIN placements_placement pl ON pl.id = e.placement_id
    WHERE d.kind IN ('review', 'visit') AND d.due_on BETWEEN %(m_start)s::date AND %(r)s::date
      AND (d.due_on < %(today)s::date OR d.met_on IS NOT NULL)
      AND (%(council)s::bigint IS NULL OR c.council_id = %(council)s::bigint)
),
-- Care leavers (the OC3 rules, CPPCR reg 40) whose 17th to 21st birthday fell in the year,
-- labelled on that birthday.
leavers AS (
    SELECT c.id AS child_id, b.birthday AS day
    FROM placements_child c
    CROSS JOIN LATERAL (
        SELECT (c.date_of_birth + make_interval(years => n))::date AS birthday
        FROM generate_series(17, 21) n
    ) b
    WHERE c.date_of_birth > (%(s)s::date - interval '22 years')::date
      AND c.date_of_birth <= (%(r)s::date - interval '17 years')::date
      AND b.birthday BETWEEN %(s)s::date AND %(r)s::date
      AND (%(council)s::bigint IS NULL OR c.council_id = %(council)s::bigint)
      {CARE_LEAVER_TESTS}
),
leaver_units AS (
    SELECT l.child_id, {holder("l.child_id", "l.day")} AS holder, l.day, NULL::varchar AS ls,
           NULL::varchar AS place, v.indicator, v.num, 1 AS den
    FROM leavers l
    LEFT JOIN LATERAL (
        SELECT k.in_touch, k.activity, k.accommodation FROM placements_careleavercontact k
        WHERE k.child_id = l.child_id AND k.birthday = l.day LIMIT 1
    ) k ON true
    CROSS JOIN LATERAL (VALUES
        ('care_leavers_in_touch', coalesce((k.in_touch = 'YES')::int, 0)),
        ('care_leavers_eet', coalesce((k.activity IN {EET})::int, 0)),
        ('care_leavers_accommodation', coalesce((k.accommodation LIKE '_1')::int, 0))
    ) AS v(indicator, num)
),
units AS (
    SELECT child_id, holder, day, ls, place, indicator, num, den FROM at_r WHERE den > 0
    UNION ALL SELECT child_id, holder, day, ls, place, indicator, num, den FROM missing_units
        WHERE den > 0
    UNION ALL SELECT child_id, holder, day, ls, place, indicator, num, den FROM due
    UNION ALL SELECT child_id, holder, day, ls, place, indicator, num, den FROM leaver_units
),
labelled AS (
    SELECT u.indicator, c.council_id, u.holder AS practice_id, u.child_id, u.num, u.den,
        CASE WHEN age.years < 1 THEN 'under_1' WHEN age.years < 5 THEN '1_4'
             WHEN age.years < 10 THEN '5_9' WHEN age.years < 16 THEN '10_15'
             WHEN age.years < 18 THEN '16_17' ELSE '18_over' END AS age_band,
        CASE WHEN u.ls IN ('C1', 'C2') THEN 'care_order'
             WHEN u.ls IN ('D1', 'E1') THEN 'placement_order'
             WHEN u.ls = 'V2' THEN 'section_20'
             WHEN u.ls IN {SHORT_BREAKS} THEN 'short_breaks'
             WHEN u.ls IN ('L1', 'L2', 'L3') THEN 'emergency'
             WHEN u.ls IN ('J1', 'J2', 'J3') THEN 'youth_justice'
             ELSE 'none' END AS legal_status,
        CASE WHEN u.place IS NULL THEN 'none'
             WHEN u.place IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6') THEN 'foster'
             WHEN u.place IN ('A3', 'A4', 'A5', 'A6') THEN 'adoption'
             WHEN u.place = 'P1' THEN 'parents'
             WHEN u.place IN ('K1', 'K2', 'R1', 'R2', 'R3', 'S1') THEN 'residential'
             WHEN u.place IN ('K3', 'H5', 'P2') THEN 'supported'
             ELSE 'other' END AS placement_type
    FROM units u
    JOIN placements_child c ON c.id = u.child_id
    CROSS JOIN LATERAL (
        SELECT extract(year FROM age(u.day, c.date_of_birth))::int AS years
    ) age
)"""

SNAPSHOT_SQL = f"""
WITH {UNITS}
INSERT INTO indicators_indicatorsnapshot
    (month, indicator, council_id, practice_id, age_band, legal_status, placement_type,
     numerator, denominator, computed_at)
SELECT %(m_start)s::date, indicator, council_id, practice_id, coalesce(age_band, ''),
       coalesce(legal_status, ''), coalesce(placement_type, ''), sum(num), sum(den), now()
FROM labelled
GROUP BY GROUPING SETS (
    (indicator, council_id, practice_id, age_band, legal_status, placement_type),
    (indicator, council_id, practice_id)
)
"""

# The children behind one figure: one council's units for one indicator, holder and
# breakdown (a NULL filter matches every value).
CHILDREN_SQL = f"""
WITH {UNITS}
SELECT child_id, sum(num) AS num, sum(den) AS den
FROM labelled
WHERE indicator = %(indicator)s
  AND (%(all_holders)s OR practice_id IS NOT DISTINCT FROM %(practice)s)
  AND (%(age_band)s::text IS NULL OR age_band = %(age_band)s)
  AND (%(legal_status)s::text IS NULL OR legal_status = %(legal_status)s)
  AND (%(placement_type)s::text IS NULL OR placement_type = %(placement_type)s)
GROUP BY child_id
"""
