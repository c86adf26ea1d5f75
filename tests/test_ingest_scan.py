"""Fingerprinting a folder: hashes computed on threads agree with one by one, in path order,
and a file that cannot be read is recorded among many without stopping the rest."""
from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest

from pipelines.ingest import scan as S

NOW = dt.datetime(2026, 1, 1)


def _corpus(tmp_path, n: int) -> dict[str, S.FileStat]:
    for i in range(n):
        (tmp_path / f"r{i:03d}.txt").write_bytes(f"报告 {i}\n".encode() * (i + 1))
    return S.scan([tmp_path])


@pytest.mark.parametrize("n", [3, 5 * S.HASH_THREADS * 40])  # one by one, and on threads
def test_every_file_hashed_as_alone(tmp_path, n):
    current = _corpus(tmp_path, n)
    got = S.fingerprint(current, {}, NOW)
    assert [r[0] for r in got.rows] == sorted(current)
    assert {r[0]: r[3] for r in got.rows} == {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for p in current}
    assert (got.new, got.changed, got.unchanged, got.unreadable) == (n, 0, 0, [])


def test_unreadable_file_among_many_is_recorded_and_the_rest_hashed(tmp_path):
    current = _corpus(tmp_path, 300)
    bad = sorted(current)[137]

    def hash_file(path: str) -> str:
        if path == bad:
            raise PermissionError(13, "Permission denied")
        return S.sha256_file(path)

    got = S.fingerprint(current, {}, NOW, hash_file=hash_file)
    shas = {r[0]: r[3] for r in got.rows}
    assert shas[bad].startswith(S.UNREADABLE)
    assert got.unreadable == [(S.parse_key(shas[bad], bad), f"{bad}: cannot read file: Permission denied")]
    assert all(shas[p] == S.sha256_file(p) for p in current if p != bad)


def test_only_changed_files_are_hashed_again(tmp_path):
    current = _corpus(tmp_path, 200)
    first = S.fingerprint(current, {}, NOW)
    manifest = {r[0]: (r[1], r[2], r[3], r[4]) for r in first.rows}
    changed = sorted(current)[5]
    with open(changed, "ab") as fh:
        fh.write(b"more")
    os.utime(changed, ns=(current[changed].mtime_ns + 10**9,) * 2)
    asked: list[str] = []

    def hash_file(path: str) -> str:
        asked.append(path)
        return S.sha256_file(path)

    again = S.fingerprint(S.scan([tmp_path]), manifest, NOW, hash_file=hash_file)
    assert asked == [changed]
    assert (again.new, again.changed, again.unchanged) == (0, 1, 199)
