"""The review site in a real headless Chromium (Debian's `chromium`, driven by Playwright).

The index must load from file:// with no console errors, filter and sort; sorting by
warnings and clicking the first document must open its page with its page images and
outlined tables (the issue's "two clicks"). Screenshots are kept in `test-artifacts/`.

Playwright is only the driver: the browser is the system's /usr/bin/chromium (never
`playwright install`, which downloads a browser). scripts/setup.sh installs it for CI.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import RENDERED_PONTIANAK, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (scripts/setup.sh installs the Debian package "
                "`chromium`)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is a dev dependency "
                               "(pip install -e '.[dev]')")

ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed to load {r.url}"))
    page.errors = errors
    yield page
    page.close()


def keep(page: object, tmp_path: Path, name: str) -> Path:
    """Save a screenshot under the test's tmp folder and copy it to test-artifacts/."""
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=False)  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / name)
    return shot


def test_index_loads_filters_and_sorts(page: object, review_site: Path,
                                       tmp_path: Path) -> None:
    page.goto((review_site / "index.html").as_uri())  # type: ignore[attr-defined]
    rows = page.locator("#documents tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 3
    assert page.errors == []  # type: ignore[attr-defined]

    page.fill("#filter", "failed")  # type: ignore[attr-defined]
    visible = page.locator("#documents tbody tr:visible")  # type: ignore[attr-defined]
    assert visible.count() == 1 and "corrupt_pdf" in visible.first.inner_text()
    page.fill("#filter", "pontianak digital")  # type: ignore[attr-defined]
    assert visible.count() == 1 and RENDERED_PONTIANAK.stem in visible.first.inner_text()
    page.fill("#filter", "")  # type: ignore[attr-defined]
    assert visible.count() == 3
    assert page.inner_text("#shown") == "3 of 3 shown"  # type: ignore[attr-defined]

    page.click("#sort-warnings")  # type: ignore[attr-defined]
    values = [int(v) if v else -1 for v in page.eval_on_selector_all(  # type: ignore
        "#documents tbody tr td.warnings", "cells => cells.map(c => c.dataset.value)")]
    assert values[0] > 0 and values == sorted(values, reverse=True)
    keep(page, tmp_path, "report-index.png")
    assert page.errors == []  # type: ignore[attr-defined]


def most_warned(run: Path) -> tuple[set[str], int]:
    """The outputs with the most warnings in the run (a tie is possible: a text and its PDF
    rendition), and how many they have."""
    counts = {path.stem: len(json.loads(path.read_text(encoding="utf-8"))["warnings"])
              for path in run.glob("*.json")}
    top = max(counts.values())
    return {stem for stem, count in counts.items() if count == top}, top


def test_most_warned_document_and_its_warnings_in_two_clicks(
        page: object, review_run: Path, review_site: Path, tmp_path: Path) -> None:
    stems, count = most_warned(review_run)
    assert count > 0
    page.goto((review_site / "index.html").as_uri())  # type: ignore[attr-defined]
    page.click("#sort-warnings")  # click 1  # type: ignore[attr-defined]
    first = page.locator("#documents tbody tr").first.locator("a.doc")  # type: ignore
    stem = first.inner_text()
    assert stem in stems
    first.click()  # click 2
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.url.endswith(f"docs/{stem}/index.html")  # type: ignore[attr-defined]
    # Where the warnings come from: each listed with a link to its page or line, and
    # marked there (a badge on the page image, or on the text line).
    warnings = page.locator("ol.warnings li")  # type: ignore[attr-defined]
    assert warnings.count() == count
    marks = page.locator("g.mark, ol.lines a.badge")  # type: ignore[attr-defined]
    assert marks.count() >= 1
    link = page.locator("ol.warnings li a.loc[data-target]").first  # type: ignore
    target = link.get_attribute("data-target")
    link.click()
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    flashed = page.locator(f"[id='{target}'], [id='o-{target}']")  # type: ignore
    assert flashed.count() == 1 and flashed.first.is_visible()
    keep(page, tmp_path, "report-warnings.png")
    assert page.errors == []  # type: ignore[attr-defined]


def test_pdf_document_shows_page_images_with_outlined_tables(
        page: object, review_site: Path, tmp_path: Path) -> None:
    page.goto((review_site / "index.html").as_uri())  # type: ignore[attr-defined]
    page.click(f"a.doc:text-is('{RENDERED_PONTIANAK.stem}')")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.locator(".page .sheet img").count() == 19  # type: ignore[attr-defined]
    # The page of Tabel 2.3, reached from its first program's link.
    link = page.locator("#programs li.program a.loc[data-target]").first  # type: ignore
    href = link.get_attribute("href")
    assert href and href.startswith("#page-")
    link.click()
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "selector => { const i = document.querySelector(selector);"
        " return i.complete && i.naturalWidth > 0; }", arg=f"{href} img")
    tables = page.locator(f"{href} rect.o.table")  # type: ignore[attr-defined]
    assert tables.count() >= 1
    box = tables.first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    assert page.locator(f"{href} rect.o.cell").count() > 4  # type: ignore[attr-defined]
    # The record's row is the one flashed, inside the outlined table.
    row = page.locator("rect.o.row.flash")  # type: ignore[attr-defined]
    assert row.count() == 1
    row_box = row.first.bounding_box()
    assert row_box is not None and box["y"] <= row_box["y"] < box["y"] + box["height"]
    keep(page, tmp_path, "report-document.png")
    assert page.errors == []  # type: ignore[attr-defined]
