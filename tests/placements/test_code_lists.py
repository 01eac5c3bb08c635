"""Code lists are data, versioned by collection year, and every coded column is checked."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection

from placements.models import Code, CodedModel
from placements.models.codes import collection_year, valid_codes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2026, 3, 31), 2025), (dt.date(2026, 4, 1), 2026), (dt.date(2025, 12, 25), 2025)],
)
def test_collection_year_runs_from_1_april(day, year):
    assert collection_year(day) == year


def test_every_code_list_in_domain_md_is_loaded():
    lists = set(Code.objects.values_list("list_name", flat=True))
    assert {
        "SEX",
        "ETHNIC",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "REC",
        "REASON_PLACE_CHANGE",
        "REVIEW_CODE",
        "MISSING",
        "SW_REASON",
        "UPN_UNKNOWN",
    } <= lists


def test_2025_code_list_drops_h5_p2_z1_and_adds_k3():
    before, after = valid_codes("PLACE", 2024), valid_codes("PLACE", 2025)
    assert {"H5", "P2", "Z1"} <= set(before) and not {"H5", "P2", "Z1"} & set(after)
    assert "K3" in after and "K3" not in before


def test_an_administrator_can_add_a_code_for_a_new_year():
    Code.objects.create(list_name="LS", code="Q9", label="New status", valid_from_year=2026)
    assert "Q9" in valid_codes("LS", 2026)
    assert "Q9" not in valid_codes("LS", 2025)


def test_every_code_field_is_checked_by_a_database_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE '%%_codes'"
        )
        triggers = {
            table: bytes(args).decode().split("\x00")[:-1] for table, args in cursor.fetchall()
        }
    for model in apps.get_models():
        if not issubclass(model, CodedModel):
            continue
        args = triggers.get(model._meta.db_table)
        assert args is not None, f"{model.__name__} has code fields but no trigger"
        pairs = dict(zip(args[1::2], args[2::2], strict=True))
        for field in model.code_fields():
            assert pairs.get(field.column) == field.code_list, f"{model.__name__}.{field.name}"
