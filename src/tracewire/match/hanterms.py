"""Chinese names in Han characters as lists print them in Latin letters.

Lists print most Chinese companies in translation: 北京希超国际科技贸易有限公司 is
*Beijing Xichao International Science and Technology Trade Co., Ltd*. The business
words are translated, the place names are the pinyin of the place, and the distinctive
part (the firm's own name, 希超) is pinyin. :func:`han_words` splits a Han name that way:
the longest known word first (a place or a business term), the rest read as pinyin,
each unknown run of characters written as one word (*xichao*). A place's 市 (city) or 省
(province) is left out, as the lists leave it out (深圳市 *Shenzhen*).

Some business words are printed in two ways (航天 *Aerospace* or *Space*, 香港 *Hong
Kong* or *HK*) and some characters have two readings (长 *zhang* or *chang*):
:func:`han_readings` gives the other reading as a second name. A Chinese person's name
(two to four characters, a family name first) reads in pinyin with the given name as
one word (张国荣 *Zhang Guorong*), in Wade–Giles as Taiwan prints it (*Chang Kuojung*)
and in the Hong Kong Government's Cantonese (*Cheung Kwokwing*, from the
``cantonese-romanisation`` tables): :func:`person_readings`.

:data:`PINYIN_TERMS` turns the same business words typed in pinyin (*guoji*, *keji*,
*maoyi*) into their English, so a pinyin query meets the English name too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from tracewire.match.eastasian import family_name
from tracewire.match.romanisations import wade_giles

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Han legal forms, longest first (removed before romanisation); 集团 (*Group*) is no
#: legal form: lists print it
HAN_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")

#: business words (simplified characters) → the English words lists print; "main|other":
#: two translations in use (航天 *Aerospace* or *Space*), the other one read apart
#: (:func:`han_readings`)
TERMS: dict[str, str] = {
    "国际": "international", "科技": "technology", "技术": "technology",
    "科贸": "technology trading", "贸易": "trading", "商贸": "trading", "经贸": "trading",
    "工贸": "industrial trading", "外贸": "foreign trading", "电子": "electronic|electronics",
    "微电子": "microelectronics", "光电": "optoelectronic|photoelectric",
    "光电子": "optoelectronic", "实业": "industrial|industry",
    "工业": "industrial|industry", "产业": "industrial|industry", "航空": "aviation",
    "航天": "aerospace|space", "航空航天": "aerospace|aeronautics and astronautics", "进出口": "import export",
    "集团": "group|corporation", "控股": "holdings|holding", "投资": "investment",
    "发展": "development", "工程": "engineering", "设备": "equipment", "装备": "equipment",
    "机械": "machinery", "机电": "electromechanical", "化工": "chemical", "能源": "energy",
    "物流": "logistics", "航运": "shipping", "海运": "shipping", "船务": "shipping",
    "船舶": "shipbuilding|shipping", "造船": "shipbuilding", "石油": "petroleum",
    "石化": "petrochemical", "石油化工": "petrochemical", "半导体": "semiconductor",
    "通信": "communication|communications", "通讯": "communication|communications",
    "信息": "information", "网络": "network", "软件": "software", "仪器": "instrument",
    "仪表": "instrument", "研究所": "research institute", "研究院": "research institute|academy",
    "研究": "research", "大学": "university", "学院": "institute|college",
    "分公司": "branch", "国防": "defense", "兵器": "ordnance", "精密": "precision",
    "材料": "materials|material", "制造": "manufacturing", "电气": "electric",
    "电力": "power", "电器": "electric|electrical", "自动化": "automation",
    "智能": "intelligent|smart", "系统": "systems|system", "服务": "services|service",
    "咨询": "consulting", "管理": "management", "供应链": "supply chain",
    "中心": "center|centre", "开发": "development", "应用": "application",
    "特种": "special", "高新": "high tech", "高科技": "high tech",
    "高技术": "high technology", "新技术": "new technology", "控制": "control",
    "动力": "power", "新材料": "new materials", "光学": "optics|optical",
    "医药": "pharmaceutical", "生物": "biological|biotechnology", "汽车": "automotive",
    "金属": "metal|metals", "有色金属": "nonferrous metals", "钢铁": "steel",
    "矿业": "mining", "矿产": "mineral|minerals", "资源": "resources", "建设": "construction",
    "建筑": "construction", "运输": "transport|transportation", "货运": "freight",
    "货运代理": "freight forwarding", "代理": "agency", "商务": "business",
    "企业": "enterprise", "五金": "hardware", "发动机": "engine", "矢量": "vector",
    "机床": "machine tool", "雷达": "radar", "无人机": "uav|drone", "数据": "data",
    "芯片": "chip", "集成电路": "integrated circuit", "元件": "components",
    "元器件": "components", "电子元件": "electronic components", "零部件": "parts",
    "配件": "parts", "激光": "laser", "卫星": "satellite", "空间": "space",
    "通用": "general", "生产": "production", "兵团": "corps", "公安局": "public security bureau",
    "公安": "public security", "安全": "security", "测控": "measurement control",
    "检测": "testing|inspection", "测试": "testing|test", "计算机": "computer",
    "电脑": "computer", "传感器": "sensor", "传感": "sensing|sensor", "微波": "microwave",
    "导航": "navigation", "遥感": "remote sensing", "光纤": "fiber|optical fiber",
    "无线": "wireless", "机器人": "robot|robotics", "电池": "battery", "新能源": "new energy",
    "环保": "environmental protection", "化学": "chemical", "化学品": "chemicals",
    "塑料": "plastic|plastics", "纺织": "textile", "服装": "garment", "食品": "food",
    "农业": "agriculture|agricultural", "重工": "heavy industry", "重工业": "heavy industry",
    "轴承": "bearing", "阀门": "valve", "模具": "mould|mold", "数控": "cnc",
    "电机": "motor|electric machinery", "设计": "design", "研发": "research development",
    "实验室": "laboratory", "重点实验室": "key laboratory", "科学": "science",
    "银行": "bank", "保险": "insurance", "证券": "securities", "基金": "fund",
    "资产": "asset", "金融": "financial", "船厂": "shipyard", "造船厂": "shipyard",
    "海洋": "marine|ocean", "海事": "maritime", "港口": "port", "航务": "shipping",
    "油轮": "tanker", "航空工业": "aviation industry", "电子科技": "electronic technology",
    "环球": "global", "全球": "global", "世界": "world", "亚洲": "asia", "亚太": "asia pacific",
    "东方": "oriental|east", "中国": "china", "中华": "china", "香港": "hong kong|hk",
    "澳门": "macau|macao", "台湾": "taiwan", "九龙": "kowloon", "新界": "new territories",
    "台北": "taipei", "新北": "new taipei", "高雄": "kaohsiung", "台中": "taichung",
    "新竹": "hsinchu", "桃园": "taoyuan", "台南": "tainan", "新加坡": "singapore",
    "俄罗斯": "russia", "伊朗": "iran", "朝鲜": "korea", "内蒙古": "inner mongolia",
    "西藏": "tibet", "陕西": "shaanxi", "有限": "limited", "股份": "joint stock",
    # places the lists print in their English or older names, not in pinyin (session 9)
    "哈尔滨": "harbin", "乌鲁木齐": "urumqi", "呼和浩特": "hohhot", "拉萨": "lhasa",
    "喀什": "kashgar", "澳门特别行政区": "macau",
    # state groups' words (CASIC, CETC, NUDT…) as the lists print them
    "科工": "science and industry", "工业大学": "institute of technology|university of technology",
    "科技大学": "university of science and technology", "集团公司": "group corporation",
    "经济技术开发区": "economic and technological development zone",
    "开发区": "development zone", "高新区": "high tech zone", "自贸区": "free trade zone",
    "保税区": "bonded zone",
    # more business words, organisations' kinds and regions (session 7)
    "商行": "trading", "贸易行": "trading", "供应": "supply", "销售": "sales", "电子商务": "e-commerce",
    "工具": "tools", "电源": "power supply", "电缆": "cable", "线缆": "cable", "塑胶": "plastic",
    "橡胶": "rubber", "药业": "pharmaceutical", "制药": "pharmaceutical", "医疗": "medical",
    "器械": "equipment", "医疗器械": "medical equipment", "零件": "parts", "空运": "air freight",
    "快递": "express", "天然气": "natural gas", "燃气": "gas", "渔业": "fishery",
    "水产": "aquatic products", "林业": "forestry", "房地产": "real estate", "地产": "real estate",
    "置业": "properties", "物业": "property", "建材": "building materials", "装饰": "decoration",
    "顾问": "consultants", "广告": "advertising", "传媒": "media", "文化": "culture|cultural",
    "教育": "education", "旅游": "tourism", "酒店": "hotel", "餐饮": "catering", "保安": "security",
    "安防": "security", "监控": "monitoring", "电讯": "telecom", "电信": "telecommunications",
    "数码": "digital", "数字": "digital", "光通信": "optical communication", "红外": "infrared",
    "影像": "imaging", "声学": "acoustic", "工控": "industrial control", "液压": "hydraulic",
    "气动": "pneumatic", "发电": "power generation", "核电": "nuclear power",
    "原子能": "atomic energy", "军工": "military industry", "防务": "defense", "物资": "materials",
    "合作": "cooperation", "合资": "joint venture", "办事处": "office",
    "代表处": "representative office", "总公司": "corporation", "工厂": "factory", "制品": "products",
    "产品": "products", "用品": "supplies", "器材": "equipment", "复合材料": "composite materials",
    "精细化工": "fine chemical", "高分子": "polymer", "碳纤维": "carbon fiber", "铝业": "aluminium",
    "铜业": "copper", "稀土": "rare earth", "欧洲": "europe", "美国": "america",
    "东南亚": "southeast asia", "中东": "middle east", "非洲": "africa", "远东": "far east",
    "远洋": "ocean shipping", "协会": "association", "学会": "society", "基金会": "foundation",
    "委员会": "committee", "联合会": "federation", "商会": "chamber of commerce", "资本": "capital",
    "财务": "finance", "租赁": "leasing", "担保": "guarantee", "信托": "trust", "期货": "futures",
    "交易所": "exchange", "航空公司": "airlines", "机场": "airport", "港务": "port", "码头": "terminal",
    "集装箱": "container", "船业": "shipping", "实验": "experimental", "测量": "measurement",
    "仪器仪表": "instrument", "光伏": "photovoltaic", "太阳能": "solar", "风电": "wind power",
    "网络科技": "network technology", "信息技术": "information technology", "生物科技": "biotechnology",
    "新能源汽车": "new energy vehicle", "航电": "avionics", "电子技术": "electronic technology",
    "计算": "computing", "云计算": "cloud computing", "人工智能": "artificial intelligence",
    "大数据": "big data", "区块链": "blockchain", "互联网": "internet", "物联网": "internet of things",
    "通信技术": "communication technology", "国家": "national|state", "中央": "central",
    "人民": "people", "解放军": "liberation army", "总局": "general administration",
    # the regions and the state's academies and universities as lists print them (session 11)
    "北方": "north", "南方": "south", "西北": "northwestern|northwest",
    "东北": "northeastern|northeast", "西南": "southwestern|southwest",
    "东南": "southeastern|southeast", "华北": "north china", "华东": "east china",
    "华南": "south china", "华中": "central china", "科学院": "academy of sciences", "中国科学院": "chinese academy of sciences",
    "工程院": "academy of engineering", "社会科学院": "academy of social sciences",
    "物理": "physics", "运载火箭": "launch vehicle", "火箭": "rocket", "导弹": "missile",
    "理工大学": "institute of technology",
    "理工学院": "institute of technology", "师范大学": "normal university",
    "交通大学": "jiaotong university", "邮电大学": "university of posts and telecommunications",
    "工业学院": "institute of technology", "研究中心": "research center",
}  # fmt: skip
#: one-character words that are business words only at the end of a name (厂 factory,
#: 局 bureau): inside a firm's own name they are syllables of it
SUFFIX_TERMS: dict[str, str] = {
    "厂": "factory", "局": "bureau", "所": "institute", "院": "institute", "部": "department",
}  # fmt: skip
#: what follows a place's name and lists leave out (深圳市 *Shenzhen*, 黑龙江省 *Heilongjiang*)
ADMIN_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                  "新区", "市", "省", "县", "区")  # fmt: skip
#: places whose pinyin is the English name: a word of their own in the split
_PLACES = """北京 上海 天津 重庆 深圳 广州 厦门 杭州 南京 武汉 成都 西安 沈阳 大连 青岛 苏州 无锡
    宁波 福州 长沙 郑州 济南 合肥 南昌 昆明 贵阳 南宁 海口 石家庄 太原 哈尔滨 长春 兰州
    乌鲁木齐 珠海 东莞 佛山 中山 汕头 温州 常州 绵阳 烟台 泉州 惠州 江门 湛江 广东 广西
    福建 浙江 江苏 山东 河北 河南 湖北 湖南 四川 陕西 山西 辽宁 吉林 黑龙江 安徽 江西 云南
    贵州 甘肃 青海 海南 新疆 宁夏 朝阳 海淀 浦东 南山 福田 龙岗 宝安 滨海 昆山 常熟 义乌 台州
    金华 嘉兴 绍兴 湖州 扬州 镇江 南通 徐州 盐城 连云港 淄博 潍坊 临沂 济宁 威海 日照 保定
    唐山 邯郸 廊坊 沧州 秦皇岛 洛阳 开封 宜昌 襄阳 株洲 湘潭 衡阳 岳阳 桂林 柳州 三亚 遵义
    宝鸡 咸阳 包头 鄂尔多斯 呼和浩特 银川 西宁 拉萨 鞍山 抚顺 丹东 锦州 营口 大庆 齐齐哈尔
    牡丹江 芜湖 蚌埠 马鞍山 赣州 景德镇 九江 莆田 漳州 龙岩 肇庆 清远 韶关 茂名 顺德 南沙
    黄埔 天河 番禺 越秀 西城 东城 丰台 昌平 大兴 顺义 通州 闵行 嘉定 松江 宝山 徐汇 静安 杨浦
    青浦 江阴 张家港 宜兴 余杭 萧山 鄞州 北仑 黄岛 即墨 胶州 德阳 宜宾 泸州 南充 株洲 常德"""
PLACES = frozenset(_PLACES.split())
#: places among :data:`TERMS` (written in English): a 市 or 省 after them is left out too
_EXONYMS = (
    "中国 香港 澳门 台湾 九龙 台北 新北 高雄 台中 新竹 桃园 台南 内蒙古 西藏 陕西 哈尔滨 乌鲁木齐 "
    "呼和浩特 拉萨 喀什"
)
_EXONYM_PLACES = frozenset(_EXONYMS.split())
_LONGEST = max(len(w) for w in (*TERMS, *PLACES))
_ADMIN_LONGEST = max(len(w) for w in ADMIN_SUFFIXES)

#: the business words whose pinyin is read as the English word in a name typed in
#: pinyin (*guoji keji maoyi*): words of two syllables or more that are seldom a firm's
#: own name (not places, not *Dongfang*, *Weixing*, *Jiguang*, which may as well be 东方,
#: 维星, 极光)
_PINYIN_TERMS_TEXT = """国际 科技 技术 科贸 贸易 商贸 经贸 工贸 外贸 电子 微电子 光电 实业 工业 产业 航空
    航天 航空航天 进出口 集团 控股 投资 发展 工程 设备 装备 机械 机电 化工 能源 物流 航运 海运
    船舶 石油 石化 半导体 通信 通讯 信息 网络 软件 仪器 仪表 研究所 研究院 研究 大学 学院 分公司
    国防 兵器 精密 材料 制造 电气 电力 电器 自动化 智能 系统 服务 咨询 管理 供应链 中心 开发 应用
    特种 高新 控制 动力 新材料 光学 医药 生物 汽车 金属 钢铁 矿业 建设 建筑 运输 货运 代理 商务
    企业 电子科技 五金 发动机 矢量 机床 雷达 无人机 数据 芯片 集成电路 船务 货运代理 元器件 零部件
    有色金属 供应 销售 电子商务 医疗 器械 医疗器械 房地产 电信 电讯 数码 军工 防务 物资 制药 药业 光伏
    太阳能 互联网 人工智能 云计算 大数据 物联网 集装箱 代表处 办事处"""
_PINYIN_TERM_KEYS = _PINYIN_TERMS_TEXT.split()
#: the same words in pinyin, in the same order (as pypinyin reads them, which the
#: tests check; written out so that a Latin query does not load pypinyin)
_PINYIN_TERM_READINGS = """guoji keji jishu kemao maoyi shangmao jingmao gongmao waimao dianzi weidianzi
    guangdian shiye gongye chanye hangkong hangtian hangkonghangtian jinchukou jituan
    konggu touzi fazhan gongcheng shebei zhuangbei jixie jidian huagong nengyuan wuliu
    hangyun haiyun chuanbo shiyou shihua bandaoti tongxin tongxun xinxi wangluo
    ruanjian yiqi yibiao yanjiusuo yanjiuyuan yanjiu daxue xueyuan fengongsi guofang
    bingqi jingmi cailiao zhizao dianqi dianli dianqi zidonghua zhineng xitong fuwu
    zixun guanli gongyinglian zhongxin kaifa yingyong tezhong gaoxin kongzhi dongli
    xincailiao guangxue yiyao shengwu qiche jinshu gangtie kuangye jianshe jianzhu
    yunshu huoyun daili shangwu qiye dianzikeji wujin fadongji shiliang jichuang leida
    wurenji shuju xinpian jichengdianlu chuanwu huoyundaili yuanqijian lingbujian
    yousejinshu gongying xiaoshou dianzishangwu yiliao qixie yiliaoqixie fangdichan
    dianxin dianxun shuma jungong fangwu wuzi zhiyao yaoye guangfu taiyangneng
    hulianwang rengongzhineng yunjisuan dashuju wulianwang jizhuangxiang daibiaochu
    banshichu"""


def _main(english: str) -> str:
    return english.split("|")[0]


PINYIN_TERMS: dict[str, str] = {
    reading: _main(TERMS[han])
    for han, reading in zip(_PINYIN_TERM_KEYS, _PINYIN_TERM_READINGS.split(), strict=True)
}


def _lazy_pinyin(text: str) -> list[str]:
    # imported with the first Han name, not with the matcher (about 0.3 CPU s)
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


def _convert(text: str, locale: str) -> str:
    # imported with the first Han name, not with the matcher (about 0.2 CPU s)
    import zhconv

    return str(zhconv.convert(text, locale))


def han_pinyin(run: str) -> str:
    """A run of Han characters in pinyin, syllables joined, no tones."""
    return "".join(_lazy_pinyin(run))


def _pieces(
    text: str, other: bool = False, flip: str | None = None, duals: list[str] | None = None
) -> list[tuple[bool, str]]:
    """A run of Han characters (simplified) split into its words: (False, the English of a
    business term or the pinyin of a place) and (True, a run of the firm's own
    characters), the longest known word first. A place's 市 (city) or 省 (province) is left
    out, and a one-character business word (厂 factory, 局 bureau) counts only where the
    name ends. With ``other``, a term with two translations in use is read the other way
    (航天 *Space* rather than *Aerospace*); ``flip``: that one term only. The terms with
    two translations met are added to ``duals``."""
    out: list[tuple[bool, str]] = []
    rest: list[str] = []

    def flush() -> None:
        if rest:
            out.append((True, "".join(rest)))
            rest.clear()

    i = 0
    while i < len(text):
        for size in range(min(_LONGEST, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in TERMS or word in PLACES:
                flush()
                if word in TERMS:
                    options = TERMS[word].split("|")
                    if duals is not None and len(options) > 1:
                        duals.append(word)
                    out.append((False, options[-1] if other or word == flip else options[0]))
                else:
                    out.append((False, han_pinyin(word)))
                i += size
                if word in PLACES or word in _EXONYM_PLACES:
                    for suffix_size in range(min(_ADMIN_LONGEST, len(text) - i), 0, -1):
                        if text[i : i + suffix_size] in ADMIN_SUFFIXES:
                            i += suffix_size
                            break
                break
        else:
            if i == len(text) - 1 and text[i] in SUFFIX_TERMS and (rest or out):
                flush()
                out.append((False, SUFFIX_TERMS[text[i]]))
            else:
                rest.append(text[i])
            i += 1
    flush()
    return out


def han_words(text: str, other: bool = False, flip: str | None = None) -> str:
    """A run of Han characters (simplified) as Latin words: business terms in English,
    places and the rest in pinyin, each unknown run as one word (:func:`_pieces`). With
    ``other``, a term with two translations in use is read the other way and a character
    with two readings too (:data:`POLYPHONES`)."""
    return " ".join(
        (_other_pinyin(word) if other else han_pinyin(word)) if own else word
        for own, word in _pieces(text, other, flip)
    )


#: characters with two common readings where pypinyin's first guess is often not the
#: one a name uses (长光 *Changguang*, 曾 the family name *Zeng*): the other reading
POLYPHONES: dict[str, str] = {
    "长": "chang", "重": "chong", "行": "hang", "乐": "yue", "曾": "zeng", "单": "shan",
    "朴": "piao", "仇": "qiu", "解": "xie", "查": "zha", "区": "ou", "盖": "ge", "缪": "miao",
    "藏": "zang", "厦": "xia", "都": "du", "会": "kuai", "调": "diao", "传": "zhuan",
}  # fmt: skip


#: Chinese digits, and the ordinal 第 before a number (第十四研究所: the *14th* Research
#: Institute, 第七二五研究所: *No. 725*)
_DIGITS = {ch: n for n, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_ORDINAL = re.compile(r"第([〇零一二两三四五六七八九十百千]+)")


def chinese_number(text: str) -> int | None:
    """A number written in Chinese characters (十四 14, 五十四 54, 七二五 725, 一百零八
    108), or None."""
    if all(ch in _DIGITS for ch in text):  # written digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + (digit or 0)


def simplified(text: str) -> str:
    """``text`` in simplified characters, without its Han legal forms (unless that is all
    there is), an ordinal number (第十四) in digits."""
    text = _convert(text, "zh-cn")
    if "第" in text:
        text = _ORDINAL.sub(lambda m: f" {chinese_number(m.group(1))} ", text)
    stripped = text
    for form in HAN_LEGAL_FORMS:
        stripped = stripped.replace(form, " ")
    return stripped if HAN.search(stripped) else text


def _other_pinyin(run: str) -> str:
    return "".join(POLYPHONES.get(ch, syl) for ch, syl in zip(run, _lazy_pinyin(run), strict=False))


#: characters (and a few words) that firms translate when they choose an English name for
#: their own: 通亚 *Link Asia*, 芯时空 *Chip Space*, 金龙 *Golden Dragon*, 新星 *New
#: Star*; the meaning lists print, one per character
MEANINGS: dict[str, str] = {
    "芯": "chip", "通": "link", "联": "link", "亚": "asia", "欧": "euro", "世": "world",
    "星": "star", "光": "light", "新": "new", "天": "sky", "海": "sea", "龙": "dragon",
    "金": "golden", "银": "silver", "宝": "treasure", "信": "trust", "安": "safe",
    "智": "smart", "云": "cloud", "易": "easy", "捷": "swift", "力": "power", "精": "fine",
    "东": "east", "西": "west", "南": "south", "北": "north", "大": "great", "宏": "grand",
    "富": "rich", "和": "harmony", "创": "creative", "峰": "peak", "桥": "bridge",
    "港": "port", "环": "ring", "虹": "rainbow", "鹰": "eagle", "狮": "lion", "虎": "tiger",
    "凤": "phoenix", "帆": "sail", "锐": "sharp", "微": "micro", "红": "red", "蓝": "blue",
    "绿": "green", "白": "white", "黑": "black", "明": "bright", "源": "source",
    "时空": "space time", "阳光": "sunshine", "未来": "future", "先锋": "pioneer",
    "领先": "leading", "联合": "united", "统一": "unity", "长城": "great wall",
    "太平洋": "pacific", "大西洋": "atlantic", "丝路": "silk road", "星光": "starlight",
    "蓝天": "blue sky", "金桥": "golden bridge", "银河": "galaxy", "宇宙": "universe",
}  # fmt: skip
_MEANING_LONGEST = max(len(w) for w in MEANINGS)


def meaning(run: str) -> str | None:
    """A firm's own name (a run of characters no business word or place) in the English
    its characters mean (通亚 *link asia*), the longest known word first; None unless
    every character has one."""
    out: list[str] = []
    i = 0
    while i < len(run):
        for size in range(min(_MEANING_LONGEST, len(run) - i), 0, -1):
            if run[i : i + size] in MEANINGS:
                out.append(MEANINGS[run[i : i + size]])
                i += size
                break
        else:
            return None
    return " ".join(out)


def meaning_reading(plain: str) -> str | None:
    """An organisation's name (simplified, legal forms out: :func:`simplified`) with its
    own name in the English its characters mean and the business words translated
    (香港通亚电子 *hong kong link asia electronic*): lists print many Chinese firms under
    such a name. None unless the name has a business word or a place, and each run of its
    own characters is of two or three that all translate."""
    runs = [_pieces(m.group(0)) for m in HAN.finditer(plain)]
    pieces = [piece for run in runs for piece in run]
    if all(own for own, _ in pieces) or not any(own for own, _ in pieces):
        return None
    out: list[str] = []
    for run in runs:
        words = []
        for own, word in run:
            english = meaning(word) if own and 2 <= len(word) <= 3 else None
            if own and english is None:
                return None
            words.append(english or word)
        out.append(" ".join(words))
    parts = iter(out)
    return " ".join(HAN.sub(lambda _m: " " + next(parts) + " ", plain).split())


#: the most terms of two translations read the other way one at a time
MAX_SINGLE_FLIPS = 3


def _flipped(plain: str, term: str) -> str:
    """``plain`` in Latin words with only ``term`` read in its other translation."""
    return HAN.sub(lambda m: " " + han_words(m.group(0), flip=term) + " ", plain)


def han_readings(text: str) -> list[str]:
    """A Chinese person's name in Han characters in the romanisations lists print
    (:func:`person_readings`); else the other Latin reading of an organisation's name: each
    business word with two translations in use read the other way (航天 *Space*, 香港
    *HK*, 电子 *Electronics*) and each character of two readings read the other way
    (长光 *Changguang*), and the firm's own name in the English its characters mean
    (:func:`meaning_reading`: 通亚电子 *Link Asia Electronics*); [] when it reads the same."""
    if not HAN.search(text):
        return []
    persons = person_readings(text)
    if persons:
        return persons
    plain = simplified(text)
    main = HAN.sub(lambda m: " " + han_words(m.group(0)) + " ", plain)
    other = HAN.sub(lambda m: " " + han_words(m.group(0), other=True) + " ", plain)
    out = [" ".join(other.split())] if other != main else []
    duals: list[str] = []
    for run in HAN.findall(plain):
        _pieces(run, duals=duals)
    # each business word read the other way alone too (集团 *Corporation*, 航天 kept
    # *Aerospace*: *China Aerospace Science and Industry Corporation*); not a place (香港
    # *HK*): the reading above has it, and a place's other spellings are everywhere
    terms = [t for t in dict.fromkeys(duals) if t not in _EXONYM_PLACES]
    if len(terms) > 1:
        for term in terms[:MAX_SINGLE_FLIPS]:
            out.append(" ".join(_flipped(plain, term).split()))
    out = list(dict.fromkeys(out))
    english = meaning_reading(plain)
    return [*out, english] if english else out


# -- persons' names ------------------------------------------------------------------------
#: family names of two characters
_COMPOUND = (
    "欧阳 司马 诸葛 上官 司徒 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 轩辕 长孙 宇文 端木 澹台 南宫"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())
#: the commonest Chinese family names (simplified), whatever their romanisation: a name
#: of two to four characters that starts with one is read as a person's too (习近平 *Xi
#: Jinping*, 吕志和 *Lu Zhihe*: *xi* and *lv* are in no romanisation table of
#: :mod:`.eastasian`)
_SURNAME_CHARS = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连"
    "芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖"
    "巩佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝区郜阚权帅屠朴盖练廉禹井"
    "祖漆巴支卿狄计索宣晋相初扈晁芮阙戈伏鹿薄邸雍辜羊裘亓修邰赫杭况宿鲜印逯茹诸战慕危亢嵇湛宾戎勾茅"
    "揭尉冶束檀衣展阴昝习"
)
SURNAME_CHARS = frozenset(_SURNAME_CHARS)
#: family names read otherwise than as the word (曾 *Zeng*, not *ceng*)
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "朴": "piao", "仇": "qiu", "解": "xie", "查": "zha",
    "区": "ou", "盖": "ge", "缪": "miao", "翟": "zhai", "乐": "yue", "尉迟": "yuchi",
}  # fmt: skip
#: Cantonese readings that are Jyutping rather than how Hong Kong records print them
_JYUTPING_INITIALS = ("g", "d", "b", "j", "z")
#: Jyutping initials and finals as the Hong Kong Government's romanisation prints them,
#: the spellings in use first (振 *zan* is *Chun* or *Chan*, 華 *waa* is *Wa* or *Wah*, 燊
#: *san* is *San* or *Sun*, 石 *sek* is *Sek* or *Shek*)
_HK_INITIALS: dict[str, tuple[str, ...]] = {
    "b": ("p",), "p": ("p",), "m": ("m",), "f": ("f",), "d": ("t",), "t": ("t",),
    "n": ("n",), "l": ("l",), "g": ("k",), "k": ("k",), "ng": ("ng",), "h": ("h",),
    "gw": ("kw",), "kw": ("kw",), "w": ("w",), "z": ("ch", "ts"), "c": ("ch", "ts"),
    "s": ("s", "sh"), "j": ("y",), "": ("",),
}  # fmt: skip
_HK_FINALS: dict[str, tuple[str, ...]] = {
    "aa": ("a", "ah"), "aai": ("ai",), "aau": ("au",), "aam": ("am",), "aan": ("an",),
    "aang": ("ang",), "aap": ("ap",), "aat": ("at",), "aak": ("ak",), "ai": ("ai",),
    "au": ("au",), "am": ("am", "um"), "an": ("an", "un"), "ang": ("ang",), "ap": ("ap",),
    "at": ("at",), "ak": ("ak",), "e": ("e", "eh"), "ei": ("ei", "ee"), "eng": ("eng",),
    "ek": ("ek",), "eu": ("eu",), "i": ("i", "ee"), "iu": ("iu",), "im": ("im",),
    "in": ("in",), "ing": ("ing",), "ip": ("ip",), "it": ("it",), "ik": ("ik",),
    "o": ("o", "oh"), "oi": ("oi",), "ou": ("o", "ou"), "on": ("on",), "ong": ("ong",),
    "ot": ("ot",), "ok": ("ok",), "u": ("u", "oo"), "ui": ("ui", "ooi"), "un": ("un", "oon"),
    "ung": ("ung",), "ut": ("ut", "oot"), "uk": ("uk",), "oe": ("oe",), "oeng": ("eung",),
    "oek": ("euk",), "eoi": ("ui", "eui"), "eon": ("un", "eun"), "eot": ("ut",),
    "yu": ("ue", "u"), "yun": ("uen", "un"), "yut": ("uet", "ut"), "m": ("m",), "ng": ("ng",),
}  # fmt: skip
#: whole syllables printed otherwise than initial and final apart
_HK_SYLLABLES: dict[str, tuple[str, ...]] = {
    "zi": ("chi", "tsz", "chee"), "ci": ("chi", "tsz"), "si": ("sze", "si", "shi"),
    "jyu": ("yu", "yue"), "jyun": ("yuen", "yun"), "jyut": ("yuet", "yut"), "ji": ("yi", "yee"),
    "m": ("m",), "ng": ("ng",),
}  # fmt: skip
_JYUTPING = re.compile(r"(gw|kw|ng|[bpmfdtnlgkhwzcsj]?)([a-z]+?)[1-6]?$")


@lru_cache(maxsize=4096)
def hk_spellings(jyutping: str) -> tuple[str, ...]:
    """A Jyutping syllable (*zan3*) in the Hong Kong Government's romanisation as records
    print it, the commonest spelling first (*chan*, *chun*, *tsan*, *tsun*); () when it
    does not parse."""
    bare = jyutping.rstrip("123456")
    if bare in _HK_SYLLABLES:
        return _HK_SYLLABLES[bare]
    m = _JYUTPING.match(jyutping)
    if m is None or m.group(2) not in _HK_FINALS:
        return ()
    initials, finals = _HK_INITIALS[m.group(1)], _HK_FINALS[m.group(2)]
    return tuple(dict.fromkeys(i + f for f in finals for i in initials))


@lru_cache(maxsize=1)
def _cantonese() -> Any:
    from cantoroman import Cantonese  # its tables take a third of a second to load

    return Cantonese()


def _spellings(roman: list[str], jyutping: list[str]) -> list[str]:
    """One character's printed Cantonese spellings: the romanisation table's (Jyutping's
    g/d/b/j/z and *aa* left out), else the Hong Kong Government's of its first Jyutping
    reading (振: the table has only *jan*; records print *Chun*)."""
    printed = [o for o in roman if not o.startswith(_JYUTPING_INITIALS) and "aa" not in o]
    if printed or not jyutping:
        return printed or roman
    return list(hk_spellings(jyutping[0])) or roman


def cantonese(run: str) -> list[str] | None:
    """Each character of ``run`` in the Hong Kong Government's Cantonese romanisation
    (張國榮 *cheung kwok wing*, 陳 *chan*, 黃 *wong*), as Hong Kong records print names
    (unaspirated stops as k/t/p and long *a* as one letter, not Jyutping's g/d/b and
    *aa*: 山 *shan*, not *saan*); None when a character has none."""
    spelt = cantonese_spellings(run)
    return None if spelt is None else [options[0] for options in spelt]


def cantonese_spellings(run: str) -> list[list[str]] | None:
    """Each character of ``run`` with its printed Cantonese spellings, the commonest first
    (華 *wa*, *wah*; 振 *chun*, *chan*: :func:`hk_spellings`); None when a character has
    none."""
    table = _cantonese()
    hk = _convert(run, "zh-hk")
    out = []
    for roman, jyutping in zip(table.getRoman(hk), table.getLshk(hk), strict=True):
        options = _spellings(roman, jyutping)
        if not options:
            return None
        out.append(options)
    return out


#: the most Cantonese spellings of one given name read apart (each one a name to compare)
MAX_CANTONESE_READINGS = 6


def _given_spellings(options: list[list[str]]) -> list[str]:
    """A given name's characters' spellings joined into one word each way, the commonest
    first (by the sum of the spellings' ranks), at most :data:`MAX_CANTONESE_READINGS`."""
    combos: list[tuple[int, str]] = [(0, "")]
    for spellings in options:
        combos = sorted(
            ((rank + r, word + s) for rank, word in combos for r, s in enumerate(spellings)),
            key=lambda c: c[0],
        )[: MAX_CANTONESE_READINGS * 2]
    return [word for _rank, word in combos[:MAX_CANTONESE_READINGS]]


def _family_split(name: str) -> tuple[str, str] | None:
    """A person's name of two to four characters as (family name, given name): the first
    character (or two, a compound family name) when it is a common family name."""
    if not 2 <= len(name) <= 4:
        return None
    if name[:2] in COMPOUND_SURNAMES and len(name) >= 3:
        return name[:2], name[2:]
    head = SURNAME_READINGS.get(name[0]) or han_pinyin(name[0])
    return (name[0], name[1:]) if name[0] in SURNAME_CHARS or family_name(head) else None


def person_readings(text: str) -> list[str]:
    """A Chinese person's name in Han characters (张国荣) as the lists print it in Latin
    letters, family name first, in the systems in use: pinyin with the given name one word
    (*zhang guorong*), Wade–Giles (*chang kuojung*, Taiwan) and the Hong Kong Government's
    Cantonese (*cheung kwokwing*). [] unless ``text`` is such a name (two to four
    characters, a known family name first, no business word in it)."""
    if not HAN.fullmatch(text.strip()):
        return []
    name = _convert(text.strip(), "zh-cn")
    split = _family_split(name)
    if split is None or " " in han_words(name):
        return []
    family, given = split
    # pypinyin writes ü as v (吕 *lv*); lists print *Lu* (or *Lü*, which folds to it)
    family_pinyin = SURNAME_READINGS.get(family) or han_pinyin(family).replace("v", "u")
    given_pinyin = [s.replace("v", "u") for s in _lazy_pinyin(given)]
    out = [f"{family_pinyin} {''.join(given_pinyin)}"]
    wade = [wade_giles(s) for s in _lazy_pinyin(family)] if family not in SURNAME_READINGS else []
    wade_family = "".join(wade) if wade else wade_giles(family_pinyin)
    out.append(f"{wade_family} {''.join(wade_giles(s) for s in given_pinyin)}")
    spoken = cantonese_spellings(text.strip())
    if spoken is not None:  # the given name one word too: *Chan Ming* is not 陈明国
        cut = len(family)
        head = "".join(options[0] for options in spoken[:cut])
        out.extend(f"{head} {given}" for given in _given_spellings(spoken[cut:]))
    return list(dict.fromkeys(r for r in out if r))
