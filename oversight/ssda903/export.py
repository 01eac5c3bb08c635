"""The return as the DfE takes it: one CSV file per table, DfE column names in order,
dates dd/mm/yyyy, blanks empty; and a zip of them for the download."""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from oversight.ssda903.tables import COLUMNS, Return, tables_in


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def file_name(projected: Return, table: str) -> str:
    return f"{projected.la_number}_{projected.year.short}_{table}.csv"


def table_csv(projected: Return, table: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = COLUMNS[table]
    writer.writerow(columns)
    for row in projected.rows(table):
        writer.writerow([cell(row.get(column)) for column in columns])
    return out.getvalue()


def write_dir(projected: Return, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables_in(projected.year):
        path = directory / file_name(projected, table)
        path.write_text(table_csv(projected, table), encoding="utf-8", newline="")
        written.append(path)
    return written


def zip_bytes(projected: Return) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables_in(projected.year):
            archive.writestr(file_name(projected, table), table_csv(projected, table))
    return buffer.getvalue()


def zip_name(projected: Return) -> str:
    return f"ssda903_{projected.la_number}_{projected.year.short}.zip"
