"""The SSDA903 return (children looked after): a projection of the record, validated in the app.

    years.py      CollectionYear: a collection year named by the year it starts (2026 is
                  1 April 2026 to 31 March 2027, "2026 to 2027"), as `collection_year()` does
    tables.py     one SQL query per table per council and year -> a `Return` of rows
    export.py     the CSV files (DfE column names and order, dd/mm/yyyy) and their zip
    rules/        the DfE validation rules, one class each (`SSDA903_Rule_103`), one registry
    guards.py     the same rules asked at data entry (placements.services.episodes)
    services.py   validation runs: request, claim, run, store, notify the data lead
    views.py      the results page (scoped by the access policy), validate now, download

Decisions a newcomer would question are in README.md beside this file.
"""
