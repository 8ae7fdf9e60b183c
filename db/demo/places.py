"""The region tree of the demo district: 九龙坡区 → towns → villages/communities → clusters.

Town and sub-district names and rough positions are the real ones of Jiulongpo district
(Chongqing); villages, communities and clusters are invented but named the way the
district names them. Urban sub-districts in the east get many densely packed housing
estates; rural towns in the west and south get villages with sparse villager groups.
"""

from __future__ import annotations

import math

from core.vocab import ClusterKind, TownKind, VillageKind
from db.demo.context import SeedContext
from db.demo.geo import inside, offset
from db.models import Cluster, District, Town, Village

DISTRICT_CODE = "500107"
DISTRICT_NAME = "九龙坡区"
MIN_CLUSTERS = 3000

# name, kind, lat, lon, communities, villages, radius of the town in metres
TOWNS: list[tuple[str, TownKind, float, float, int, int, int]] = [
    ("杨家坪街道", TownKind.SUBDISTRICT, 29.5035, 106.5110, 13, 0, 1700),
    ("谢家湾街道", TownKind.SUBDISTRICT, 29.5180, 106.5235, 12, 0, 1500),
    ("黄桷坪街道", TownKind.SUBDISTRICT, 29.4870, 106.5320, 10, 0, 1600),
    ("石坪桥街道", TownKind.SUBDISTRICT, 29.4935, 106.4960, 11, 0, 1600),
    ("石桥铺街道", TownKind.SUBDISTRICT, 29.5330, 106.4870, 12, 0, 1800),
    ("渝州路街道", TownKind.SUBDISTRICT, 29.5270, 106.5060, 11, 0, 1400),
    ("二郎街道", TownKind.SUBDISTRICT, 29.5170, 106.4560, 8, 0, 2200),
    ("中梁山街道", TownKind.SUBDISTRICT, 29.5400, 106.4200, 10, 0, 2400),
    ("九龙街道", TownKind.SUBDISTRICT, 29.4700, 106.5160, 10, 0, 1900),
    ("华岩镇", TownKind.TOWN, 29.4650, 106.4380, 4, 8, 4200),
    ("金凤镇", TownKind.TOWN, 29.4880, 106.3640, 2, 9, 4300),
    ("白市驿镇", TownKind.TOWN, 29.5200, 106.3350, 2, 10, 4500),
    ("走马镇", TownKind.TOWN, 29.4480, 106.2850, 1, 8, 4500),
    ("石板镇", TownKind.TOWN, 29.4180, 106.3700, 1, 9, 4300),
    ("巴福镇", TownKind.TOWN, 29.4620, 106.3260, 1, 7, 3500),
    ("含谷镇", TownKind.TOWN, 29.5250, 106.3950, 2, 7, 3800),
    ("陶家镇", TownKind.TOWN, 29.4120, 106.4400, 2, 8, 4200),
    ("西彭镇", TownKind.TOWN, 29.3500, 106.3100, 3, 10, 4500),
    ("铜罐驿镇", TownKind.TOWN, 29.3420, 106.4000, 2, 8, 4300),
]

#: The two stories of seed 002 need these places to exist under these names.
STORY_COMMUNITY = ("谢家湾街道", "鹤兴路社区")
STORY_ESTATE = "华宇春江花月"
STORY_VILLAGE = ("白市驿镇", "燕坪村")
STORY_GROUP_NUMBER = 4

COMMUNITY_ROOTS = (
    "正街 西郊路 直港大道 团结路 前进支路 兴胜路 民主村 鹤兴路 劳动三村 付家坪 华润 "
    "彩云湖 黄杨路 冶金村 铁路三村 电厂 新市场 四川美院 滨江 石新路 科园四路 高新 "
    "火炬大道 渝州新城 袁家岗 歇台子 二郎 科城路 华福 协兴 玉清寺 盘龙 蟠龙 杨渡 "
    "九龙园 彩云 朝阳 金鹤 桂花园 白马凼 双碑 友谊 红岩 南华 和平 新华 建设 幸福 锦绣 "
    "龙泉 高峰 凤鸣 大石堡 奥体 石杨路 龙腾大道 巴国城 森林港湾 天宝路 谢家湾正街 "
    "杨家坪正街 留真坡 马王坪 西城 晋愉 渝隆 金科 马家堡 油罐厂 动物园 九龙新城 兰美 "
    "华岩新城 华龙 同心 铜田 跳蹬 西站 彭城 团结 金凤 白鹤 新场 新店 陶家 龙凤 沙堡 "
    "走马 石板 巴福 含谷 西彭 铜罐驿 元明 先锋 永安 光明 繁荣 兴隆 长安 顺达 富民 "
    "育才 文化 滩子口 谢家湾 黄桷坪正街 石坪桥正街 石桥铺正街 渝州路 中梁山 白市驿正街 "
    "杨九路 九滨路 兴华 锦龙 石中 天灯 马道子 科苑 含金 陈庹路 袁茄 西湖 华邦 二塘 "
    "七星岗 柏树堡 川美 坦克库 黄家码头 茄子溪 白石堡 半边街 石小路 毛线沟 大公馆 石坪村 "
    "朝田 新桥 九龙坡 花园新村 龙井湾 民心佳园 金象 红狮 九建 冶建 艺术村 天福 金鹰"
).split()

