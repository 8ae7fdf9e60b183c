"""Import residential clusters (居民聚集点) from Excel or CSV, converting coordinates to WGS-84.

Cluster lists usually come out of a Chinese map service, whose coordinates are GCJ-02
(Amap, Tencent) or BD-09 (Baidu): 0.5–1.4 km off WGS-84, as much as the walking radius.
Every row therefore says which system it is in (坐标系, blank = WGS-84), and is converted
before it is stored. Every row is checked first; nothing is written unless all are valid,
and then all in one transaction. Re-importing updates by cluster code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from core.agents.checks import district_bounds
from core.agents.files import ImportResult, RowError, write_rows
from core.coverage.geo import CoordinateSystem, to_wgs84
from core.policy import require
from core.spreadsheets import is_blank_row, read_table
from core.users import UserView
from core.validation import check_coordinates, check_int_range, check_text, is_blank
from core.vocab import ClusterKind
from db.models import Cluster, Town, Village

HEADERS = {
    "镇(街道)": "town",
    "村(社区)": "village",
    "居民点编码": "code",
    "名称": "name",
    "类型": "kind",
    "纬度": "lat",
    "经度": "lon",
    "坐标系": "coordinate_system",
    "户数": "households",
    "人口": "population",
}
REQUIRED = ("town", "village", "code", "name", "kind", "lat", "lon", "population")
KINDS = {"小区": ClusterKind.HOUSING_ESTATE, "村民小组": ClusterKind.VILLAGER_GROUP}
SYSTEMS = {
    "": CoordinateSystem.WGS84,
    "wgs84": CoordinateSystem.WGS84,
    "gcj02": CoordinateSystem.GCJ02,
    "bd09": CoordinateSystem.BD09,
}
_FIELDS = ("village_id", "name", "kind", "lat", "lon", "households", "population")
#: Column lengths (`db.models.Cluster`); town and village names are looked up (64 as well).
TEXT_LIMITS = {"code": 24, "name": 64, "town": 64, "village": 64}
CELL_LIMIT = 64
#: A residential cluster is a housing estate or a villager group: far below this.
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class _ClusterRow:
    code: str
    village_id: int
    name: str
    kind: ClusterKind
    lat: float
    lon: float
    households: int
    population: int


def import_clusters(
    session: Session, data: bytes, filename: str, dry_run: bool = False, *, actor: UserView
) -> ImportResult:
    """Check every row, then (unless a dry run or any row is bad) write them all.
    Administrators only (`core.policy`)."""
    require(actor, "coverage.import_clusters")
    table = read_table(data, filename)
    header = [HEADERS.get(_plain(h)) for h in (table[0] if table else ())]
    result = ImportResult(dry_run=dry_run)
    missing = [h for h, f in HEADERS.items() if f in REQUIRED and f not in header]
    if missing:
        result.errors.extend(
            RowError(1, h, "file", "error.import_missing_column", {"column": h}) for h in missing
        )
        return result
    villages = {
        (town, village): vid
        for vid, village, town in session.execute(
            select(Village.id, Village.name, Town.name).join(Town, Town.id == Village.town_id)
        )
    }
    bounds = district_bounds(session)
    rows, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        if is_blank_row(cells):
            continue
        values = {f: v for f, v in zip(header, cells, strict=False) if f}
        row = _check(number, values, villages, bounds, seen, result.errors)
        if row is not None:
            rows.append(row)
    if not rows and not result.errors:
        result.errors.append(RowError(1, "", "file", "error.cluster_import_empty", {}))
    if result.errors:
        return result
    existing = {
        c.code: c
        for c in session.scalars(select(Cluster).where(Cluster.code.in_([r.code for r in rows])))
    }
    new, changed = [], []
    for row in rows:
        cluster = existing.get(row.code)
        if cluster is None:
            new.append(row)
        elif any(getattr(cluster, f) != getattr(row, f) for f in _FIELDS):
            changed.append(row)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)

    def apply() -> None:
        table = Cluster.__table__
        if new:
            session.execute(
                insert(table),
                [{"code": r.code, **{f: getattr(r, f) for f in _FIELDS}} for r in new],
            )
        if changed:
            session.execute(
                update(table)
                .where(table.c.code == bindparam("_code"))
                .values(**{f: bindparam(f) for f in _FIELDS}),
                [{"_code": r.code, **{f: getattr(r, f) for f in _FIELDS}} for r in changed],
            )

    # The dry run writes in a savepoint it rolls back: the same verdict as the real import.
    write_rows(session, apply, keep=not dry_run)
    if not dry_run:
        session.expire_all()  # loaded clusters see the bulk update
    return result


def _plain(header) -> str:
    return str(header or "").strip().replace("（", "(").replace("）", ")")


def _check(number, values, villages, bounds, seen, errors) -> _ClusterRow | None:
    problems: list[tuple[str, str, dict]] = []
    for name, text in values.items():
        key = check_text(text, TEXT_LIMITS.get(name, CELL_LIMIT))
        if key:
            problems.append((name, key, {"limit": TEXT_LIMITS.get(name, CELL_LIMIT)}))
    if problems:  # nothing else is read from a row with control characters or overlong text
        reverse = {f: h for h, f in HEADERS.items()}
        errors.extend(RowError(number, reverse[f], f, k, p) for f, k, p in problems)
        return None
    for name in REQUIRED:
        if is_blank(values.get(name)):
            problems.append((name, "error.required", {}))
    village_id = villages.get((values.get("town", ""), values.get("village", "")))
    if values.get("village") and village_id is None:
        problems.append(("village", "error.village_unknown", {}))
    kind = KINDS.get(values.get("kind", ""))
    if values.get("kind") and kind is None:
        problems.append(("kind", "error.choice_invalid", {"value": values["kind"]}))
    system = SYSTEMS.get(values.get("coordinate_system", "").lower().replace("-", ""))
    if system is None:
        problems.append(
            ("coordinate_system", "error.choice_invalid", {"value": values["coordinate_system"]})
        )
    numbers = {}
    for name in ("lat", "lon", "households", "population"):
        text = values.get(name, "")
        try:
            value = float(text) if text else 0.0
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            numbers[name] = value
        elif name in ("lat", "lon"):
            problems.append((name, "error.number_format", {"value": text}))
    for name in ("households", "population"):
        text = values.get(name, "")
        key = check_int_range(numbers.get(name, math.nan), 0, MAX_COUNT)
        if key:
            problems.append((name, key, {"value": text, "low": 0, "high": f"{MAX_COUNT:,}"}))
    code = values.get("code", "")
    if code and code in seen:
        problems.append(("code", "error.duplicate_in_file", {"row": seen[code]}))
    seen.setdefault(code, number)
    lat = lon = None
    if system is not None and "lat" in numbers and "lon" in numbers and values.get("lat"):
        if not (-90 <= numbers["lat"] <= 90 and -180 <= numbers["lon"] <= 180):
            problems.append(("lat", "error.coordinates_invalid", {}))
            numbers.pop("lat")
    if system is not None and "lat" in numbers and "lon" in numbers and values.get("lat"):
        lat, lon = (float(v) for v in to_wgs84(numbers["lat"], numbers["lon"], system))
        key = check_coordinates(lat, lon, bounds)
        if key:
            problems.append(("lat", key, {}))
    if problems:
        reverse = {f: h for h, f in HEADERS.items()}
        errors.extend(RowError(number, reverse[f], f, k, p) for f, k, p in problems)
        return None
    return _ClusterRow(
        code,
        village_id,
        values["name"],
        kind,
        round(lat, 7),
        round(lon, 7),
        int(numbers["households"]),
        int(numbers["population"]),
    )
