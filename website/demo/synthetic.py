"""Synthetic Chinese articles for benchmarks: plausible, varied and deterministic by number."""

import datetime
import random

PLACES = ["花石小区", "榕溪苑", "石鼓新村", "杏林雅居", "社区党群服务中心", "邻里中心", "社区卫生服务站", "长者食堂"]
BUILDINGS = [f"{n}号楼" for n in range(1, 19)]
TOPICS = [
    ("加装电梯", "电梯", "加装电梯"),
    ("停车位划线", "停车", "停车"),
    ("电动车集中充电", "充电", "电动车充电"),
    ("垃圾分类督导", "分类", "垃圾分类"),
    ("老年食堂助餐", "助餐", "老年食堂"),
    ("四点半课堂", "课堂", "四点半课堂"),
    ("消防通道清理", "消防", "消防安全"),
    ("健康义诊", "义诊", "义诊"),
    ("楼道照明维修", "照明", "志愿服务"),
    ("雨污管网改造", "管网", "议事日"),
    ("口袋公园改造", "公园", "文明实践"),
    ("防诈骗宣传", "反诈", "志愿服务"),
]
ACTIONS = ["启动", "完成", "推进", "开展", "召开协商会", "征求意见", "公示结果", "回头看"]
SENTENCES = [
    "{place}{building}的居民反映{topic}问题已有一段时间，社区网格员逐户上门听取意见。",
    "在{date}召开的议事日上，居民代表、物业和共建单位围绕{topic}充分讨论，形成了初步方案。",
    "社区党委牵头，协调街道和责任单位，明确了{topic}的时间表和责任人。",
    "不少老人表示，{topic}解决了出门难、办事难的烦心事，希望类似做法能长期坚持。",
    "志愿者们利用周末时间，在{place}设点宣传，解答居民关于{topic}的疑问。",
    "下一步，社区将把{topic}的办理进度在公示栏和网上同步公开，接受居民监督。",
    "有意见建议的居民，可拨打社区服务电话或12345热线反映，也可在议事日当天到现场参与。",
    "据统计，本次共收集意见建议{count}条，其中{part}条已纳入下月议事日议题。",
]


def synthetic_article(number, categories):
    """A dict shaped like an entry of articles.json for synthetic article `number`."""
    rng = random.Random(number)
    topic, short, tag = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    date = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1400))
    values = {
        "place": place,
        "building": rng.choice(BUILDINGS),
        "topic": topic,
        "date": f"{date.year}年{date.month}月{date.day}日",
        "count": rng.randint(12, 80),
        "part": rng.randint(2, 9),
    }
    paragraphs = [s.format(**values) for s in rng.sample(SENTENCES, 5)]
    return {
        "slug": f"synthetic-{number:05d}",
        "title": f"{place}{topic}{rng.choice(ACTIONS)}（第{number}期）",
        "date": date.isoformat(),
        "category": rng.choice(categories),
        "tags": [tag, short] if short != tag else [tag],
        "author": "社区办公室",
        "source": "花石社区居委会",
        "intro": paragraphs[0],
        "body": [{"type": "paragraph", "text": p} for p in paragraphs],
    }
