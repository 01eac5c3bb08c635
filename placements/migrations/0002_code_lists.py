"""SSDA903 code lists as data, and a database check that every coded column holds a code
in force for the collection year of the row's date."""

from django.db import migrations

# (table, [date column or "" for today, column, list, column, list, ...])
CODED_TABLES = [
    ("placements_child", ["", "sex", "SEX", "ethnicity", "ETHNIC"]),
    ("placements_periodofcare", ["started_on", "cin", "CIN", "reason_ended", "REC"]),
    (
        "placements_episode",
        ["decom", "rne", "RNE", "legal_status", "LS", "rec", "REC",
         "reason_place_change", "REASON_PLACE_CHANGE"],
    ),
    ("placements_review", ["held_on", "participation", "REVIEW_CODE"]),
    ("placements_workerallocation", ["ended_on", "end_reason", "SW_REASON"]),
    ("placements_provider", ["", "provider_type", "PLACE_PROVIDER"]),
    (
        "placements_placement",
        ["started_on", "place", "PLACE", "place_provider", "PLACE_PROVIDER",
         "reason_ended", "REASON_PLACE_CHANGE"],
    ),
    ("placements_missingepisode", ["started_on", "kind", "MISSING"]),
    ("placements_sdqassessment", ["completed_on", "reason", "SDQ_REASON"]),
    (
        "placements_careleavercontact",
        ["contact_on", "in_touch", "IN_TOUCH", "activity", "ACTIV", "accommodation", "ACCOM"],
    ),
    ("placements_adoptiondecision", ["decided_on", "ceased_reason", "REASON_PLACED_CEASED"]),
    (
        "placements_adoption",
        ["decision_on", "sex_of_adopters", "SEX_ADOPTR", "legal_status_of_adopters", "LS_ADOPTR"],
    ),
    ("placements_previouspermanence", ["", "prev_perm", "PREV_PERM"]),
]

FUNCTION = r"""
CREATE OR REPLACE FUNCTION ssda903_collection_year(d date) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN extract(month FROM d) >= 4 THEN extract(year FROM d)::int
                ELSE extract(year FROM d)::int - 1 END
$$;

CREATE OR REPLACE FUNCTION ssda903_check_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rec jsonb := to_jsonb(NEW);
    on_date date;
    yr integer;
    first_yr integer;
    col text;
    lst text;
    val text;
    i integer := 1;
BEGIN
    IF TG_ARGV[0] <> '' THEN
        on_date := (rec ->> TG_ARGV[0])::date;
    END IF;
    on_date := coalesce(on_date, current_date);
    WHILE i < TG_NARGS LOOP
        col := TG_ARGV[i];
        lst := TG_ARGV[i + 1];
        val := rec ->> col;
        IF val IS NOT NULL AND val <> '' THEN
            SELECT min(valid_from_year) INTO first_yr FROM placements_code WHERE list_name = lst;
            yr := greatest(ssda903_collection_year(on_date), coalesce(first_yr, 0));
            IF NOT EXISTS (
                SELECT 1 FROM placements_code
                WHERE list_name = lst AND code = val AND valid_from_year <= yr
                  AND (valid_until_year IS NULL OR valid_until_year >= yr)
            ) THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'check_violation',
                    MESSAGE = format('%s.%s: %L is not a valid %s code for %s-%s',
                                     TG_TABLE_NAME, col, val, lst, yr, lpad(((yr + 1) % 100)::text, 2, '0')),
                    COLUMN = col,
                    TABLE = TG_TABLE_NAME,
                    CONSTRAINT = 'ssda903_code_valid';
            END IF;
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NEW;
END
$$;
"""


def _trigger_sql(table, args):
    quoted = ", ".join("'" + a + "'" for a in args)
    return (
        f"CREATE TRIGGER {table}_codes BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ssda903_check_codes({quoted});"
    )


def load(apps, schema_editor):
    from placements.codelists import load_code_lists

    load_code_lists(apps.get_model("placements", "Code"))


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunSQL(
            FUNCTION,
            "DROP FUNCTION IF EXISTS ssda903_check_codes(); "
            "DROP FUNCTION IF EXISTS ssda903_collection_year(date);",
        ),
        *[
            migrations.RunSQL(
                _trigger_sql(table, args), f"DROP TRIGGER IF EXISTS {table}_codes ON {table};"
            )
            for table, args in CODED_TABLES
        ],
    ]
