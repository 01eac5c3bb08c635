"""Reading the snapshots for the dashboards and the API: who may see which level, the
figures by month, and small numbers suppressed for anyone who may not see the children.

Every read is a handful of aggregate queries over the snapshot table, whatever the
number of children (the snapshot rows are bounded by councils × holders × months).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Max, Sum

from oversight.indicators.definitions import BY_CODE, DIMENSIONS, INDICATORS, Indicator
from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.services import add_months, first_of_month, last_months
from practices.access import scope_of, visible
from practices.models import Council, Practice, Role

MONTHS = 24
NATIONAL, COUNCIL, PRACTICE = "national", "council", "practice"


# --- Who may see what -----------------------------------------------------------------------


def sees_every_council(user) -> bool:
    """The inspectorate's remit is every council (and superusers see everything)."""
    scope = scope_of(user)
    return scope.superuser or scope.inspector or bool(scope.inspectorate_ids)


def dashboard_councils(user):
    """Councils whose dashboard this person may open."""
    councils = visible(user, Council)
    if sees_every_council(user):
        return Council.objects.all()
    return councils.filter(pk__in=scope_of(user).council_ids)


def dashboard_practices(user):
    """Practices whose dashboard this person may open: their managers (and the remit above)."""
    if sees_every_council(user):
        return Practice.objects.all()
    return visible(user, Practice).filter(
        pk__in=scope_of(user).practices_with({Role.PRACTICE_MANAGER})
    )


def may_see_children_of(user, council_ids) -> bool:
    """Whether this person may see every child behind figures of these councils: then no
    figure needs hiding from them."""
    scope = scope_of(user)
    return scope.superuser or (bool(council_ids) and set(council_ids) <= set(scope.council_ids))


# --- Figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    month: dt.date
    indicator: str = INDICATORS[0].code
    age_band: str = ""
    legal_status: str = ""
    placement_type: str = ""
    months: int = MONTHS

    @property
    def breakdown(self) -> dict:
        return {k: getattr(self, k) for k in DIMENSIONS if getattr(self, k)}

    @property
    def first_month(self) -> dt.date:
        return add_months(self.month, -(self.months - 1))


def default_month(today: dt.date) -> dt.date:
    """The last complete month."""
    return add_months(first_of_month(today), -1)


def month_choices(today: dt.date) -> list[dt.date]:
    return list(reversed(last_months(today, MONTHS)))


@dataclass
class Figure:
    numerator: int
    denominator: int
    indicator: Indicator
    hide_small: bool = True

    @property
    def threshold(self) -> int:
        return settings.INDICATORS_SUPPRESS_BELOW

    def _small(self, n: int) -> bool:
        return self.hide_small and 0 < n < self.threshold

    @property
    def suppressed(self) -> bool:
        return self._small(self.numerator) or self._small(self.denominator)

    @property
    def shown_numerator(self) -> int | None:
        return None if self.suppressed and self._small(self.numerator) else self.numerator

    @property
    def shown_denominator(self) -> int | None:
        return None if self.suppressed and self._small(self.denominator) else self.denominator

    @property
    def value(self) -> Decimal | None:
        if self.suppressed or not self.denominator:
            return None
        scale = 100 if self.indicator.is_percent else 1
        places = Decimal("0.1") if self.indicator.is_percent else Decimal("0.01")
        return (Decimal(scale) * self.numerator / self.denominator).quantize(places, ROUND_HALF_UP)

    def _count(self, n: int | None) -> str:
        return f"fewer than {self.threshold}" if n is None else f"{n:,}"

    @property
    def value_text(self) -> str:
        if self.suppressed:
            return "Suppressed (small numbers)"
        if not self.denominator:
            return "No data"
        return f"{self.value}%" if self.indicator.is_percent else f"{self.value}"

    @property
    def counts_text(self) -> str:
        return (
            f"{self._count(self.shown_numerator)} of {self._count(self.shown_denominator)}"
            if self.indicator.is_percent
            else f"{self._count(self.shown_numerator)} for {self._count(self.shown_denominator)}"
        )


def _rows(base, filters: Filters):
    """Totals rows, or the breakdown cells matching the filters."""
    rows = base.filter(month__gte=filters.first_month, month__lte=filters.month)
    if filters.breakdown:
        return rows.exclude(age_band="").filter(**filters.breakdown)
    return rows.filter(age_band="", legal_status="", placement_type="")


def series(base, filters: Filters, *, hide_small: bool):
    """{indicator: {month: Figure}} and {month: computed_at} (one query)."""
    out: dict[str, dict[dt.date, Figure]] = {i.code: {} for i in INDICATORS}
    computed: dict[dt.date, dt.datetime] = {}
    rows = (
        _rows(base, filters)
        .values("indicator", "month")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), at=Max("computed_at"))
        .order_by()
    )
    for row in rows:
        indicator = BY_CODE.get(row["indicator"])
        if indicator is None:
            continue
        out[indicator.code][row["month"]] = Figure(row["n"], row["d"], indicator, hide_small)
        computed[row["month"]] = max(computed.get(row["month"], row["at"]), row["at"])
    return out, computed


