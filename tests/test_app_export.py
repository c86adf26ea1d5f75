"""Downloads and the template layout: CSV/Excel of a table, and 全市汇总's Excel
workbook laid out like the template (merged headers, numbers in place)."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import export, labels, layout
from pipelines import template as T


def _cells(template: str) -> pd.DataFrame:
    """A full set of cells for one report: value = a distinct number per cell."""
    rows = []
    n = 0
    for item in T.request_items(template):  # type: ignore[arg-type]
        for a in T.APPLICANTS:
            n += 1
            rows.append(("requests", item.code, a.code, float(n), "derived" if template in item.derived_in else "number"))
    for p in T.PROCEEDINGS:
        for o in T.OUTCOMES:
            n += 1
            rows.append(("review_litigation", p.code, o.code, float(n), "number"))
    for item, measure in T.proactive_cells(template):  # type: ignore[arg-type]
        n += 1
        rows.append(("proactive", item, measure, float(n), "number"))
    return pd.DataFrame(rows, columns=["table_name", "row_code", "column_code", "value", "state"])


def test_csv_has_a_bom_and_round_trips() -> None:
    df = pd.DataFrame({"单位": ["示例市人民政府", "甲,乙"], "本年新收申请": [1234, 0]})
    raw = export.csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig").equals(df)


def test_excel_round_trips_with_empty_cells() -> None:
    df = pd.DataFrame({"报告年度": [2023, 2024], "纠错率": [0.25, None], "单位": ["甲", "乙"]})
    ws = load_workbook(io.BytesIO(export.xlsx_bytes(df, "复议/诉讼"))).active
    assert ws.title == "复议_诉讼"
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["报告年度", "纠错率", "单位"], [2023, 0.25, "甲"],
                                                                  [2024, None, "乙"]]


@pytest.mark.parametrize("template", T.TEMPLATES)
def test_requests_frame_follows_the_printed_template(template: str) -> None:
    cells = _cells(template)
    frame = layout.requests_frame(cells, template)
    printed = T.printed_request_items(template)  # type: ignore[arg-type]
    assert list(frame["项目"]) == [i.label for i in printed]
    assert list(frame.columns[2:]) == [a.label for a in T.APPLICANTS]
    values = {(r, c): v for r, c, v in zip(cells["row_code"], cells["column_code"], cells["value"])}
    for item, (_, row) in zip(printed, frame.iterrows()):
        assert [row[a.label] for a in T.APPLICANTS] == [values[(item.code, a.code)] for a in T.APPLICANTS]


def test_a_hybrid_report_keeps_its_single_other_row() -> None:
    cells = _cells("2021")
    split = cells["row_code"].isin(T.OTHER_SPLIT)
    cells.loc[split, ["value", "state"]] = [None, "missing"]
    cells.loc[cells["row_code"] == "other", "state"] = "number"
    rows = list(layout.requests_frame(cells, "2021")["项目"])
    assert labels.ITEM_LABELS["other"] in rows
    assert not any(labels.ITEM_LABELS[c] in rows for c in T.OTHER_SPLIT)


def test_proactive_blocks_are_the_clauses_of_the_template() -> None:
    cells = _cells("2019")
    blocks = layout.proactive_blocks(cells, "2019")
    assert [b.clause for b in blocks] == list(dict.fromkeys(i.clause for i in T.PROACTIVE["2019"]))
    fees = next(b for b in blocks if "行政事业性收费" in set(b.frame["信息内容"]))
    assert list(fees.frame.columns) == ["信息内容", "上一年项目数量", "本年增/减"]
    long = layout.proactive_long(blocks)
    assert len(long) == len(T.proactive_cells("2019"))
    assert long["数值"].tolist() == cells[cells["table_name"] == "proactive"]["value"].tolist()


def test_place_labels_read_like_the_template() -> None:
    assert layout.place_label("requests.carried_over.total") == "二、上年结转政府信息公开申请数量 · 总计"
    assert layout.place_label("requests.natural_person") == "自然人"
    assert layout.place_label("review_litigation.review.other") == "行政复议 · 其他结果"
    assert layout.place_label("proactive.fees.fee_amount") == "行政事业性收费 · 本年收费金额（单位：万元）"


def test_summary_workbook_is_laid_out_like_the_template() -> None:
    cells = _cells("2021")
    requests = layout.requests_frame(cells, "2021")
    review = layout.review_row(cells)
    raw = export.template_workbook("2024年度汇总表", ["注"], {"2021": layout.proactive_blocks(cells, "2021")},
                                   requests, review)
    ws = load_workbook(io.BytesIO(raw)).active
    merged = {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}
    text = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
    where = {v: k for k, v in text.items() if isinstance(v, str)}
    # section 三: 申请人情况 over seven columns, 法人或其他组织 over five
    r, c = where["申请人情况"]
    assert merged[f"{_a1(r, c)}:{_a1(r, c + 6)}"] == "申请人情况"
    assert merged[f"{_a1(r + 1, c + 1)}:{_a1(r + 1, c + 5)}"] == "法人或其他组织"
    assert [text[(r + 2, c + j)] for j in range(1, 6)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    first = r + 3
    for i, (_, row) in enumerate(requests.iterrows()):
        assert text.get((first + i, 2)) == row["项目"]
        assert [text.get((first + i, c + j)) for j in range(7)] == [row[a.label] for a in T.APPLICANTS]
    # section 四: 行政复议 over five, 行政诉讼 over ten, then fifteen numbers in order
    r4, c4 = where["行政复议"]
    assert merged[f"{_a1(r4, c4)}:{_a1(r4, c4 + 4)}"] == "行政复议"
    assert merged[f"{_a1(r4, c4 + 5)}:{_a1(r4, c4 + 14)}"] == "行政诉讼"
    assert [text[(r4 + 3, c4 + j)] for j in range(15)] == review


def _a1(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"
