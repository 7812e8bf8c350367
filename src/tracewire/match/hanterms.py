"""Chinese organisation names as lists print them in English.

Lists print most Chinese companies in translation: 北京希超国际科技贸易有限公司 is
*Beijing Xichao International Science and Technology Trade Co., Ltd*. The business
words are translated, the place names are the pinyin of the place, and the distinctive
part (the firm's own name, 希超) is pinyin. :func:`han_words` splits a Han name that way:
the longest known word first (a place or a business term), the rest read as pinyin,
each unknown run of characters written as one word (*xichao*).

:data:`PINYIN_TERMS` turns the same business words typed in pinyin (*guoji*, *keji*,
*maoyi*) into their English, so a pinyin query meets the English name too.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

#: business words (simplified characters) → the English words lists print
TERMS: dict[str, str] = {
    "国际": "international", "科技": "technology", "技术": "technology",
    "科贸": "technology trading", "贸易": "trading", "商贸": "trading", "经贸": "trading",
    "工贸": "industrial trading", "外贸": "foreign trading", "电子": "electronics",
    "微电子": "microelectronics", "光电": "optoelectronics", "实业": "industrial",
    "工业": "industrial", "产业": "industrial", "航空": "aviation", "航天": "aerospace",
    "航空航天": "aerospace", "进出口": "import export", "集团": "group", "控股": "holdings",
    "投资": "investment", "发展": "development", "工程": "engineering",
    "设备": "equipment", "装备": "equipment", "机械": "machinery", "机电": "electromechanical",
    "化工": "chemical", "能源": "energy", "物流": "logistics", "航运": "shipping",
    "海运": "shipping", "船舶": "shipbuilding", "石油": "petroleum", "石化": "petrochemical",
    "半导体": "semiconductor", "通信": "communication", "通讯": "communication",
    "信息": "information", "网络": "network", "软件": "software", "仪器": "instrument",
    "仪表": "instrument", "研究所": "research institute", "研究院": "research institute",
    "研究": "research", "大学": "university", "学院": "institute", "分公司": "branch",
    "国防": "defense", "兵器": "ordnance", "精密": "precision", "材料": "materials",
    "制造": "manufacturing", "电气": "electric", "电力": "power", "电器": "electric",
    "自动化": "automation", "智能": "intelligent", "系统": "systems", "服务": "services",
    "咨询": "consulting", "管理": "management", "供应链": "supply chain", "中心": "center",
    "开发": "development", "应用": "application", "特种": "special", "高新": "high tech",
    "控制": "control", "动力": "power", "新材料": "new materials", "光学": "optics",
    "医药": "pharmaceutical", "生物": "biological", "汽车": "automotive",
    "金属": "metal", "钢铁": "steel", "矿业": "mining", "建设": "construction",
    "建筑": "construction", "运输": "transport", "货运": "freight", "代理": "agency",
    "商务": "business", "企业": "enterprise", "电子科技": "electronic technology",
    "五金": "hardware", "发动机": "engine", "矢量": "vector", "机床": "machine tool", "雷达": "radar", "无人机": "uav",
    "数据": "data", "芯片": "chip", "集成电路": "integrated circuit", "中国": "china",
    "中华": "china", "香港": "hong kong", "澳门": "macau", "台湾": "taiwan",
    "内蒙古": "inner mongolia", "西藏": "tibet", "有限": "limited", "股份": "joint stock",
}  # fmt: skip
#: places whose pinyin is the English name: a word of their own in the split
_PLACES = """北京 上海 天津 重庆 深圳 广州 厦门 杭州 南京 武汉 成都 西安 沈阳 大连 青岛 苏州 无锡
    宁波 福州 长沙 郑州 济南 合肥 南昌 昆明 贵阳 南宁 海口 石家庄 太原 哈尔滨 长春 兰州
    乌鲁木齐 珠海 东莞 佛山 中山 汕头 温州 常州 绵阳 烟台 泉州 惠州 江门 湛江 广东 广西
    福建 浙江 江苏 山东 河北 河南 湖北 湖南 四川 陕西 山西 辽宁 吉林 黑龙江 安徽 江西 云南
    贵州 甘肃 青海 海南 新疆 宁夏 朝阳 海淀 浦东 南山 福田 龙岗 宝安 滨海"""
PLACES = frozenset(_PLACES.split())
_LONGEST = max(len(w) for w in (*TERMS, *PLACES))

#: the same business words typed in pinyin (two syllables or more: unambiguous)
PINYIN_TERMS: dict[str, str] = {
    "".join(lazy_pinyin(han)): english
    for han, english in TERMS.items()
    if len(han) >= 2 and han not in ("中国", "中华", "香港", "澳门", "台湾", "有限", "股份")
}


def han_words(text: str) -> str:
    """A run of Han characters (simplified) as Latin words: business terms in English,
    places and the rest in pinyin, each unknown run as one word."""
    out: list[str] = []
    rest: list[str] = []

    def flush() -> None:
        if rest:
            out.append("".join(lazy_pinyin("".join(rest))))
            rest.clear()

    i = 0
    while i < len(text):
        for size in range(min(_LONGEST, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in TERMS or word in PLACES:
                flush()
                out.append(TERMS.get(word) or "".join(lazy_pinyin(word)))
                i += size
                break
        else:
            rest.append(text[i])
            i += 1
    flush()
    return " ".join(out)
