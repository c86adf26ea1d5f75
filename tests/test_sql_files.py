"""SQL lives in .sql files beside the Python: whole scripts, and files of named statements
(`-- name: <name>` blocks under warehouse/sql/ops/) that the code asks for by ``file:name``."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse import db

REPO = Path(__file__).resolve().parents[1]
USE = re.compile(r"""["'](ops/\w+):(\w+)["']""")


def _uses() -> set[tuple[str, str]]:
    out = set()
    for pkg in ("warehouse", "pipelines", "dashboard"):
        for f in (REPO / pkg).rglob("*.py"):
            out |= set(USE.findall(f.read_text(encoding="utf-8")))
    return out


def test_every_named_statement_asked_for_exists_and_every_one_is_asked_for():
    uses = _uses()
    files = sorted(p.relative_to(db.SQL_DIR).with_suffix("").as_posix() for p in (db.SQL_DIR / "ops").glob("*.sql"))
    assert files == ["ops/build_steps", "ops/db", "ops/export", "ops/parse_cache"]
    have = {(f, name) for f in files for name in db.named_blocks(f)}
    assert uses == have
    assert len(have) == 33
    for f, name in have:
        assert db.statements(db.sql_text(f"{f}:{name}")), (f, name)  # each block holds SQL, not only comments


def test_named_blocks_split_a_file_and_name_what_is_wrong(tmp_path, monkeypatch):
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "x.sql").write_text("-- the file's comment\n\n-- name: one\n-- its comment\nSELECT 1;\n\n"
                                            "--name:two\nDELETE FROM t;\nINSERT INTO t VALUES ($v);\n", encoding="utf-8")
    (tmp_path / "ops" / "dup.sql").write_text("-- name: a\nSELECT 1\n-- name: a\nSELECT 2\n", encoding="utf-8")
    monkeypatch.setattr(db, "SQL_DIR", tmp_path)
    db.named_blocks.cache_clear()
    db.sql_text.cache_clear()
    try:
        assert db.named_blocks("ops/x") == {"one": "-- its comment\nSELECT 1;",
                                            "two": "DELETE FROM t;\nINSERT INTO t VALUES ($v);"}
        assert db.statements(db.sql_text("ops/x:two")) == ["DELETE FROM t", "INSERT INTO t VALUES ($v)"]
        with pytest.raises(KeyError, match=r"warehouse/sql/ops/x.sql: no statement named 'three' \(it has one, two\)"):
            db.sql_text("ops/x:three")
        with pytest.raises(ValueError, match=r"warehouse/sql/ops/dup.sql: two statements named 'a'"):
            db.named_blocks("ops/dup")
    finally:
        db.named_blocks.cache_clear()
        db.sql_text.cache_clear()
