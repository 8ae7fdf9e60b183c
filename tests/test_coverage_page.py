"""The coverage map page (AppTest) and its deck builder (offline, aggregated when large)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from console.views.coverage.deck import AGGREGATE_ABOVE, build_deck
from core.vocab import Role
from tests.test_app import signed_in

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "coverage.py")
EXTERNAL = ("http", "carto", "mapbox", "googleapis", "openstreetmap", "amap", "tianditu")


def _frames(n_clusters: int, covered_share: float = 0.9):
    rng = np.random.default_rng(7)
    clusters = pd.DataFrame({
        "lat": 29.3 + 0.25 * rng.random(n_clusters),
        "lon": 106.2 + 0.35 * rng.random(n_clusters),
        "covered": rng.random(n_clusters) < covered_share,
        "name": [f"c{i}" for i in range(n_clusters)],
        "population": rng.integers(50, 3000, n_clusters),
        "town_id": rng.integers(1, 4, n_clusters),
    })
    clusters["town"] = clusters["town_id"].map({1: "谢家湾街道", 2: "华岩镇", 3: "西彭镇"})
    agents = pd.DataFrame({"lat": [29.4], "lon": [106.4], "status": ["active"],
                           "name": ["甲"], "code": ["JLP-0001"]})
    suggestions = pd.DataFrame({"lat": [29.35], "lon": [106.3], "name": ["s"]})
    hotspots = pd.DataFrame({"lat": [29.41], "lon": [106.41], "matters": [4], "village": ["v"]})
    return clusters, agents, suggestions, hotspots


def test_the_map_names_no_external_host():
    deck = build_deck(*_frames(500), radius_m=1000.0)
    text = deck.to_json().lower()
    assert not [host for host in EXTERNAL if host in text]
    assert json.loads(deck.to_json()).get("mapProvider") is None


def test_large_districts_draw_covered_clusters_aggregated():
    small = build_deck(*_frames(1_000), radius_m=1000.0)
    large = build_deck(*_frames(AGGREGATE_ABOVE + 5_000), radius_m=1000.0)
    assert "covered" in [layer.id for layer in small.layers]
    ids = [layer.id for layer in large.layers]
    assert "covered_cells" in ids and "covered" not in ids
    cells = next(layer for layer in large.layers if layer.id == "covered_cells")
    uncovered = next(layer for layer in large.layers if layer.id == "uncovered")
    assert len(cells.data) < AGGREGATE_ABOVE / 4, "covered clusters are binned"
    assert len(uncovered.data) > 1_000, "uncovered clusters stay individual"


def test_a_supervisor_changes_the_radius_and_sees_the_coverage_change(console_env):
    at = signed_in(Role.SUPERVISOR)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    before = at.metric[0].value
    at.number_input(key="cv_minutes").set_value(5).run()
    assert not at.exception
    after = at.metric[0].value
    assert float(after.rstrip("%")) < float(before.rstrip("%"))
    assert any(b.key == "cv_save" for b in at.button)


def test_a_clerk_explores_but_cannot_save_the_setting(console_env):
    at = signed_in(Role.CLERK)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert not any(b.key == "cv_save" for b in at.button)
