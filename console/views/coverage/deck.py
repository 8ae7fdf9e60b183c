"""The coverage map as a pydeck Deck built from plain DataFrames (pure: testable alone).

No base map is fetched: `map_provider=None` with the default style makes no external
request, so the context a user gets is what we draw — town outlines and names, clusters,
agents, walking circles, suggested posts and grievance hotspots. An office with an
intranet tile server can set PETITION_BASEMAP_URL ({z}/{x}/{y} template) for a TileLayer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from scipy.spatial import ConvexHull, QhullError

#: Above this many clusters the covered ones are drawn aggregated, so the browser stays quick.
AGGREGATE_ABOVE = 20_000
CELL_M = 500.0
#: pydeck reads plain strings as expressions: literals are quoted once more.
CJK_FONT = "'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif'"

COVERED = [46, 125, 50, 150]
UNCOVERED = [198, 40, 40, 230]
SUGGESTED = [21, 101, 192, 255]
HOTSPOT = [123, 31, 162, 120]
STATUS_COLOURS = {
    "active": [25, 118, 210, 220],
    "trainee": [255, 160, 0, 220],
    "suspended": [120, 120, 120, 200],
    "retired": [60, 60, 60, 120],
}


@dataclass(frozen=True)
class MapLayers:
    """Which optional layers to draw."""

    circles: bool = False
    hotspots: bool = True
    agents: bool = True


def town_outlines(clusters: pd.DataFrame) -> pd.DataFrame:
    """One closed outline per town: the convex hull of its clusters (enough for orientation)."""
    rows = []
    for (town_id, town), group in clusters.groupby(["town_id", "town"]):
        points = group[["lon", "lat"]].to_numpy()
        try:
            hull = points[ConvexHull(points).vertices] if len(points) >= 3 else points
        except QhullError:
            hull = points
        rows.append(
            {
                "town": town,
                "polygon": [*hull.tolist(), hull[0].tolist()],
                "lon": float(points[:, 0].mean()),
                "lat": float(points[:, 1].mean()),
            }
        )
    return pd.DataFrame(rows, columns=["town", "polygon", "lon", "lat"])


def aggregate(points: pd.DataFrame, cell_m: float = CELL_M) -> pd.DataFrame:
    """Points binned into square cells of about `cell_m`: one row per cell with its count."""
    if points.empty:
        return pd.DataFrame(columns=["lat", "lon", "count", "population"])
    lat0 = float(points["lat"].mean())
    dlat = cell_m / 111_195.0
    dlon = dlat / max(np.cos(np.radians(lat0)), 1e-6)
    cells = pd.DataFrame(
        {
            "row": np.floor(points["lat"].to_numpy() / dlat).astype(np.int64),
            "col": np.floor(points["lon"].to_numpy() / dlon).astype(np.int64),
            "population": points["population"].to_numpy(),
        }
    )
    grouped = cells.groupby(["row", "col"]).agg(
        count=("population", "size"), population=("population", "sum")
    )
    grouped = grouped.reset_index()
    return pd.DataFrame(
        {
            "lat": (grouped["row"] + 0.5) * dlat,
            "lon": (grouped["col"] + 0.5) * dlon,
            "count": grouped["count"],
            "population": grouped["population"],
        }
    )


def build_deck(
    clusters: pd.DataFrame,
    agents: pd.DataFrame,
    suggestions: pd.DataFrame,
    hotspots: pd.DataFrame,
    radius_m: float,
    *,
    layers: MapLayers = MapLayers(),
    focus: tuple[float, float] | None = None,
    basemap_url: str | None = None,
    tooltip_html: str = "{tip}",
) -> pdk.Deck:
    """Clusters need lat, lon, covered, name, population, town_id, town; agents lat, lon,
    status, name, code; suggestions and hotspots lat, lon (+ adds_population / matters)."""
    drawn: list[pdk.Layer] = []
    if basemap_url:
        drawn.append(pdk.Layer("TileLayer", data=basemap_url, id="basemap"))
    outlines = town_outlines(clusters)
    drawn.append(
        pdk.Layer(
            "PathLayer", outlines, id="towns", get_path="polygon",
            get_color=[90, 90, 90, 200], width_min_pixels=1,
        )
    )
    if layers.agents and not agents.empty:
        coloured = agents.assign(
            colour=agents["status"].map(STATUS_COLOURS), tip=agents["code"] + " " + agents["name"]
        )
        drawn.append(_points(coloured, "agents", "colour", 45))
        if layers.circles:
            active = coloured[coloured["status"] == "active"]
            drawn.append(
                pdk.Layer(
                    "ScatterplotLayer", active, id="walk", get_position=["lon", "lat"],
                    get_radius=float(radius_m), radius_units="'meters'", stroked=True,
                    filled=False, get_line_color=[25, 118, 210, 90], line_width_min_pixels=1,
                )
            )
    covered = clusters[clusters["covered"]]
    uncovered = clusters[~clusters["covered"]].assign(tip=lambda f: f["name"])
    if len(clusters) > AGGREGATE_ABOVE:
        cells = aggregate(covered).assign(tip=lambda f: f["count"].astype(str))
        drawn.append(_points(cells, "covered_cells", COVERED, radius=CELL_M / 2))
    else:
        drawn.append(_points(covered.assign(tip=lambda f: f["name"]), "covered", COVERED, 60))
    if layers.hotspots and not hotspots.empty:
        scaled = hotspots.assign(
            size=80 + 60 * np.sqrt(hotspots["matters"]), tip=hotspots["village"]
        )
        drawn.append(_points(scaled, "hotspots", HOTSPOT, "size"))
    drawn.append(_points(uncovered, "uncovered", UNCOVERED, 90))
    if not suggestions.empty:
        drawn.append(_points(suggestions.assign(tip=suggestions["name"]), "suggested",
                             SUGGESTED, 120))
    drawn.append(
        pdk.Layer(
            "TextLayer", outlines, id="town_names", get_position=["lon", "lat"],
            get_text="town", get_size=14, get_color=[40, 40, 40, 255],
            character_set="'auto'", font_family=CJK_FONT,
        )
    )
    return pdk.Deck(
        layers=drawn,
        initial_view_state=_view(clusters, focus),
        map_provider=None,
        tooltip={"html": tooltip_html},
    )


def _points(frame: pd.DataFrame, layer_id: str, colour, radius) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer", frame, id=layer_id, get_position=["lon", "lat"],
        get_fill_color=colour, get_radius=radius, radius_units="'meters'",
        radius_min_pixels=2, pickable=True,
    )


def _view(clusters: pd.DataFrame, focus: tuple[float, float] | None) -> pdk.ViewState:
    if focus is not None:
        return pdk.ViewState(latitude=focus[0], longitude=focus[1], zoom=15)
    if clusters.empty:
        return pdk.ViewState(latitude=29.45, longitude=106.45, zoom=10)
    return pdk.ViewState(
        latitude=float(clusters["lat"].mean()), longitude=float(clusters["lon"].mean()), zoom=10.2
    )
