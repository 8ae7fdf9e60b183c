"""The coverage map as a pydeck Deck built from plain DataFrames (pure: testable alone).

No base map is fetched: `map_provider=None` with the default style makes no external
request (`map_style=None` would make Streamlit fetch a Carto base map), so the context a
user gets is what we draw — town outlines and names, clusters, agents, walking circles,
suggested posts and grievance hotspots. An office with an intranet tile server can set
PETITION_BASEMAP_URL: an XYZ raster template (``http://tiles.intra/{z}/{x}/{y}.png``) or a
MapLibre style.json URL, drawn as Streamlit's own base map (see `basemap_style`).

Each layer gets only the columns it draws plus a ready-made tooltip text (`tip`), so the
JSON sent to the browser stays small and carries nothing else from the report.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd
import pydeck as pdk
from scipy.spatial import ConvexHull, QhullError

from console.i18n import DEFAULT_LANGUAGE, translate
from core.vocab import AgentCategory, AgentStatus

#: Above this many clusters the covered ones are drawn aggregated, so the browser stays quick.
AGGREGATE_ABOVE = 20_000
CELL_M = 500.0
#: Zoom when a table row centres the map on one place (about 2–3 km across).
FOCUS_ZOOM = 15.0
#: pydeck turns plain strings into expressions: literal strings are quoted once more.
CJK_FONT = "'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif'"

COVERED = [46, 125, 50, 160]
UNCOVERED = [211, 47, 47, 235]
SUGGESTED = [13, 71, 161, 255]
HOTSPOT = [142, 36, 170, 90]
HOTSPOT_LINE = [106, 27, 154, 200]
TOWN_LINE = [84, 84, 84, 220]
TOWN_FILL = [120, 120, 120, 14]
STATUS_COLOURS = {
    AgentStatus.ACTIVE.value: [25, 118, 210, 230],
    AgentStatus.TRAINEE.value: [245, 124, 0, 230],
    AgentStatus.SUSPENDED.value: [144, 144, 144, 220],
    AgentStatus.RETIRED.value: [121, 85, 72, 150],
}


@dataclass(frozen=True)
class MapLayers:
    """Which optional layers to draw."""

    circles: bool = False
    hotspots: bool = True
    agents: bool = True


# --- geometry helpers ------------------------------------------------------------------


def town_outlines(clusters: pd.DataFrame) -> pd.DataFrame:
    """One closed outline per town: the convex hull of its clusters (enough for orientation),
    with the label placed at the mean of the hull's corners."""
    rows = []
    for (_, town), group in clusters.groupby(["town_id", "town"], sort=True):
        points = group[["lon", "lat"]].to_numpy(dtype=float)
        try:
            hull = points[ConvexHull(points).vertices] if len(points) >= 3 else points
        except QhullError:  # all on one line
            hull = points
        rows.append(
            {
                "town": str(town),
                "polygon": [*hull.tolist(), hull[0].tolist()],
                "lon": float(hull[:, 0].mean()),
                "lat": float(hull[:, 1].mean()),
            }
        )
    return pd.DataFrame(rows, columns=["town", "polygon", "lon", "lat"])


def aggregate(points: pd.DataFrame, cell_m: float = CELL_M) -> pd.DataFrame:
    """Points binned into square cells of about `cell_m`: one row per cell (centre, count,
    summed population)."""
    if points.empty:
        return pd.DataFrame(columns=["lat", "lon", "count", "population"])
    lat0 = float(points["lat"].mean())
    dlat = cell_m / 111_195.0
    dlon = dlat / max(math.cos(math.radians(lat0)), 1e-6)
    cells = pd.DataFrame(
        {
            "row": np.floor(points["lat"].to_numpy(dtype=float) / dlat).astype(np.int64),
            "col": np.floor(points["lon"].to_numpy(dtype=float) / dlon).astype(np.int64),
            "population": points["population"].to_numpy(),
        }
    )
    grouped = (
        cells.groupby(["row", "col"])
        .agg(count=("population", "size"), population=("population", "sum"))
        .reset_index()
    )
    return pd.DataFrame(
        {
            "lat": (grouped["row"] + 0.5) * dlat,
            "lon": (grouped["col"] + 0.5) * dlon,
            "count": grouped["count"].astype(np.int64),
            "population": grouped["population"].astype(np.int64),
        }
    )


