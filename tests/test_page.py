"""The episode page in a real headless browser (Debian's chromium and chromedriver,
installed by .ci/run): it loads, the first player reports the episode's duration,
and a chapter link seeks the player. Also checked from file://."""

import shutil
import re
import threading
import time

import pytest

from newscast.site.serve import make_server

from .conftest import DATA, make_silent_voices
from .test_cli import newscast

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium/chromedriver not installed (.ci/run installs them)")]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, silent_voices_module):
    out = tmp_path_factory.mktemp("page") / "out"
    for article in ("harbour_interview.txt", "plain_brief.txt"):
        done = newscast("render", DATA / "articles" / article, "--out", out, "--voices", silent_voices_module)
        assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def silent_voices_module(tmp_path_factory):
    return make_silent_voices(tmp_path_factory.mktemp("voices"))


def _wait(driver, script, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def _check_page(driver, url):
    import json

    driver.get(url)
    assert driver.find_element("tag name", "h1").text == "newscast"
    articles = driver.find_elements("tag name", "article")
    assert len(articles) == 2
    expected = float(driver.execute_script("return document.querySelector('audio').dataset.duration"))
    # the player knows the length before it is played (preload="metadata": not 0:00 / 0:00)
    assert driver.execute_script("return document.querySelector('audio').preload") == "metadata"
    duration = _wait(driver, "var a = document.querySelector('audio'); return isFinite(a.duration) && a.duration > 0 ? a.duration : null;")
    assert abs(duration - expected) < 1.0
    meta = driver.find_element("css selector", "article .meta").text
    assert re.search(r"\b\d+ (min|s)\b", meta) and not re.search(r"\b\d+:\d\d\b", meta)  # "10 min 40 s", not "10:40"
    download = driver.find_element("css selector", "article .meta a[download]")
    assert download.get_attribute("href").endswith(".mp3")
    for speakers in driver.execute_script("return Array.from(document.querySelectorAll('details')).map("
                                          "d => Array.from(d.querySelectorAll('p .who')).map(e => e.textContent))"):
        assert all(a != b for a, b in zip(speakers, speakers[1:]))  # one paragraph per turn: no speaker twice in a row
    link = driver.find_elements("css selector", "article:first-of-type a[data-start]")[1]
    target = float(link.get_attribute("data-start"))
    link.click()
    seeked = _wait(driver, f"var a = document.querySelector('audio'); return Math.abs(a.currentTime - {target}) < 1.5 ? a.currentTime : null;")
    assert abs(seeked - target) < 1.5
    assert json.loads(json.dumps(driver.execute_script("return document.querySelectorAll('details p').length"))) > 5


def test_page_served(browser, site):
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _check_page(browser, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


def test_page_from_file(browser, site):
    _check_page(browser, (site / "index.html").as_uri())
