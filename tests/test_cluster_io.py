"""Importing residential clusters: coordinates converted to WGS-84, all rows or none."""

import io

import pandas as pd
import pytest
from sqlalchemy import func, select

from core.coverage.cluster_import import import_clusters
from core.coverage.geo import haversine_m, wgs84_to_gcj02
from core.policy import system_user
from db.models import Cluster
from tests.factories import make_place

ESTATE = (29.5012, 106.5034)  # WGS-84
ADMIN = system_user("admin1")


def _xlsx(rows) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


def _row(**changes):
    gcj = wgs84_to_gcj02(*ESTATE)
    row = {
        "镇（街道）": "谢家湾街道",
        "村（社区）": "正街社区",
        "居民点编码": "C-001",
        "名称": "华宇春江花月",
        "类型": "小区",
        "纬度": float(gcj[0]),
        "经度": float(gcj[1]),
        "坐标系": "GCJ-02",
        "户数": 820,
        "人口": 2300,
    }
    row.update(changes)
    return row


@pytest.fixture
def place(database):
    with database.write() as s:
        make_place(s)


def test_gcj02_rows_are_stored_in_wgs84(database, place):
    with database.write() as s:
        result = import_clusters(s, _xlsx([_row()]), "clusters.xlsx", actor=ADMIN)
    assert result.written and result.created == 1
    with database.read() as s:
        cluster = s.scalar(select(Cluster).where(Cluster.code == "C-001"))
    assert float(haversine_m(cluster.lat, cluster.lon, *ESTATE)) < 1.0


def test_one_bad_row_writes_nothing_and_names_each_problem(database, place):
    rows = [
        _row(),
        _row(**{"居民点编码": "C-002", "人口": -5, "坐标系": "火星"}),
        _row(**{"居民点编码": "C-003", "村（社区）": "不存在社区"}),
    ]
    with database.write() as s:
        result = import_clusters(s, _xlsx(rows), "clusters.xlsx", actor=ADMIN)
    assert not result.written
    found = {(e.row, e.field) for e in result.errors}
    assert {(3, "population"), (3, "coordinate_system"), (4, "village")} <= found
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Cluster)) == 0


def test_reimport_updates_by_code_without_duplicates(database, place):
    with database.write() as s:
        import_clusters(s, _xlsx([_row()]), "clusters.xlsx", actor=ADMIN)
    with database.write() as s:
        again = import_clusters(s, _xlsx([_row(**{"人口": 2400})]), "clusters.xlsx", actor=ADMIN)
    assert (again.created, again.updated) == (0, 1)
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Cluster)) == 1
        assert s.scalar(select(Cluster.population)) == 2400


def test_blank_cells_from_excel_are_blank_not_none(database, place):
    """A blank 坐标系 is WGS-84, a blank 户数 is 0; a blank 名称 is refused, never "None"."""
    rows = [
        _row(**{"坐标系": None, "户数": None, "纬度": ESTATE[0], "经度": ESTATE[1]}),
        _row(**{"居民点编码": "C-002", "名称": None}),
    ]
    with database.write() as s:
        result = import_clusters(s, _xlsx(rows), "clusters.xlsx", actor=ADMIN)
    assert [(e.row, e.field, e.key) for e in result.errors] == [(3, "name", "error.required")]
    with database.write() as s:
        result = import_clusters(s, _xlsx(rows[:1]), "clusters.xlsx", actor=ADMIN)
    assert result.created == 1 and not result.errors
    with database.read() as s:
        assert s.scalar(select(Cluster.households)) == 0