def fit_view(
    lat: np.ndarray, lon: np.ndarray, width_px: int = 800, height_px: int = 620
) -> pdk.ViewState:
    """A view showing every point (Web Mercator, 512-pixel world at zoom 0)."""
    if len(lat) == 0:
        return pdk.ViewState(latitude=29.45, longitude=106.45, zoom=10)
    south, north = float(np.min(lat)), float(np.max(lat))
    west, east = float(np.min(lon)), float(np.max(lon))

    def mercator_y(degrees: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(degrees) / 2))

    span_x = max(east - west, 1e-4) / 360.0
    span_y = max(mercator_y(north) - mercator_y(south), 1e-6) / (2 * math.pi)
    zoom = min(
        math.log2(0.9 * width_px / (512 * span_x)), math.log2(0.9 * height_px / (512 * span_y))
    )
    centre_y = (mercator_y(north) + mercator_y(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(
        latitude=centre_lat, longitude=(west + east) / 2, zoom=round(max(3.0, min(zoom, 16.0)), 2)
    )


# --- tooltips (in the user's language; Chinese by default) --------------------------------


def _metres(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:,.0f}"


def cluster_tips(clusters: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    rows = zip(
        clusters["name"],
        clusters["village"],
        clusters["town"],
        clusters["population"],
        clusters["covered"],
        clusters["distance_m"],
        strict=True,
    )
    tips = []
    for name, village, town, population, covered, distance in rows:
        if covered:
            state = translate("coverage.tip.covered", lang, distance=_metres(distance))
        elif pd.isna(distance):
            state = translate("coverage.tip.no_agent", lang)
        else:
            state = translate("coverage.tip.uncovered", lang, distance=_metres(distance))
        tips.append(
            translate(
                "coverage.tip.cluster",
                lang,
                name=name,
                village=village,
                town=town,
                population=f"{int(population):,}",
                state=state,
            )
        )
    return tips


def agent_tips(agents: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    def status(value: str) -> str:
        return translate(f"AgentStatus.{AgentStatus(value).value}", lang)

    def category(value: str) -> str:
        return translate(f"AgentCategory.{AgentCategory(value).value}", lang)

    return [
        translate(
            "coverage.tip.agent",
            lang,
            code=code,
            name=name,
            status=status(s),
            category=category(c),
            village=village,
        )
        for code, name, s, c, village in zip(
            agents["code"],
            agents["name"],
            agents["status"],
            agents["category"],
            agents["village"],
            strict=True,
        )
    ]


# --- the deck ------------------------------------------------------------------------------


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
    lang: str = DEFAULT_LANGUAGE,
    height_px: int = 620,
) -> pdk.Deck:
    """The map. Frames as `core.coverage.report` returns them:

    - clusters: lat, lon, covered, distance_m, name, village, town_id, town, population;
    - agents: lat, lon, status, category, code, name, village;
    - suggestions: rank, lat, lon, name, village, adds_clusters, adds_population;
    - hotspots: lat, lon, village, town, matters, people.
    """
    drawn: list[pdk.Layer] = []
    outlines = town_outlines(clusters)
    drawn.append(
        pdk.Layer(
            "PolygonLayer",
            outlines[["town", "polygon"]],
            id="towns",
            get_polygon="polygon",
            stroked=True,
            filled=True,
            get_fill_color=TOWN_FILL,
            get_line_color=TOWN_LINE,
            line_width_min_pixels=1.5,
            pickable=False,
        )
    )
    if layers.hotspots and not hotspots.empty:
        drawn.append(_hotspot_layer(hotspots, lang))

    covered = clusters[clusters["covered"]]
    if len(clusters) > AGGREGATE_ABOVE:
        cells = aggregate(covered)
        cells["tip"] = [
            translate("coverage.tip.cell", lang, count=n, population=f"{int(p):,}")
            for n, p in zip(cells["count"], cells["population"], strict=True)
        ]
        drawn.append(
            _points(
                cells[["lon", "lat", "tip"]],
                "covered_cells",
                COVERED,
                radius=CELL_M / 2,
                min_pixels=2,
            )
        )
    else:
        drawn.append(
            _points(
                _lean(covered, cluster_tips(covered, lang)),
                "covered",
                COVERED,
                radius=60,
                min_pixels=2,
            )
        )

    active = agents[agents["status"] == AgentStatus.ACTIVE.value]
    if layers.circles and not active.empty:
        drawn.append(
            pdk.Layer(
                "ScatterplotLayer",
                active[["lon", "lat"]],
                id="walk",
                get_position=["lon", "lat"],
                get_radius=float(radius_m),
                radius_units="'meters'",
                stroked=True,
                filled=True,
                get_fill_color=[25, 118, 210, 12],
                get_line_color=[25, 118, 210, 110],
                line_width_min_pixels=1,
                pickable=False,
            )
        )
    if layers.agents and not agents.empty:
        shown = _lean(agents, agent_tips(agents, lang))
        shown["colour"] = [STATUS_COLOURS.get(s, [0, 0, 0, 200]) for s in agents["status"]]
        drawn.append(_points(shown, "agents", "colour", radius=45, min_pixels=2.5))

    uncovered = clusters[~clusters["covered"]]
    drawn.append(
        _points(
            _lean(uncovered, cluster_tips(uncovered, lang)),
            "uncovered",
            UNCOVERED,
            radius=90,
            min_pixels=3.5,
        )
    )
    if not suggestions.empty:
        drawn.extend(_suggestion_layers(suggestions, lang))
    drawn.append(
        pdk.Layer(
            "TextLayer",
            outlines[["town", "lon", "lat"]],
            id="town_names",
            get_position=["lon", "lat"],
            get_text="town",
            get_size=14,
            get_color=[33, 33, 33, 255],
            character_set="'auto'",
            font_family=CJK_FONT,
            font_weight=600,
            background=True,
            get_background_color=[255, 255, 255, 170],
            background_padding=[3, 1],
            pickable=False,
        )
    )
    if focus is not None:
        view = pdk.ViewState(latitude=float(focus[0]), longitude=float(focus[1]), zoom=FOCUS_ZOOM)
    else:
        view = fit_view(clusters["lat"].to_numpy(), clusters["lon"].to_numpy(), height_px=height_px)
    if basemap_url:  # an office's intranet tiles, drawn by Streamlit's MapLibre base map
        return pdk.Deck(
            layers=drawn,
            initial_view_state=view,
            map_provider="carto",
            map_style=basemap_style(basemap_url),
            tooltip={"text": "{tip}"},
        )
    return pdk.Deck(
        layers=drawn,
        initial_view_state=view,
        map_provider=None,  # and map_style left at its default: no base map is fetched
        tooltip={"text": "{tip}"},
    )


def basemap_style(url: str) -> str:
    """The MapLibre style for an intranet base map: a style.json URL as given, or an XYZ
    raster template wrapped in a one-source style (inline, as a data: URL).

    deck.gl's TileLayer needs a JavaScript `renderSubLayers` to draw raster tiles, which
    pydeck's JSON cannot carry, and the TerrainLayer workaround loads its decoder from a
    public CDN; Streamlit's own base map (MapLibre) takes any style URL and needs neither."""
    if url.split("?", 1)[0].endswith(".json"):
        return url
    style = {
        "version": 8,
        "sources": {"intranet": {"type": "raster", "tiles": [url], "tileSize": 256}},
        "layers": [{"id": "intranet", "type": "raster", "source": "intranet"}],
    }
    return "data:application/json," + quote(json.dumps(style, separators=(",", ":")), safe="")


def _lean(frame: pd.DataFrame, tips: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lon": frame["lon"].to_numpy(dtype=float),
            "lat": frame["lat"].to_numpy(dtype=float),
            "tip": tips,
        }
    )


def _points(frame: pd.DataFrame, layer_id: str, colour, *, radius, min_pixels) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        frame,
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color=colour,
        get_radius=radius,
        radius_units="'meters'",
        radius_min_pixels=min_pixels,
        pickable=True,
    )


def _hotspot_layer(hotspots: pd.DataFrame, lang: str) -> pdk.Layer:
    frame = pd.DataFrame(
        {
            "lon": hotspots["lon"].to_numpy(dtype=float),
            "lat": hotspots["lat"].to_numpy(dtype=float),
            "size": 120.0 + 90.0 * np.sqrt(hotspots["matters"].to_numpy(dtype=float)),
            "tip": [
                translate("coverage.tip.hotspot", lang, village=v, town=t_, matters=m, people=p)
                for v, t_, m, p in zip(
                    hotspots["village"],
                    hotspots["town"],
                    hotspots["matters"],
                    hotspots["people"],
                    strict=True,
                )
            ],
        }
    )
    return pdk.Layer(
        "ScatterplotLayer",
        frame,
        id="hotspots",
        get_position=["lon", "lat"],
        get_radius="size",
        radius_units="'meters'",
        radius_min_pixels=4,
        stroked=True,
        get_fill_color=HOTSPOT,
        get_line_color=HOTSPOT_LINE,
        line_width_min_pixels=1,
        pickable=True,
    )


def _suggestion_layers(suggestions: pd.DataFrame, lang: str) -> list[pdk.Layer]:
    frame = pd.DataFrame(
        {
            "lon": suggestions["lon"].to_numpy(dtype=float),
            "lat": suggestions["lat"].to_numpy(dtype=float),
            "rank": [str(int(r)) for r in suggestions["rank"]],
            "tip": [
                translate(
                    "coverage.tip.suggestion",
                    lang,
                    rank=int(r),
                    name=n,
                    village=v,
                    clusters=int(c),
                    people=f"{int(p):,}",
                )
                for r, n, v, c, p in zip(
                    suggestions["rank"],
                    suggestions["name"],
                    suggestions["village"],
                    suggestions["adds_clusters"],
                    suggestions["adds_population"],
                    strict=True,
                )
            ],
        }
    )
    ring = pdk.Layer(
        "ScatterplotLayer",
        frame,
        id="suggested",
        get_position=["lon", "lat"],
        get_radius=160,
        radius_units="'meters'",
        radius_min_pixels=9,
        stroked=True,
        get_fill_color=[255, 255, 255, 235],
        get_line_color=SUGGESTED,
        line_width_min_pixels=2.5,
        pickable=True,
    )
    ranks = pdk.Layer(
        "TextLayer",
        frame[["lon", "lat", "rank"]],
        id="suggested_rank",
        get_position=["lon", "lat"],
        get_text="rank",
        get_size=12,
        get_color=SUGGESTED,
        font_weight=700,
        pickable=False,
    )
    return [ring, ranks]
