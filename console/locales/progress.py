"""Stages of long work shown on progress bars (the sidebar, the first start) and the CLI's
progress line: seeding the demo district and rebuilding the clocks."""

from console.locales import split

_PAIRS = {
    "seed.places": ("正在生成镇街、村社区和居民聚集点…", "Places: towns, villages, clusters…"),
    "seed.units": ("正在生成承办单位…", "Handling units…"),
    "seed.agents": ("正在生成代理员…", "Agents…"),
    "seed.items": ("正在生成信访人和信访事项…", "Petitioners and items…"),
    "seed.events": ("正在生成办理轨迹…", "Timelines…"),
    "seed.reset": ("正在清空原演示数据…", "Clearing the old demo district…"),
    "seed.rows": ("正在写入数据库…", "Writing to the database…"),
    "seed.users": ("正在创建演示账号…", "Demo accounts…"),
    "seed.ready": ("演示辖区已生成", "Demo district ready"),
    "seed.done": ("完成", "Done"),
    "clocks.loaded": ("正在读取事项和期限规则…", "Reading matters and rules…"),
    "clocks.computed": ("正在计算各项期限…", "Computing deadlines…"),
    "clocks.written": ("正在保存期限…", "Saving deadlines…"),
    "clocks.done": ("期限计算完成", "Deadlines computed"),
}

ZH, EN = split(_PAIRS)