VILLAGE_ROOTS = (
    "燕坪 白鹤 高田 石龙 大河 三块石 龙凤 金竹 桥湾 马鞍 团山 黄泥 宝峰 凤凰 长堰 真武 "
    "观音 双河 天池 金龙 柏林 河堰 老鹰 红光 青杠 新民 花园 廖家 水口 梁滩 太平 石坝 "
    "大湾 坪山 滴水 塘坊 高石 清水 木鱼 黄桷 高庙 四合 复兴 永兴 鹿角 桃花 槐花 竹林 "
    "青龙 白果 斑竹 麻柳 岚峰 大土 堡坎 谭家 石林 新桥 金山 白林 河水 凉水 碑口 天山 "
    "玉屏 东岳 桂花 海龙 大坪 铁马 双堰 丰乐 建新 联合 民主 和平 先锋 光辉 前进 五一 "
    "红星 东风 六店 九峰 长岭 黄葛 寨山 石梯 大屋 中坝 冷水 杨柳 沙坝 板桥 坪上 土桥 "
    "响水 月亮 陈家 王家 刘家 张家 李家 周家 罗家 曾家 唐家 何家 万家 邓家 谢家"
).split()

ESTATE_PREFIXES = (
    "华宇 龙湖 金科 融创 协信 万科 保利 鲁能 中海 隆鑫 东原 富力 招商 旭辉 蓝光 中冶 渝高 "
    "九龙 奥园 阳光 天骄 锦绣 和泓 海成 康田 华润 巴国 西城 彩云 天宝 石杨 兰美 滨江 "
    "森林 渝州 龙腾 凤鸣 华岩 金凤 西彭 白鹤 祥瑞 嘉陵 长江 山水 翠湖 文华 阳光 西郊"
).split()
ESTATE_SUFFIXES = (
    "花园 城 名都 公馆 华府 新村 佳园 雅苑 春天 国际 一品 御府 江湾 锦城 家园 尚城 水岸 "
    "丽景 半岛 湾 天地 星城 山庄 明珠 苑 绿洲 新城 馨园 时代 首府 阳光城 左岸 花园城"
).split()
OLD_COMPOUNDS = (
    "建设厂宿舍 发电厂宿舍 钢花新村 劳动村小区 冶金三村 铁路新村 机床厂宿舍 空压厂宿舍 "
    "棉纺厂宿舍 轴承厂宿舍 邮电宿舍 教师村 供电局宿舍 粮站宿舍 水厂宿舍 工人村"
).split()


def build_places(ctx: SeedContext) -> None:
    rng = ctx.rng("places")
    ctx.add(District, {"id": 1, "code": DISTRICT_CODE, "name": DISTRICT_NAME})
    community_roots = _shuffled(rng, COMMUNITY_ROOTS)
    village_roots = _shuffled(rng, VILLAGE_ROOTS)
    used_estates: set[str] = {STORY_ESTATE}
    towns, villages, clusters = [], [], []
    sub_no, town_no = 0, 100
    for name, kind, lat, lon, n_comm, n_vill, radius in TOWNS:
        if kind is TownKind.SUBDISTRICT:
            sub_no += 1
            number = sub_no
        else:
            town_no += 1
            number = town_no
        town = ctx.add(
            Town,
            {
                "id": len(towns) + 1,
                "district_id": 1,
                "code": f"{DISTRICT_CODE}{number:03d}",
                "name": name,
                "kind": kind,
                "lat": round(lat, 6),
                "lon": round(lon, 6),
            },
        )
        towns.append(town)
        centres = _village_centres(rng, lat, lon, radius, kind, n_comm, n_vill)
        names = _village_names(name, kind, n_comm, n_vill, community_roots, village_roots)
        for i, ((vlat, vlon), vname) in enumerate(zip(centres, names)):
            vkind = VillageKind.COMMUNITY if i < n_comm else VillageKind.VILLAGE
            vnumber = i + 1 if vkind is VillageKind.COMMUNITY else 200 + i - n_comm + 1
            village = ctx.add(
                Village,
                {
                    "id": len(villages) + 1,
                    "town_id": town["id"],
                    "code": f"{town['code']}{vnumber:03d}",
                    "name": vname,
                    "kind": vkind,
                    "lat": round(vlat, 6),
                    "lon": round(vlon, 6),
                },
            )
            villages.append(village)
            clusters.extend(_clusters_of(ctx, rng, town, village, used_estates, len(clusters)))
    while len(clusters) < MIN_CLUSTERS:  # top up dense communities (rarely needed)
        village = rng.choice([v for v in villages if v["kind"] is VillageKind.COMMUNITY])
        town = towns[village["town_id"] - 1]
        clusters.append(_estate(ctx, rng, town, village, used_estates, len(clusters), extra=True))
    ctx.facts.update(towns=towns, villages=villages, clusters=clusters)


