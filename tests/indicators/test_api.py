"""/api/v1/indicators/: the same figures as the dashboards, scoped and suppressed the same
way; bad filters are a 400 naming the field; the schema documents it without warnings."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from oversight.indicators.definitions import INDICATORS
from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.selectors import default_month

pytestmark = pytest.mark.django_db


def put(council, practice, indicator, num, den):
    IndicatorSnapshot.objects.create(
        month=default_month(timezone.localdate()),
        indicator=indicator,
        council=council,
        practice=practice,
        numerator=num,
        denominator=den,
        computed_at=timezone.now(),
    )


def series_of(data, code):
    return next(s for s in data["indicators"] if s["indicator"]["code"] == code)


def test_every_indicator_is_listed_with_its_definition(world, client):
    client.force_login(world.worker)
    data = client.get(reverse("api:indicator-list")).json()
    assert [i["code"] for i in data] == [i.code for i in INDICATORS]
    assert all(i["definition"] for i in data)


def test_a_council_commissioner_gets_their_figures_and_england_for_comparison(world, client):
    put(world.council, world.practice, "missing", 3, 40)
    put(world.other_council, None, "missing", 20, 50)
    client.force_login(world.commissioner)
    data = client.get(
        reverse("api:indicator-council", args=[world.council.pk]), {"indicator": "missing"}
    ).json()
    missing = series_of(data, "missing")
    assert missing["series"][-1] | {"month": None} == {
        "month": None,
        "numerator": 3,
        "denominator": 40,
        "value": "7.50",
        "suppressed": False,
    }
    # England, as the inspectorate sees it: the small council A count is hidden.
    assert missing["comparison"][-1]["numerator"] == 23
    assert data["breakdown"] == [
        {
            "id": world.practice.pk,
            "name": "Practice P",
            "numerator": 3,
            "denominator": 40,
            "value": "7.50",
            "suppressed": False,
        }
    ]
    assert data["computed_at"]


def test_an_inspector_gets_small_numbers_suppressed(world, client):
    put(world.council, world.practice, "missing", 3, 40)
    client.force_login(world.inspector)
    data = client.get(
        reverse("api:indicator-council", args=[world.council.pk]), {"indicator": "missing"}
    ).json()
    figure = series_of(data, "missing")["series"][-1]
    assert figure["numerator"] is None and figure["denominator"] == 40
    assert figure["value"] is None and figure["suppressed"] is True


def test_another_councils_figures_are_not_found(world, client):
    client.force_login(world.other_commissioner)
    response = client.get(reverse("api:indicator-council", args=[world.council.pk]))
    assert response.status_code == 404


def test_bad_filters_are_a_400_naming_the_fields(world, client):
    client.force_login(world.inspector)
    response = client.get(
        reverse("api:indicator-national"),
        {"month": "2001-01", "age_band": "old", "months": "0", "indicator": "joy"},
    )
    assert response.status_code == 400
    body = response.json()
    text = str(body)
    for name in ("month", "age_band", "months", "indicator"):
        assert name in text


def test_the_schema_documents_the_endpoints_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", file=str(out), fail_on_warn=True, validate=True)
    schema = out.read_text()
    for path in ("/api/v1/indicators/", "/api/v1/indicators/national/"):
        assert f"{path}:" in schema
