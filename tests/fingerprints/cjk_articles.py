"""A Chinese and a Japanese fixture article (written for these tests), each with an edited version
at the same address and a re-published copy on another site, as extraction v2 sends them."""
from __future__ import annotations

from urllib.parse import quote

from tests.fingerprints.articles import page_with_links

# As location.href gives it: the path percent-encoded.
ZH_URL = "https://news.example.cn/" + quote("城市/2026/11/夜间公交")
ZH_COPY_URL = "https://portal.example.com.cn/news/society/20261121-0042.html"
ZH_HEADLINE = "北方城市试行夜间公交新线路，首月乘客超出预期"
ZH_PARAGRAPHS = [
    "本市交通局周一表示，十月开通的三条夜间公交线路在第一个月共运送乘客约四万人次，比规划时的估计高出三成。",
    "交通局一位负责人说，夜班车主要服务医院、物流园区和餐饮行业的工作人员，末班车时间已从凌晨一点推迟到三点。",
    "部分乘客反映候车时间过长，交通局表示将在年底前增加车辆，并在主要站点安装实时到站显示屏。",
    "专家认为，夜间公交的成本高于白天线路，是否长期保留仍需根据明年的客流数据决定。",
]
ZH_LINES = [ZH_HEADLINE, *ZH_PARAGRAPHS]
ZH_QUOTES = ["三条夜间公交线路在第一个月共运送乘客约四万人次", "末班车时间已从凌晨一点推迟到三点",
             "夜间公交的成本高于白天线路"]
# The newsroom's edit: the headline corrected, a navigation bar repeating it, a paragraph inserted
# before the second, a typo-level change in the third ("年底前" -> "十二月底前"), a related box.
ZH_EDITED = [
    ("首页",), ("城市",), ("财经",), ("北方城市试行夜间公交新线路，首月客流超出预期",),
    "北方城市试行夜间公交新线路，首月客流超出预期",
    ZH_PARAGRAPHS[0],
    "记者周二晚间在火车站附近的站点看到，十几名乘客正在排队等候。",
    ZH_PARAGRAPHS[1],
    ZH_PARAGRAPHS[2].replace("年底前", "十二月底前"),
    ZH_PARAGRAPHS[3],
    "相关新闻", ("地铁四号线延长段预计明年通车",), ("出租车起步价下月调整",),
]
# Another site's copy: its own headline, byline, a new first line, the body, a share bar.
ZH_COPY = [
    "门户网", ("新闻",), ("社会",), "夜班车上路一个月：四万人次的城市夜生活", "来源：城市日报 2026年11月21日",
    "深夜的公交站不再冷清。", *ZH_PARAGRAPHS, ("分享到：微信 微博",), "版权所有 未经授权不得转载",
]

JA_URL = "https://www.example.jp/news/2026/11/20/airport"
JA_COPY_URL = "https://portal.example.ne.jp/article/ab12cd34"
JA_HEADLINE = "地方空港の国際線、三年ぶりに再開へ"
JA_PARAGRAPHS = [
    "県は二十日、感染症の流行で運休していた地方空港の国際線を来年三月に再開すると発表した。",
    "再開するのはソウルと台北を結ぶ二路線で、いずれも週三往復の運航を予定している。",
    "知事は記者会見で「観光客の回復に向けた大きな一歩だ」と述べ、空港ターミナルの改修費として五億円を"
    "補正予算案に盛り込む考えを示した。",
    "一方、地元の旅行業者からは、航空券の価格が以前より高くなるとの懸念も出ている。",
]
JA_LINES = [JA_HEADLINE, *JA_PARAGRAPHS]
JA_QUOTES = ["ソウルと台北を結ぶ二路線で、いずれも週三往復の運航を予定している",
             "空港ターミナルの改修費として五億円を補正予算案に盛り込む"]
JA_EDITED = [
    ("トップ",), ("地域",), JA_HEADLINE.replace("再開へ", "再開"), "2026年11月20日 18時05分",
    JA_PARAGRAPHS[0],
    "空港の利用者数は、運休前の年間およそ百二十万人から半分以下に落ち込んでいた。",
    JA_PARAGRAPHS[1], JA_PARAGRAPHS[2].replace("五億円", "５億円"), JA_PARAGRAPHS[3],
]
JA_COPY = ["ポータルニュース", ("国内",), "ソウル・台北便が来春復活　地方空港に期待",
           "（地方新聞社提供）", *JA_PARAGRAPHS, ("この記事をシェアする",)]


def v2(lines: list) -> tuple[str, dict]:
    """(text, the extra fields of POST /api/anchor) of a page given as lines."""
    text, breaks, links = page_with_links(lines)
    return text, {"extraction": 2, "breaks": breaks, "links": links}


# A longer Chinese article (560 characters, 288 distinct ones): real news text has hundreds of
# distinct ideographs within a few hundred characters, more than the 256 symbols edlib aligns.
ZH_LONG_URL = "https://news.example.cn/" + quote("城市/2026/11/夜间公交-详细")
ZH_LONG_PARAGRAPHS = [*ZH_PARAGRAPHS,
    "据了解，新线路覆盖老城区、高新技术开发区和城东的大学城，沿途设有二十七个停靠站，票价与日间线路相同，"
    "持学生证可享受半价优惠。",
    "在火车站附近经营便利店的王女士告诉记者，过去深夜下班只能打车回家，每月光车费就要花掉近千元，"
    "现在坐夜班车既省钱又安心。",
    "不过，也有居民担心车辆噪音会影响休息。住在沿线小区的一位退休教师说，希望公交公司能够更换电动车辆，"
    "并让司机在居民区附近减速慢行。",
    "公交公司回应称，目前投入运营的车辆中已有八成是纯电动车型，其余柴油车将在明年春季之前全部淘汰，"
    "同时会加强对驾驶员的培训和考核。",
    "市政府去年发布的交通发展规划提出，到二〇三〇年要基本建成覆盖全天候的公共交通网络，夜间公交被视为其中"
    "重要的一环。",
    "有分析人士指出，类似的尝试在南方一些城市已有先例，成败的关键在于票价补贴能否持续，以及线路设计是否"
    "真正贴近夜归人群的需求。",
]
ZH_LONG_LINES = [ZH_HEADLINE, *ZH_LONG_PARAGRAPHS]
ZH_LONG_QUOTES = ["沿途设有二十七个停靠站，票价与日间线路相同", "其余柴油车将在明年春季之前全部淘汰"]
# The newsroom corrects a number inside the first quote; nothing else changes.
ZH_LONG_EDITED = [line.replace("二十七个停靠站", "二十九个停靠站") for line in ZH_LONG_LINES]
