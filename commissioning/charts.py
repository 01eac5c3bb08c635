"""Accessible charts drawn on the server as SVG (no JavaScript).

Each chart is an <svg role="img"> with a <title> and a <desc> that says what it shows;
the page puts a table with the same figures beside it, so nothing is only in the picture.
Series differ by dash pattern and marker as well as colour. Geometry only here; the markup
is in templates/commissioning/_bar_chart.html and _line_chart.html.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# GOV.UK palette colours with enough contrast against white.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"]

LABEL_WIDTH = 240
BAR_AREA = 360
ROW_HEIGHT = 28


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    rows: list[dict]
    width: int = LABEL_WIDTH + BAR_AREA + 110
    height: int = 0


def bar_chart(id_: str, title: str, description: str, items, *, scale: Decimal | None = None):
    """items: (label, value or None, text shown after the bar, optional marker value)."""
    values = [v for _, v, _, *m in items if v is not None] + [
        m[0] for _, _, _, *m in items if m and m[0] is not None
    ]
    top = scale or max(values, default=Decimal(1)) or Decimal(1)
    rows = []
    for index, (label, value, text, *marker) in enumerate(items):
        y = 10 + index * ROW_HEIGHT
        width = 0 if value is None else round(float(value) / float(top) * BAR_AREA, 1)
        row = {
            "label": label,
            "text": text,
            "y": y,
            "text_y": y + 15,
            "bar_x": LABEL_WIDTH,
            "label_x": LABEL_WIDTH - 8,
            "marker_top": y - 3,
            "marker_bottom": y + 23,
            "width": max(width, 0),
            "value_x": LABEL_WIDTH + max(width, 0) + 6,
        }
        if marker and marker[0] is not None:
            row["marker_x"] = LABEL_WIDTH + round(float(marker[0]) / float(top) * BAR_AREA, 1)
            # the figure goes after the bar and the marker, never under the marker
            row["value_x"] = max(row["value_x"], row["marker_x"] + 6)
        rows.append(row)
    return BarChart(
        id=id_,
        title=title,
        description=description,
        rows=rows,
        height=20 + len(rows) * ROW_HEIGHT,
    )


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    x_labels: list[dict]
    y_ticks: list[dict]
    series: list[dict] = field(default_factory=list)
    width: int = 640
    height: int = 300


def line_chart(id_: str, title: str, description: str, labels, series, *, top=100):
    """labels: x-axis labels (months); series: (name, [value or None per label])."""
    left, right, upper, lower = 50, 170, 20, 250
    span = max(len(labels) - 1, 1)

    def x(i):
        return round(left + i * (640 - left - right) / span, 1)

    def y(v):
        return round(lower - float(v) / float(top or 1) * (lower - upper), 1)

    chart = LineChart(
        id=id_,
        title=title,
        description=description,
        x_labels=[{"x": x(i), "text": text} for i, text in enumerate(labels)],
        y_ticks=[
            {"y": y(v), "text_y": y(v) + 5, "text": f"{v:g}"}
            for v in (0, top / 4, top / 2, 3 * top / 4, top)
        ],
    )
    for n, (name, values) in enumerate(series):
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        last = points[-1] if points else (x(0), y(0))
        chart.series.append(
            {
                "name": name,
                "colour": COLOURS[n % len(COLOURS)],
                "dash": DASHES[n % len(DASHES)],
                "points": " ".join(f"{px},{py}" for px, py in points),
                "markers": [{"x": px, "y": py} for px, py in points],
                "label_x": last[0] + 8,
                "label_y": last[1] + 4 + 0 * n,
            }
        )
    # keep end labels from overlapping: spread them at least 14px apart
    placed = sorted(chart.series, key=lambda s: s["label_y"])
    for before, after in zip(placed, placed[1:], strict=False):
        if after["label_y"] - before["label_y"] < 14:
            after["label_y"] = before["label_y"] + 14
    return chart
