"""HTML renderings: a whole page of a government web site.

Navigation, breadcrumbs, scripts, a footer with the site's registration
numbers, and the report itself with ``<table>`` cells merged by
rowspan/colspan, header labels broken by ``<br>`` and blank cells as
``&nbsp;``. Two table styles: plain cells, or cells pasted from Word
(``<p class=MsoNormal><span>``). ``html_gbk`` is the same page as GBK bytes
with a matching ``<meta charset>``.
"""
from __future__ import annotations

import random
from html import escape

from pipelines.demo.render.doc import blocks, doc_rng
from pipelines.demo.render.grid import Skeleton, Slot, format_string, slot_texts
from pipelines.demo.render.variants import thousands, vary

_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="示例市人民政府">
<meta name="ArticleTitle" content="{title}">
<meta name="ContentSource" content="{unit}">
<title>{title}_{unit}_示例市人民政府</title>
<link rel="stylesheet" href="/css/common.css">
<style>
body{{font-family:"Microsoft YaHei",SimSun;margin:0}} .nav li{{display:inline;margin:0 12px}}
.article table{{border-collapse:collapse}} .article td{{border:1px solid #000;padding:2px 4px}}
</style>
<script type="text/javascript">
var _siteCode = "shili0000";
function changeSize(n){{ document.getElementById("zoom").style.fontSize = n + "px"; }}
</script>
</head>
<body>
<div class="top"><div class="logo">示例市人民政府 <small>（演示站点）</small></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjsl/">走进示例</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文</div>
<div class="article">
<div class="info">发布时间：{published} &nbsp; 来源：{unit} &nbsp; 字号：[<a href="javascript:changeSize(18)">大</a> <a href="javascript:changeSize(14)">小</a>]</div>
"""

_FOOT = """</div>
<div class="share">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="footer"><p>主办：示例市人民政府办公室 &nbsp; 承办：示例市大数据中心</p>
<p>网站标识码：0000000000 &nbsp; 示ICP备00000000号 &nbsp; 本站为演示数据站点</p></div>
<script type="text/javascript">
(function(){{ var hits = document.getElementById("hits"); if (hits) {{ hits.innerHTML = "{hits}"; }} }})();
</script>
</body>
</html>
"""


def _cell_html(text: str, word_style: bool) -> str:
    if text == "":
        return "&nbsp;" if not word_style else "<p class=MsoNormal align=center><span>&nbsp;</span></p>"
    inner = "<br>".join(escape(part) for part in text.split("\n"))
    if word_style:
        return f"<p class=MsoNormal align=center><span style='font-family:仿宋_GB2312;font-size:10.5pt'>{inner}</span></p>"
    return inner


_COMPILED: dict[tuple[int, bool], tuple[str, tuple[Slot, ...]]] = {}


def _compiled(sk: Skeleton, word_style: bool) -> tuple[str, tuple[Slot, ...]]:
    # Skeletons are cached for the life of the process, so id() is a stable key
    # (hashing the nested dataclass on every call costs more than rendering).
    key = (id(sk), word_style)
    hit = _COMPILED.get(key)
    if hit is None:
        frags, slots = _compile(sk, word_style)
        hit = _COMPILED[key] = (format_string(frags), slots)
    return hit


_VALUE_WORD = ("<p class=MsoNormal align=center><span style='font-family:仿宋_GB2312;font-size:10.5pt'>", "</span></p>")


def _compile(sk: Skeleton, word_style: bool) -> tuple[tuple[str, ...], tuple[Slot, ...]]:
    """The table's HTML as fixed fragments around value slots (rendering then
    only formats numbers): fragments[k] precedes slots[k]; one fragment more."""
    frags: list[str] = []
    slots: list[Slot] = []
    buf: list[str] = []
    border = ' class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0"' if word_style else ' border="1" width="100%"'
    buf.append(f"<table{border}>\n<tbody>\n")
    for r, row in enumerate(sk.anchors):
        buf.append("<tr>")
        for a in row:
            attrs = ""
            if a.rowspan > 1:
                attrs += f' rowspan="{a.rowspan}"'
            if a.colspan > 1:
                attrs += f' colspan="{a.colspan}"'
            if word_style:
                attrs += ' valign="center"'
            buf.append(f"<td{attrs}>")
            if isinstance(a.content, str):
                buf.append(_cell_html(a.content, word_style))
            else:
                if word_style:
                    buf.append(_VALUE_WORD[0])
                frags.append("".join(buf))
                buf = []
                slots.append(a.content)
                if word_style:
                    buf.append(_VALUE_WORD[1])
            buf.append("</td>")
        buf.append("</tr>\n" if r < len(sk.anchors) - 1 else "</tr>")
    buf.append("\n</tbody>\n</table>")
    frags.append("".join(buf))
    return tuple(frags), tuple(slots)


def _table_html(truth: dict, sk: Skeleton, word_style: bool, grouped: bool = False) -> str:
    """A printed number needs no escaping; a blank cell prints &nbsp;."""
    template, slots = _compiled(sk, word_style)
    return template.format(*[t or "&nbsp;" for t in slot_texts(truth, slots, grouped)])


def page(truth: dict, rng: random.Random, charset: str = "utf-8", grouped: bool = False) -> str:
    """The whole page as a str (`grouped`: numbers with thousands separators)."""
    word_style = rng.random() < 0.5
    parts: list[str] = []
    title = ""
    for kind, payload in blocks(truth, rng, wrapped=True):
        if kind == "title":
            lines = list(payload)  # type: ignore[arg-type]
            title = "".join(lines)
            parts.append('<h1 class="title">' + "<br>".join(escape(x) for x in lines) + "</h1>")
            parts.append('<div id="zoom" class="content">')
        elif kind == "h":
            parts.append(f'<p style="text-indent:2em"><strong>{escape(payload)}</strong></p>')  # type: ignore[arg-type]
        elif kind == "p":
            parts.append(f'<p style="text-indent:2em">{escape(payload)}</p>')  # type: ignore[arg-type]
        elif kind == "sign":
            parts += [f'<p style="text-align:right">{escape(x)}</p>' for x in payload]  # type: ignore[union-attr]
        else:
            parts.append(_table_html(truth, payload, word_style, grouped))  # type: ignore[arg-type]
    parts.append("</div>")
    published = f"{truth['year'] + 1}-01-{rng.randint(5, 28):02d}"
    head = _HEAD.format(charset=charset, title=escape(title), unit=escape(truth["unit"]), published=published)
    return head + "\n".join(parts) + "\n" + _FOOT.format(hits=rng.randint(100, 9999))


def render_html(truth: dict, seed: int = 0) -> bytes:
    return vary(page(truth, doc_rng(truth, "html", seed), grouped=thousands(truth, seed)), truth, seed).encode("utf-8")


def render_html_gbk(truth: dict, seed: int = 0) -> bytes:
    return vary(page(truth, doc_rng(truth, "html_gbk", seed), charset="gbk", grouped=thousands(truth, seed)), truth, seed).encode("gbk")
