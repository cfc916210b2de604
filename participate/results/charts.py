"""Charts drawn on the server as SVG (templates/results/_charts.html): the geometry is worked
out here, so the templates only place what they are given. Every chart has a title and a short
description for screen readers, and the page shows its figures in a table beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 640  # every chart's viewBox is this wide; CSS scales it to the column
BAR_WIDTH = 560  # the longest horizontal bar (room for its value after it)
ROW = 44  # a label above a bar
PLOT_LEFT = 44  # room for the scale of a column chart
PLOT_HEIGHT = 160
TICKS = 6  # dates along the bottom of a column chart, at most


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: int  # horizontal: width; vertical: height
    y: int = 0
    x: int = 0


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, each label above its bar."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int


def _scale(value: int, largest: int, length: int) -> int:
    if largest <= 0 or value <= 0:
        return 0
    return max(1, round(value * length / largest))


def bar_chart(
    chart_id: str, title: str, rows: Sequence[tuple[str, int]], description: str = ""
) -> BarChart:
    largest = max((value for _label, value in rows), default=0)
    bars = tuple(
        Bar(label=label, value=value, length=_scale(value, largest, BAR_WIDTH), y=i * ROW)
        for i, (label, value) in enumerate(rows)
    )
    text = description or "; ".join(f"{label}: {value}" for label, value in rows)
    return BarChart(chart_id, title, text, bars, WIDTH, max(ROW, len(rows) * ROW))


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns, one per day, with a few dates along the bottom."""

    id: str
    title: str
    description: str
    columns: tuple[Bar, ...]
    ticks: tuple[tuple[int, date], ...]  # (x, day) labelled below the columns
    largest: int
    column_width: int
    width: int = WIDTH
    height: int = PLOT_HEIGHT + 34
    plot_height: int = PLOT_HEIGHT
    plot_left: int = PLOT_LEFT


def column_chart(
    chart_id: str, title: str, days: Sequence[tuple[date, int]], description: str
) -> ColumnChart:
    step = max(1, min(40, (WIDTH - PLOT_LEFT - 16) // max(1, len(days))))
    largest = max((value for _day, value in days), default=0)
    columns = tuple(
        Bar(
            label=day.isoformat(),
            value=value,
            length=_scale(value, largest, PLOT_HEIGHT),
            x=PLOT_LEFT + i * step,
        )
        for i, (day, value) in enumerate(days)
    )
    every = max(1, math.ceil(len(days) / TICKS))
    ticks = tuple(
        (PLOT_LEFT + i * step, day) for i, (day, _value) in enumerate(days) if i % every == 0
    )
    return ColumnChart(
        chart_id,
        title,
        description,
        columns,
        ticks,
        largest,
        column_width=max(1, step - (2 if step > 4 else 0)),
    )
