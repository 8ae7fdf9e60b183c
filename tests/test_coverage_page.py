"""The coverage map page (AppTest) and its deck builder (offline, aggregated when large)."""

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from console.runtime import USER_KEY
from console.views.coverage.deck import AGGREGATE_ABOVE, FOCUS_ZOOM, MapLayers, build_deck
from core import settings
from core.access import may_open
from core.coverage.report import coverage_report
from core.users import UserView
from core.vocab import Role
from db.session import Database
from tests.test_app import USERNAME, signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "coverage.py")
#: Hosts a base map or a font could come from; none may appear in the deck's JSON.
EXTERNAL = (
    "http",
    "//",
    "carto",
    "mapbox",
    "googleapis",
    "openstreetmap",
    "amap",
    "tianditu",
    "arcgis",
    "unpkg",
    "jsdelivr",
)


def _frames(n_clusters: int, covered_share: float = 0.9):
    rng = np.random.default_rng(7)
    covered = rng.random(n_clusters) < covered_share
    clusters = pd.DataFrame(
        {
            "lat": 29.3 + 0.25 * rng.random(n_clusters),
            "lon": 106.2 + 0.35 * rng.random(n_clusters),
            "covered": covered,
            "distance_m": np.where(covered, 400.0, 1800.0),
            "name": [f"c{i}" for i in range(n_clusters)],
            "village": "某村",
            "population": rng.integers(50, 3000, n_clusters),
            "town_id": rng.integers(1, 4, n_clusters),
        }
    )
    clusters["town"] = clusters["town_id"].map({1: "谢家湾街道", 2: "华岩镇", 3: "西彭镇"})
    agents = pd.DataFrame(
        {
            "lat": [29.4, 29.41, 29.42, 29.43],
            "lon": [106.4] * 4,
            "status": ["active", "trainee", "suspended", "retired"],
            "category": ["volunteer"] * 4,
            "name": ["甲", "乙", "丙", "丁"],
            "code": ["JLP-0001", "JLP-0002", "JLP-0003", "JLP-0004"],
            "village": ["某村"] * 4,
        }
    )
    suggestions = pd.DataFrame(
        {
            "rank": [1],
            "lat": [29.35],
            "lon": [106.3],
            "name": ["s"],
            "village": ["某村"],
            "adds_clusters": [3],
            "adds_population": [900],
        }
    )
    hotspots = pd.DataFrame(
        {
            "lat": [29.41],
            "lon": [106.41],
            "village": ["某村"],
            "town": ["华岩镇"],
            "matters": [4],
            "people": [6],
        }
    )
    return clusters, agents, suggestions, hotspots


def _hosts(text: str) -> list[str]:
    low = text.lower()
    return [host for host in EXTERNAL if host in low]


def _page_deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


# --- the deck builder ---------------------------------------------------------------------


def test_the_map_names_no_external_host():
    deck = build_deck(*_frames(500), radius_m=1000.0)
    text = deck.to_json()
    assert not _hosts(text)
    spec = json.loads(text)
    assert spec.get("mapProvider") is None, "no base-map provider"
    assert spec["mapStyle"] == "__MAP_STYLE__", "map_style left at its default"
    ids = [layer["id"] for layer in spec["layers"]]
    assert {
        "towns",
        "town_names",
        "covered",
        "uncovered",
        "agents",
        "suggested",
        "hotspots",
    } <= set(ids)
    names = next(layer for layer in spec["layers"] if layer["id"] == "town_names")
    assert names["characterSet"] == "auto" and "CJK" in names["fontFamily"]
    assert {row["town"] for row in names["data"]} == {"谢家湾街道", "华岩镇", "西彭镇"}


def test_agents_are_coloured_by_status_and_only_active_ones_get_circles():
    deck = build_deck(*_frames(200), radius_m=1000.0, layers=MapLayers(circles=True))
    layers = {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}
    assert len({tuple(row["colour"]) for row in layers["agents"]["data"]}) == 4
    assert len(layers["walk"]["data"]) == 1, "a circle for the one active agent only"
    assert layers["walk"]["getRadius"] == 1000.0 and layers["walk"]["radiusUnits"] == "meters"
    assert "在岗" in layers["agents"]["data"][0]["tip"], "tooltips speak Chinese"


@pytest.mark.parametrize(
    "url",
    [
        "http://tiles.intra.example/{z}/{x}/{y}.png",
        "http://tiles.intra.example/styles/district/style.json",
    ],
)
def test_a_configured_intranet_base_map_is_the_only_host_named(url):
    spec = json.loads(build_deck(*_frames(100), radius_m=1000.0, basemap_url=url).to_json())
    style = spec.pop("mapStyle")
    if style.startswith("data:application/json,"):  # an XYZ template wrapped in a style
        style = json.loads(unquote(style.removeprefix("data:application/json,")))
        assert [source["tiles"] for source in style["sources"].values()] == [[url]]
    else:
        assert style == url
    assert spec.pop("mapProvider") == "carto", "Streamlit's MapLibre base map draws it"
    assert not _hosts(json.dumps(spec, ensure_ascii=False)), "nothing else names a host"


