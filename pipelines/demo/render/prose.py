"""The words around the tables: title, synthetic-data mark, prose sections.

Everything is chosen from small pools with a ``random.Random`` seeded from
the document, so a document's wording is stable for a seed. Prose may carry
numbers (as real reports do); the tables are what is parsed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from pipelines.template import TABLES

SYNTHETIC = "（本报告为演示数据，非真实政府信息）"
NOTICE = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}

SECTION_1 = "一、总体情况"
SECTION_5 = "五、存在的主要问题及改进情况"
SECTION_6 = "六、其他需要报告的事项"
SECTION_2, SECTION_3, SECTION_4 = TABLES["proactive"], TABLES["requests"], TABLES["review_litigation"]

_TITLES = (
    "{unit}\n{year}年度政府信息公开工作年度报告",
    "{unit}{year}年度政府信息公开工作年度报告",
    "{unit}{year}年政府信息公开工作年度报告",
    "{unit}\n{year}年政府信息公开工作年度报告",
    "{unit}{year}年度政府信息公开年度报告",
)

_OVERVIEW = (
    "（一）主动公开。{year}年，{short}严格落实《中华人民共和国政府信息公开条例》，全年累计主动公开政府信息{n1}条，"
    "其中通过门户网站公开{n2}条，通过政务新媒体发布{n3}条。",
    "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，做到依法依规、规范答复，"
    "答复文书均载明救济途径。",
    "（三）政府信息管理。健全政府信息公开审查机制，落实“先审查、后公开”和“一事一审”制度，全年未发生泄密事件。",
    "（四）平台建设。持续优化政府网站信息公开专栏，及时更新机构职能、政策文件、财政预决算等栏目内容。",
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织政务公开业务培训{n4}次，参训人员{n5}人次。",
    "（六）政策解读。坚持政策性文件与解读材料同步起草、同步审签、同步发布，全年发布政策解读{n6}篇。",
)

_PROBLEMS = (
    "{year}年，{short}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容的深度和广度有待拓展；"
    "二是政策解读形式较为单一；三是工作人员业务能力有待提高。",
    "下一步，我们将进一步加强业务培训，规范信息发布流程，提高公开质量，更好地回应社会关切。",
    "针对上述问题，{short}将严格落实政务公开各项要求，完善工作机制，推动政府信息公开工作规范化、标准化。",
)

_OTHER_2021 = (
    "本年度未收取信息处理费。",
    "{short}{year}年度未发生收取信息处理费情况。",
    "按照《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。无其他需要报告的事项。",
)
_OTHER_2019 = ("无其他需要报告的事项。", "本年度无其他需要报告的事项。")


@dataclass(frozen=True, slots=True)
class Prose:
    """All prose pieces of one document, each a list of paragraphs."""

    title_lines: tuple[str, ...]
    intro: tuple[str, ...]
    overview: tuple[str, ...]
    problems: tuple[str, ...]
    other: tuple[str, ...]
    signature: tuple[str, ...]


def short_name(unit: str) -> str:
    """How a unit refers to itself in prose (我局, 我镇 …)."""
    for suffix, me in (("人民政府", "本级政府"), ("局", "我局"), ("委员会", "我委"), ("办公室", "我办"),
                       ("街道", "我街道"), ("镇", "我镇"), ("乡", "我乡"), ("中心", "我中心")):
        if unit.endswith(suffix):
            return me
    return "我单位"


def make_prose(truth: dict, rng: random.Random) -> Prose:
    """Title, intro with the statistics period, sections 一/五/六 and signature."""
    unit, year = truth["unit"], truth["year"]
    variant = truth.get("variant", truth["template"])
    # An early 2021 layout on a 2020 report still cites the 2019 notice (spec, case 9).
    notice = NOTICE["2021"] if (variant != "2019" and year >= 2021) else NOTICE["2019"]
    title = rng.choice(_TITLES).format(unit=unit, year=year)
    short = short_name(unit)
    intro = (
        SYNTHETIC,
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求编制。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "本报告电子版可在示例市人民政府门户网站“政府信息公开”专栏查阅或下载。如对本报告有任何疑问，请与"
        f"{unit}办公室联系。",
    )
    nums = {f"n{k}": rng.randint(5, 900) for k in range(1, 7)}
    picks = sorted(rng.sample(range(len(_OVERVIEW)), rng.randint(3, len(_OVERVIEW))))
    overview = tuple(_OVERVIEW[k].format(year=year, short=short, **nums) for k in picks)
    problems = tuple(p.format(year=year, short=short) for p in rng.sample(_PROBLEMS, 2))
    pool = _OTHER_2021 if truth["template"] == "2021" else _OTHER_2019
    other = (rng.choice(pool).format(year=year, short=short),)
    signature = (unit, f"{year + 1}年1月{rng.randint(5, 28)}日")
    return Prose(tuple(title.split("\n")), intro, overview, problems, other, signature)


NOT_A_REPORT_TITLES = (
    "{unit}关于举办{year}年度政务公开业务培训班的通知",
    "{unit}关于进一步做好政务公开工作的通知",
    "{unit}{year}年度政务公开工作要点",
)


def not_a_report(unit: str, year: int, rng: random.Random) -> tuple[str, list[str]]:
    """A document a disclosure office also receives that is not an annual report."""
    title = rng.choice(NOT_A_REPORT_TITLES).format(unit=unit, year=year)
    body = [
        "（本文件为演示数据，非真实政府信息）",
        "各科室、各下属单位：",
        f"为进一步提升政务公开工作水平，经研究，定于{year}年{rng.randint(3, 11)}月举办政务公开业务培训。现将有关事项通知如下：",
        "一、培训内容：政务公开相关法规解读、政府网站信息发布规范、依申请公开办理流程。",
        "二、参加人员：各单位分管负责同志及政务公开工作人员。",
        "三、有关要求：请各单位高度重视，按时参加培训，不得无故缺席。",
        unit,
        f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    return title, body
