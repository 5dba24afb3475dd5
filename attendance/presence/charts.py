"""Geometry for the dashboard's server-rendered SVG charts (no JavaScript, CSP-safe)."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 640, 220, 36

TREND_SERIES = (("present", "#198754"), ("wfh", "#0d6efd"), ("absent", "#dc3545"), ("late", "#fd7e14"))


@dataclass(frozen=True)
class Line:
    key: str
    color: str
    points: str  # SVG polyline points
    dots: tuple[tuple[float, float, int], ...]


def trend_chart(trend: list[dict]) -> dict:
    """Polylines of present, WFH, TK and TL per day; days without any record (weekends,
    holidays) are left out rather than drawn as a fall to zero."""
    trend = [day for day in trend if day["recorded"]] or trend[:1]
    top = max([max(day[k] for k, _c in TREND_SERIES) for day in trend] + [1])
    step = (WIDTH - 2 * PAD) / max(len(trend) - 1, 1)

    def xy(i, value):
        return round(PAD + i * step, 1), round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top, 1)

    lines = []
    for key, color in TREND_SERIES:
        coords = [(*xy(i, day[key]), day[key]) for i, day in enumerate(trend)]
        lines.append(Line(key, color, " ".join(f"{x},{y}" for x, y, _v in coords), tuple(coords)))
    labels = [(xy(i, 0)[0], day["date"]) for i, day in enumerate(trend)]
    every = max(len(labels) // 8, 1)
    return {
        "width": WIDTH, "height": HEIGHT, "lines": lines, "top": top, "top_y": PAD, "base_y": HEIGHT - PAD,
        "labels": labels[::every], "left": PAD, "right": WIDTH - PAD,
    }


BAR_H, BAR_GAP, LABEL_W = 18, 6, 200


def unit_bars(rows, limit: int = 15) -> dict:
    """Horizontal bars per unit: present share, and WFH share against the cap (a tick)."""
    rows = rows[:limit]
    span = WIDTH - LABEL_W - 60
    bars = []
    for i, row in enumerate(rows):
        y = i * (BAR_H + BAR_GAP)
        cap = None
        if row.wfh_limit is not None and row.headcount:
            cap = LABEL_W + span * min(row.wfh_limit / row.headcount, 1)
        bars.append({
            "y": y, "text_y": y + BAR_H - 5, "name": row.name[:32],
            "present_w": round(span * row.present_share, 1), "wfh_w": round(span * row.wfh_share, 1),
            "present_pct": round(100 * row.present_share), "wfh_pct": round(100 * row.wfh_share),
            "cap_x": round(cap, 1) if cap is not None else None, "over": row.days_over_cap > 0,
        })
    return {"width": WIDTH, "height": max(len(bars), 1) * (BAR_H + BAR_GAP), "bars": bars, "x0": LABEL_W,
            "value_x": WIDTH - 50}