def test_large_districts_draw_covered_clusters_aggregated():
    small = build_deck(*_frames(1_000), radius_m=1000.0)
    large = build_deck(*_frames(AGGREGATE_ABOVE + 5_000), radius_m=1000.0)
    assert "covered" in [layer.id for layer in small.layers]
    assert "covered_cells" not in [layer.id for layer in small.layers]
    ids = [layer.id for layer in large.layers]
    assert "covered_cells" in ids and "covered" not in ids
    cells = next(layer for layer in large.layers if layer.id == "covered_cells")
    uncovered = next(layer for layer in large.layers if layer.id == "uncovered")
    clusters = _frames(AGGREGATE_ABOVE + 5_000)[0]
    assert len(cells.data) < AGGREGATE_ABOVE / 4, "covered clusters are binned"
    assert len(uncovered.data) == int((~clusters["covered"]).sum()), "uncovered stay single"
    counts = [int(re.search(r"(\d+) 个已覆盖", row["tip"]).group(1)) for row in cells.data]
    assert sum(counts) == int(clusters["covered"].sum()), "every covered cluster is in a cell"


def test_focus_centres_the_view_on_the_chosen_point():
    deck = build_deck(*_frames(300), radius_m=1000.0, focus=(29.35, 106.3))
    view = json.loads(deck.to_json())["initialViewState"]
    assert (view["latitude"], view["longitude"], view["zoom"]) == (29.35, 106.3, FOCUS_ZOOM)


# --- the page ---------------------------------------------------------------------------


def _coverage_page(role: Role) -> AppTest:
    at = signed_in(role)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def _share(at: AppTest) -> float:
    return float(at.metric[0].value.rstrip("%"))


def test_a_supervisor_sees_the_map_offline_and_changing_the_radius_changes_coverage(
    console_env,
):
    at = _coverage_page(Role.SUPERVISOR)
    spec = _page_deck(at)
    assert not _hosts(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec.get("mapProvider") is None
    assert any(layer["id"] == "town_names" for layer in spec["layers"])
    assert at.dataframe, "uncovered clusters and suggestions are listed"
    assert any(b.key == "cv_save" for b in at.button)
    before = _share(at)

    at.number_input(key="cv_minutes").set_value(5).run()
    assert not at.exception
    smaller = _share(at)
    assert smaller < before

    at.number_input(key="cv_minutes").set_value(15).run()
    at.number_input(key="cv_detour").set_value(1.6).run()
    assert not at.exception
    assert _share(at) < before
    assert "750" in at.caption[0].value, "15 × 80 ÷ 1.6 = 750 m"


def test_the_minimum_posts_figure_says_whether_it_is_proven(console_env):
    at = _coverage_page(Role.SUPERVISOR)
    labels = [m.label for m in at.metric]
    assert "全覆盖至少需新增点位" in labels
    assert any("已证明最少" in c.value or "未证明最少" in c.value for c in at.caption)


def test_choosing_an_uncovered_cluster_centres_the_map_on_it(console_env):
    at = _coverage_page(Role.SUPERVISOR)
    with Database.connect(console_env).read() as session:
        first = coverage_report(session).uncovered.iloc[0]
    at.session_state["cv_uncovered"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    view = _page_deck(at)["initialViewState"]
    assert view["zoom"] == FOCUS_ZOOM
    assert (view["latitude"], view["longitude"]) == pytest.approx((first["lat"], first["lon"]))


def test_retirement_cost_lists_what_only_that_agent_covers(console_env):
    with Database.connect(console_env).read() as session:
        agents = coverage_report(session).agents
    sole = agents[agents["sole_clusters"] > 0].iloc[0]
    at = _coverage_page(Role.SUPERVISOR)
    at.selectbox(key="cv_retire").set_value(int(sole["id"])).run()
    assert not at.exception, at.exception
    assert any(f"{int(sole['sole_clusters'])} 个居民点" in w.value for w in at.warning)


def test_a_clerk_explores_but_cannot_save_the_setting(console_env):
    at = _coverage_page(Role.CLERK)
    assert not any(b.key == "cv_save" for b in at.button)
    at.number_input(key="cv_minutes").set_value(5).run()
    assert not at.exception
    with Database.connect(console_env).read() as session:
        assert settings.get(session, "coverage.minutes") == 15, "exploring saves nothing"


def test_a_supervisor_saves_the_walking_rule_as_the_office_setting(
    console_env, tmp_path, monkeypatch
):
    copy = tmp_path / "demo.db"
    shutil.copy(console_env.removeprefix("sqlite:///"), copy)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{copy}")
    st.cache_resource.clear()
    at = _coverage_page(Role.SUPERVISOR)
    at.number_input(key="cv_detour").set_value(1.4).run()
    at.button(key="cv_save").click().run()
    assert not at.exception, at.exception
    with Database.connect(f"sqlite:///{copy}").read() as session:
        assert settings.get(session, "coverage.detour") == pytest.approx(1.4)
        assert settings.get(session, "coverage.minutes") == 15


def test_a_liaison_cannot_open_the_coverage_map(console_env):
    assert not may_open(Role.UNIT_LIAISON, "coverage")
    at = signed_in(Role.UNIT_LIAISON)
    at.run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)  # not in the liaison's navigation
    direct = AppTest.from_file(PAGE, default_timeout=60)
    direct.session_state[USER_KEY] = UserView(
        USERNAME[Role.UNIT_LIAISON], "x", Role.UNIT_LIAISON, None, None
    )
    direct.run()
    assert [e.value for e in direct.error] == ["您的角色无权使用此页面。"]
    assert not direct.get("deck_gl_json_chart")
