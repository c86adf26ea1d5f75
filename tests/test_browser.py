"""The dashboard in a real browser: `streamlit run app.py` on a free port, every
page opened in headless Chromium (Debian's, driven by Playwright), no error
element, Plotly charts drawn, one screenshot per page in tests/artifacts/."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "tests" / "artifacts"
#: url_path of each page and whether it must show at least one Plotly chart.
PAGES = [("", True), ("volume", True), ("outcomes", True), ("review", True), ("zero", True),
         ("coverage", True), ("quality", True), ("unit", False), ("summary", False)]

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url}")


@pytest.fixture(scope="module")
def server(small_warehouse: Path, tmp_path_factory):
    """A streamlit server over the small fixture warehouse; killed at the end."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)")
    port = _free_port()
    home = tmp_path_factory.mktemp("st_home")
    env = {**os.environ, "NIANBAO_DB": str(small_warehouse), "HOME": str(home)}
    log = open(home / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished running the script and drawing."""
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=30_000)
    page.wait_for_selector('h1', timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=30_000)
    page.wait_for_timeout(800)


def _shoot(page, name: str) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport to fit."""
    height = page.evaluate("() => (document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 40, 8000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"page_{name}.png"))
    page.set_viewport_size({"width": 1440, "height": 1000})


def test_every_page_renders_without_error(server: str, browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    try:
        for path, has_chart in PAGES:
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            _settle(page)
            if has_chart:
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"], [role="dialog"]')
            assert errors.count() == 0, f"{path}: {errors.first.inner_text()}"
            assert page.locator("h1").first.inner_text().strip(), path
            if has_chart:
                assert page.locator(".js-plotly-plot").count() >= 1, path
            assert page.get_by_text("演示数据").count() >= 1, f"{path}: no 演示数据 badge"
            _shoot(page, path or "overview")
    finally:
        page.close()


def test_a_copied_link_restores_the_filters(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        page.goto(f"{server}/volume?from=2020&to=2021", wait_until="domcontentloaded")
        _settle(page)
        assert "2020–2021年" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
        assert "from=2020" in page.url and "to=2021" in page.url
    finally:
        page.close()
