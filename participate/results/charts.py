"""Charts drawn on the server as SVG (templates/results/_charts.html): the geometry is worked
out here, so the templates only place what they are given. Every chart has a title and a short
description for screen readers, and the page shows its figures in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

BAR_WIDTH = 440  # the longest horizontal bar, in SVG units
LABEL_WIDTH = 200
ROW = 34
COLUMN_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: int  # horizontal: width; vertical: height
    y: int = 0
    x: int = 0


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


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
    return BarChart(
        chart_id, title, text, bars, LABEL_WIDTH + BAR_WIDTH + 60, max(ROW, len(rows) * ROW)
    )


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns, one per day, with a few dates along the bottom."""

    id: str
    title: str
    description: str
    columns: tuple[Bar, ...]
    ticks: tuple[tuple[int, date], ...]  # (x, day) labelled below the columns
    largest: int
    width: int
    height: int
    step: int
    plot_height: int = COLUMN_HEIGHT


def column_chart(
    chart_id: str, title: str, days: Sequence[tuple[date, int]], description: str
) -> ColumnChart:
    step = 12 if len(days) <= 60 else 6 if len(days) <= 150 else 3
    largest = max((value for _day, value in days), default=0)
    columns = tuple(
        Bar(
            label=day.isoformat(),
            value=value,
            length=_scale(value, largest, COLUMN_HEIGHT),
            x=40 + i * step,
        )
        for i, (day, value) in enumerate(days)
    )
    every = max(1, len(days) // 6)
    ticks = tuple((40 + i * step, day) for i, (day, _v) in enumerate(days) if i % every == 0)
    width = 40 + max(1, len(days)) * step + 40
    return ColumnChart(
        chart_id,
        title,
        description,
        columns,
        ticks,
        largest,
        max(width, 320),
        COLUMN_HEIGHT + 40,
        step,
    )
