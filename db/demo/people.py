"""Synthetic personal data that looks real: names, mobile numbers, resident IDs, addresses.

Nobody here is a real person: names come from a seeded Faker("zh_CN"), phone numbers and
ID numbers from the seeded generator, checked for uniqueness and (IDs) the GB 11643 checksum.
"""

from __future__ import annotations

import datetime as dt
import random

from faker import Faker
from stdnum.cn import ric

from core.vocab import ClusterKind, Gender
from db.demo.places import DISTRICT_CODE

CITY_PREFIX = "重庆市九龙坡区"

#: Mainland mobile prefixes in use by the three carriers.
MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()

EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com")


#: Given names by gender (Faker's zh_CN given names are not split by gender).
MALE_GIVEN = (
    "建华 建国 国强 志强 伟 强 军 勇 磊 涛 斌 明 亮 刚 平 辉 鹏 杰 波 超 林 德明 德华 永福 "
    "长生 文 宇 浩 俊 峰 洪 红兵 光明 学军 庆 元 荣 成 海 兵 新 杨 中华 家明 天佑 晨 子豪 "
    "宏 振华 树林 福生 德才 世军 玉林 光荣 正 鑫 凯 旭 一鸣 思远 俊杰 浩然 明轩"
).split()
FEMALE_GIVEN = (
    "秀英 桂英 秀兰 玉兰 桂兰 淑华 淑珍 丽 敏 静 燕 艳 娟 霞 芳 红 琴 玲 婷 雪 慧 桂芬 "
    "春梅 冬梅 海燕 小红 丽华 素芬 玉珍 凤英 晓燕 丽娟 小琴 佳 欣 雨涵 诗琪 梦瑶 颖 莉 "
    "萍 华 群 英 蓉 倩 洁 秀芳 德珍 翠华 明霞 永红 雪梅 金凤 兰英 思雨 可欣"
).split()


class People:
    """Draws unique phones and IDs for one run; remembers what it handed out."""

    def __init__(self, rng: random.Random, fake: Faker) -> None:
        self.rng = rng
        self.fake = fake
        self._phones: set[str] = set()
        self._ids: set[str] = set()

    def name(self, gender: Gender) -> str:
        given = MALE_GIVEN if gender is Gender.MALE else FEMALE_GIVEN
        return self.fake.last_name() + self.rng.choice(given)

    def phone(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def email(self) -> str:
        if self.rng.random() < 0.45:
            local = str(self.rng.randint(10_000_000, 3_999_999_999))  # QQ-number style
            return f"{local}@qq.com"
        local = self.fake.user_name()
        return f"{local}{self.rng.randint(1, 999)}@{self.rng.choice(EMAIL_DOMAINS[1:])}"

    def resident_id(self, birth: dt.date, gender: Gender, *, rural: bool = False) -> str:
        """An 18-digit resident ID (GB 11643) of the district, unique within the run.

        The region code is the one in force where the person lived when the number was
        first issued, as on real cards and as `stdnum.cn.ric` checks it against the birth
        year: 500107 since Chongqing became a municipality (1997), 510213 (九龙坡区 of
        Sichuan's Chongqing city) for 1983-1996, before that 510220 (市区) or, for the
        rural towns, 510222 (巴县).
        """
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender is Gender.MALE else 0)
            body = f"{region_code(birth.year, rural)}{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self._ids:
                self._ids.add(number)
                return number

    def birth_date(self, today: dt.date, min_age: int, max_age: int) -> dt.date:
        age_days = self.rng.randint(min_age * 365 + 30, max_age * 365 + 300)
        return today - dt.timedelta(days=age_days)


def region_code(birth_year: int, rural: bool) -> str:
    if birth_year >= 1997:
        return DISTRICT_CODE
    if birth_year >= 1983:
        return "510213"
    return "510222" if rural else "510220"


def address(rng: random.Random, town: dict, village: dict, cluster: dict | None) -> str:
    """A postal address inside a cluster: flat in an estate, house number in a villager group."""
    head = f"{CITY_PREFIX}{town['name']}{village['name']}"
    if cluster is None:
        return f"{head}{rng.randint(1, 200)}号"
    if cluster["kind"] is ClusterKind.HOUSING_ESTATE:
        floor = rng.randint(1, 32)
        return (
            f"{CITY_PREFIX}{town['name']}{cluster['name']}{rng.randint(1, 24)}栋"
            f"{rng.randint(1, 4)}单元{floor}-{rng.randint(1, 8)}"
        )
    group = cluster["name"].removeprefix(village["name"])
    return f"{head}{group}{rng.randint(1, 120)}号"