def breakdown(base, filters: Filters, by: str, *, hide_small) -> list[dict]:
    """The selected indicator and month by council or by holder (one query).
    `hide_small(council_id)` says whether to hide small numbers on that row."""
    indicator = BY_CODE[filters.indicator]
    key = {"council": ("council_id", "council__name"), "practice": ("practice_id",)}[by]
    names = ("practice__name",) if by == "practice" else ()
    rows = (
        _rows(base, filters)
        .filter(month=filters.month, indicator=indicator.code)
        .values(*key, *names, "council_id")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
        .order_by()
    )
    merged: dict = {}
    for row in rows:
        k = row[key[0]]
        entry = merged.setdefault(
            k,
            {
                "id": k,
                "name": row.get("council__name")
                or row.get("practice__name")
                or "Council's own teams",
                "councils": set(),
                "n": 0,
                "d": 0,
            },
        )
        entry["councils"].add(row["council_id"])
        entry["n"] += row["n"]
        entry["d"] += row["d"]
    out = []
    for entry in merged.values():
        entry["figure"] = Figure(
            entry["n"], entry["d"], indicator, hide_small(sorted(entry["councils"]))
        )
        out.append(entry)
    return sorted(out, key=lambda e: (e["id"] is None, e["name"]))


@dataclass
class Dashboard:
    level: str
    name: str
    filters: Filters
    months: list[dt.date]
    figures: dict[str, dict[dt.date, Figure]]
    above_name: str
    above: dict[str, dict[dt.date, Figure]]
    computed_at: dict[dt.date, dt.datetime]
    rows: list[dict] = field(default_factory=list)
    rows_by: str = ""
    council: Council | None = None
    practice: Practice | None = None
    drill_down: bool = False

    @property
    def latest_computed_at(self) -> dt.datetime | None:
        return max(self.computed_at.values(), default=None)

    def at(self, code: str, month: dt.date | None = None) -> Figure | None:
        return self.figures.get(code, {}).get(month or self.filters.month)

    def above_at(self, code: str, month: dt.date | None = None) -> Figure | None:
        return self.above.get(code, {}).get(month or self.filters.month)


def _months(filters: Filters) -> list[dt.date]:
    return [add_months(filters.first_month, k) for k in range(filters.months)]


def national(user, filters: Filters) -> Dashboard:
    """Every council (the inspectorate's remit): three queries."""
    base = IndicatorSnapshot.objects.all()
    hide = not scope_of(user).superuser
    figures, computed = series(base, filters, hide_small=hide)
    return Dashboard(
        level=NATIONAL,
        name="England (every council)",
        filters=filters,
        months=_months(filters),
        figures=figures,
        above_name="",
        above={},
        computed_at=computed,
        rows=breakdown(base, filters, "council", hide_small=lambda ids: hide),
        rows_by="Council",
    )


def council(user, council: Council, filters: Filters) -> Dashboard:
    """One council, with every council for comparison and its practices side by side with
    its own teams."""
    base = visible(user, IndicatorSnapshot).filter(council=council)
    hide = not may_see_children_of(user, [council.pk])
    figures, computed = series(base, filters, hide_small=hide)
    above, _ = series(IndicatorSnapshot.objects.all(), filters, hide_small=True)
    return Dashboard(
        level=COUNCIL,
        name=council.name,
        filters=filters,
        months=_months(filters),
        figures=figures,
        above_name="England",
        above=above,
        computed_at=computed,
        rows=breakdown(base, filters, "practice", hide_small=lambda ids: hide),
        rows_by="Held by",
        council=council,
        drill_down=True,
    )


def practice(user, practice: Practice, filters: Filters) -> Dashboard:
    """One practice (every council it works for), against those councils as a whole."""
    base = visible(user, IndicatorSnapshot).filter(practice=practice)
    councils = list(base.values_list("council_id", flat=True).distinct().order_by())
    hide = not may_see_children_of(user, councils)
    figures, computed = series(base, filters, hide_small=hide)
    above, _ = series(
        IndicatorSnapshot.objects.filter(council__in=councils), filters, hide_small=True
    )
    return Dashboard(
        level=PRACTICE,
        name=practice.name,
        filters=filters,
        months=_months(filters),
        figures=figures,
        above_name="The councils it works for",
        above=above,
        computed_at=computed,
        rows=breakdown(base, filters, "council", hide_small=lambda ids: hide),
        rows_by="Council",
        practice=practice,
        drill_down=True,
    )