def _shuffled(rng, items):
    story = {STORY_COMMUNITY[1].removesuffix("社区"), STORY_VILLAGE[1].removesuffix("村")}
    items = [i for i in dict.fromkeys(items) if i not in story]
    rng.shuffle(items)
    return items


def _village_centres(rng, lat, lon, radius, kind, n_comm, n_vill):
    """Communities close to the town centre, villages spread over the town, kept apart."""
    points: list[tuple[float, float]] = []
    for i in range(n_comm + n_vill):
        is_comm = i < n_comm
        reach = radius if kind is TownKind.SUBDISTRICT else (1100 if is_comm else radius)
        gap = (550 if kind is TownKind.SUBDISTRICT else 450) if is_comm else 1700
        for attempt in range(400):
            r = reach * math.sqrt(rng.random())
            a = rng.uniform(0, 2 * math.pi)
            p = offset(lat, lon, r * math.cos(a), r * math.sin(a))
            g = gap * (0.7 if attempt > 200 else 1.0)
            if inside(*p) and all(_dist(p, q) > g for q in points):
                break
        points.append(p)
    return points


def _dist(p, q) -> float:
    dy = (p[0] - q[0]) * 111_195
    dx = (p[1] - q[1]) * 111_195 * math.cos(math.radians(p[0]))
    return math.hypot(dx, dy)


def _village_names(town_name, kind, n_comm, n_vill, community_roots, village_roots):
    names = []
    story = {STORY_COMMUNITY[0]: STORY_COMMUNITY[1], STORY_VILLAGE[0]: STORY_VILLAGE[1]}
    wanted = story.get(town_name)
    if wanted and wanted.endswith("社区"):
        names.append(wanted)
    while len(names) < n_comm:
        names.append(community_roots.pop() + "社区")
    if wanted and wanted.endswith("村"):
        names.append(wanted)
    while len(names) < n_comm + n_vill:
        names.append(village_roots.pop() + "村")
    return names


def _clusters_of(ctx, rng, town, village, used_estates, start):
    rows = []
    if village["kind"] is VillageKind.COMMUNITY:
        urban = town["kind"] is TownKind.SUBDISTRICT
        count = rng.randint(16, 26) if urban else rng.randint(8, 14)
        first = (town["name"], village["name"]) == STORY_COMMUNITY
        for i in range(count):
            name = STORY_ESTATE if first and i == 0 else None
            index = start + len(rows)
            rows.append(_estate(ctx, rng, town, village, used_estates, index, name=name))
    else:
        for group in range(1, rng.randint(8, 13) + 1):
            r = 2300 * math.sqrt(rng.random())
            a = rng.uniform(0, 2 * math.pi)
            lat, lon = _placed(rng, village, r, a)
            population = int(rng.triangular(80, 600, 260))
            rows.append(
                ctx.add(
                    Cluster,
                    {
                        "id": start + len(rows) + 1,
                        "village_id": village["id"],
                        "code": f"{village['code']}{group:03d}",
                        "name": f"{village['name']}第{group}村民小组",
                        "kind": ClusterKind.VILLAGER_GROUP,
                        "lat": lat,
                        "lon": lon,
                        "households": max(20, round(population / rng.uniform(2.8, 3.6))),
                        "population": population,
                    },
                )
            )
    return rows


def _estate(ctx, rng, town, village, used, index, *, name=None, extra=False):
    sigma = 380 if town["kind"] is TownKind.SUBDISTRICT else 300
    r = min(abs(rng.gauss(0, sigma)), 950)
    lat, lon = _placed(rng, village, r, rng.uniform(0, 2 * math.pi))
    name = name or _estate_name(rng, used)
    # Skewed like a real district: many mid-sized estates, a few very large ones.
    population = int(min(3000, max(300, rng.lognormvariate(math.log(620), 0.55))))
    counts = ctx.facts.setdefault("estates_per_village", {})
    number = counts[village["id"]] = counts.get(village["id"], 0) + 1
    return ctx.add(
        Cluster,
        {
            "id": index + 1,
            "village_id": village["id"],
            "code": f"{village['code']}{number:03d}",
            "name": name,
            "kind": ClusterKind.HOUSING_ESTATE,
            "lat": lat,
            "lon": lon,
            "households": max(100, round(population / rng.uniform(2.4, 3.1))),
            "population": population,
        },
    )


def _placed(rng, village, r, a):
    for _ in range(50):
        lat, lon = offset(village["lat"], village["lon"], r * math.cos(a), r * math.sin(a))
        if inside(lat, lon):
            return round(lat, 6), round(lon, 6)
        r, a = r * 0.7, rng.uniform(0, 2 * math.pi)
    return village["lat"], village["lon"]


def _estate_name(rng, used: set[str]) -> str:
    for _ in range(100):
        if rng.random() < 0.12:
            name = rng.choice(OLD_COMPOUNDS)
        else:
            name = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES)
        if name in used and rng.random() < 0.5:
            name += rng.choice(["二期", "三期", "北区", "南区", "东苑", "西苑"])
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(ESTATE_PREFIXES)}{len(used)}号院"
    used.add(name)
    return name
