"""Geometry for the dashboard's server-rendered SVG charts (no JavaScript, CSP-safe: nothing to
load, nothing to allow, and the page prints and exports the same)."""

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
        "labels": labels[::every], "left": PAD, "right": WIDTH - PAD, "days": len(trend),
    }


BAR_H, BAR_GAP, LABEL_W, VALUE_W = 18, 10, 220, 112
LABEL_CHARS = 33  # at 11 px, what fits in LABEL_W on one line


def wrap_label(name: str, width: int = LABEL_CHARS) -> list[str]:
    """At most two lines, broken between words; a second line too long ends with an ellipsis."""
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines[-1]) > width:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def unit_bars(rows) -> dict:
    """Horizontal bars for every unit given (the table's page, in its order): present share, and
    WFH share against the cap (a tick). Exact counts go in each bar's title and label."""
    span = WIDTH - LABEL_W - VALUE_W
    bars = []
    for i, row in enumerate(rows):
        y = 4 + i * (BAR_H + BAR_GAP)
        cap = None
        if row.wfh_limit is not None and row.headcount:
            cap = LABEL_W + span * min(row.wfh_limit / row.headcount, 1)
        lines = wrap_label(row.name)
        bars.append({
            "y": y, "lines": [((y + 13) if len(lines) == 1 else (y + 7 + k * 12), text) for k, text in enumerate(lines)],
            "name": row.name, "text_y": y + 13,
            "present_w": round(span * row.present_share, 1), "wfh_w": round(span * row.wfh_share, 1),
            "present_pct": round(100 * row.present_share), "wfh_pct": round(100 * row.wfh_share),
            "present": row.figures.get("present", 0), "wfh": row.capped, "wfh_label": row.capped_label, "recorded": row.recorded,
            "limit": row.wfh_limit, "cap_x": round(cap, 1) if cap is not None else None, "over": bool(row.tallies and row.days_over_cap),
        })
    return {"width": WIDTH, "height": max(len(bars), 1) * (BAR_H + BAR_GAP) + 4, "bars": bars, "x0": LABEL_W,
            "value_x": WIDTH - VALUE_W + 6}
