"""Geometry of the coverage chart, rendered as inline SVG by a template.

Server-side SVG keeps the coverage page readable without JavaScript and
printable. This module only computes coordinates (numbers); the template writes
the SVG, so every label passes through Jinja's escaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PALETTE = (
    "#1f5fa8",
    "#c0392b",
    "#2e8b57",
    "#d68910",
    "#7d3c98",
    "#117a8b",
    "#a04000",
    "#566573",
    "#b03a6e",
    "#4d7c0f",
    "#1e3a8a",
    "#92400e",
)

WIDTH, HEIGHT = 880, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    plot: dict[str, float] = field(default_factory=dict)
    bars: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    yticks: list[dict[str, Any]] = field(default_factory=list)
    xlabels: list[dict[str, Any]] = field(default_factory=list)
    empty: bool = True


def _nice_max(value: int) -> int:
    """The top of the y axis: four equal whole-number steps of 1, 2 or 5 × 10^k."""
    raw = max(value, 1) / 4
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step >= raw:
                return step * 4
        magnitude *= 10


def build_chart(data: dict[str, Any]) -> Chart:
    """Bars for all matching articles per period, one line per series."""
    periods: list[str] = data.get("periods", [])
    chart = Chart()
    if not periods:
        return chart
    chart.empty = False
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    chart.plot = {"x0": x0, "x1": x1, "y0": y0, "y1": y1}
    top = _nice_max(max(data.get("counts") or [0]))
    step = (x1 - x0) / len(periods)

    def y(v: float) -> float:
        return round(y1 - (y1 - y0) * v / top, 1)

    for i, (period, count) in enumerate(zip(periods, data["counts"], strict=False)):
        chart.bars.append(
            {
                "x": round(x0 + i * step + step * 0.1, 1),
                "y": y(count),
                "w": round(max(step * 0.8, 1), 1),
                "h": round(y1 - y(count), 1),
                "label": f"{period}: {count}",
            }
        )
    for k, s in enumerate(data.get("series", [])):
        points = " ".join(
            f"{round(x0 + (i + 0.5) * step, 1)},{y(v)}" for i, v in enumerate(s["counts"])
        )
        chart.lines.append(
            {
                "points": points,
                "color": PALETTE[k % len(PALETTE)],
                "key": s["key"],
                "total": s["total"],
            }
        )
    for frac in (0, 0.25, 0.5, 0.75, 1):
        value = top * frac
        chart.yticks.append({"y": y(value), "label": f"{value:g}"})
    every = max(1, len(periods) // 12)
    for i, period in enumerate(periods):
        if i % every == 0:
            chart.xlabels.append({"x": round(x0 + (i + 0.5) * step, 1), "label": period})
    return chart
