"""The review site (`rkt report`, `rkt eval --html`) and the geometry it draws (review.py).

Runs on the Pontianak RKT as text (`corpus/`) and as its rendered PDF (`corpus/rendered/`);
the site is built once per session (`review_site` in conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.evaluate import evaluate_dirs
from extract.report import build_site, collect_documents, record_counts
from extract.review import document_layout

from .conftest import GOLD, PONTIANAK, RENDERED_PONTIANAK

PDF_SLUG = RENDERED_PONTIANAK.stem
TEXT_SLUG = PONTIANAK.stem


class Page(HTMLParser):
    """The ids, links, image sources, outline targets and text of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.targets: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.rects: list[dict[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag in ("a", "link") and found.get("href"):
            self.links.append(found["href"] or "")
        if tag in ("img", "script") and found.get("src"):
            self.sources.append(found["src"] or "")
        if found.get("data-target"):
            self.targets.append(found["data-target"] or "")
        if tag == "script":
            self.scripts.append(found)
        if tag == "rect":
            self.rects.append(found)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def index_rows(site: Path) -> dict[str, list[str]]:
    """The index table: document name -> its cells' data-value, in column order."""
    html = (site / "index.html").read_text(encoding="utf-8")
    rows = {}
    for row in re.findall(r"<tr class=\"status-.*?</tr>", html, re.S):
        values = re.findall(r'<td[^>]*data-value="([^"]*)"', row)
        rows[values[0]] = values
    return rows


COLUMNS = ["name", "status", "type", "agency", "region", "year", "pages", "programs",
           "activities", "indicators", "budgets", "warnings", "confidence"]


def test_site_has_an_index_a_page_per_document_and_local_assets(review_site: Path) -> None:
    assert (review_site / "index.html").is_file()
    assert (review_site / "assets" / "report.css").is_file()
    assert (review_site / "assets" / "report.js").is_file()
    for slug in (PDF_SLUG, TEXT_SLUG):
        assert (review_site / "docs" / slug / "index.html").is_file()
    # One image per page of the PDF; the text input shows its lines instead.
    images = sorted((review_site / "docs" / PDF_SLUG).glob("page-*.jpg"))
    assert len(images) == 19
    assert not list((review_site / "docs" / TEXT_SLUG).glob("*.jpg"))
    text_page = parse(review_site / "docs" / TEXT_SLUG / "index.html")
    assert "line-238" in text_page.ids  # Tabel 2.3's first program row


def test_every_link_image_and_outline_target_resolves(review_site: Path) -> None:
    pages = list(review_site.rglob("*.html"))
    assert len(pages) == 3
    for path in pages:
        page = parse(path)
        for ref in page.links + page.sources:
            url = urlparse(ref)
            assert not url.scheme and not url.netloc, f"{path}: external reference {ref}"
            if url.path:
                assert (path.parent / unquote(url.path)).is_file(), f"{path}: {ref}"
            if url.fragment and not url.path:
                assert url.fragment in page.ids, f"{path}: #{url.fragment} has no target"
        for key in page.targets:
            assert key in page.ids or f"o-{key}" in page.ids, f"{path}: outline {key}"


def test_pdf_page_outlines_tables_rows_and_cells(review_site: Path) -> None:
    page = parse(review_site / "docs" / PDF_SLUG / "index.html")
    kinds = [str(r.get("class")) for r in page.rects]
    assert sum("o table" == k for k in kinds) >= 9  # Tabel 2.1-2.6 and the unlabelled ones
    assert sum("o cell" == k for k in kinds) > 300
    assert any("o heading" == k for k in kinds)
    # Tabel 2.3, row 1 (the first program) is outlined and the program record links to it.
    assert "page-11" in page.ids
    html = (review_site / "docs" / PDF_SLUG / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="#page-11" data-target="t\d+r1"[^>]*>p\. 11 · Tabel 2\.3 · row 1',
                     html)


def test_index_counts_match_the_outputs(review_run: Path, review_site: Path) -> None:
    rows = index_rows(review_site)
    for stem in (PDF_SLUG, TEXT_SLUG):
        data = json.loads((review_run / f"{stem}.json").read_text(encoding="utf-8"))
        row = dict(zip(COLUMNS, rows[stem]))
        programs = data["programs"]
        activities = [a for p in programs for a in p["activities"]] + data[
            "unassigned_activities"]
        subs = [s for a in activities for s in a["sub_activities"]]
        indicators = sum(len(r["indicators"]) for r in
                         data["goals"] + data["objectives"] + programs + activities + subs)
        budgets = sum(r["budget"] is not None for r in programs + activities + subs)
        assert int(row["programs"]) == len(programs) == 6
        assert int(row["activities"]) == len(activities)
        assert int(row["indicators"]) == indicators
        assert int(row["budgets"]) == budgets
        assert int(row["warnings"]) == len(data["warnings"])
        assert row["agency"] == "Kantor Kesatuan Bangsa dan Sosial Politik"
        assert row["region"] == "Kota Pontianak" and row["year"] == "2021"
        assert record_counts(data)["budgets"] == budgets


def test_failed_documents_of_the_manifest_are_listed_with_their_error(review_site: Path
                                                                       ) -> None:
    rows = index_rows(review_site)
    failed = rows["rkt-2022-scan"]
    assert failed[1] == "failed"
    html = (review_site / "index.html").read_text(encoding="utf-8")
    assert "<code>corrupt_pdf</code>" in html
    assert not (review_site / "docs" / "rkt-2022-scan").exists()


def test_warnings_are_marked_on_the_page_they_come_from(review_run: Path,
                                                        review_site: Path) -> None:
    data = json.loads((review_run / f"{PDF_SLUG}.json").read_text(encoding="utf-8"))
    html = (review_site / "docs" / PDF_SLUG / "index.html").read_text(encoding="utf-8")
    page = parse(review_site / "docs" / PDF_SLUG / "index.html")
    for number, warning in enumerate(data["warnings"], start=1):
        assert f"w-{number}" in page.ids
        if warning["page"]:
            # Listed under its page, and badged on the page image.
            section = html[html.index(f'id="page-{warning["page"]}"'):]
            section = section[:section.index("</section>")]
            assert f'href="#w-{number}"' in section
    # Every warning that names its page is badged there (one without a page is listed only).
    assert len(re.findall(r'<g class="mark"', html)) == sum(
        1 for w in data["warnings"] if w["page"])


def test_hostile_strings_are_escaped(review_run: Path, tmp_path: Path) -> None:
    """Names, messages and file names from documents are data, never markup."""
    run = tmp_path / "run"
    run.mkdir()
    data = json.loads((review_run / f"{TEXT_SLUG}.json").read_text(encoding="utf-8"))
    script = "<script>alert('x')</script>"
    attribute = '"><img src=x onerror="alert(1)">'
    data["programs"][0]["name"] = f"Program {script} & {attribute}"
    data["programs"][0]["provenance"][0]["corrections"] = [
        {"from": "</ins><script>", "to": "Verifikasi\"'", "score": 91.0}]
    data["document"]["agency"] = attribute
    data["warnings"].append({"code": "duplicate_entry", "message": script, "page": None,
                             "line": 238})
    (run / "evil\"'<b>.json").write_text(json.dumps(data), encoding="utf-8")
    site = tmp_path / "site"
    build_site(run, site)
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "</ins><script>" not in html and "<b>.json" not in html
        page = parse(path)
        assert all(s.get("src", "").endswith("assets/report.js") for s in page.scripts)
    document = next(site.glob("docs/*/index.html"))
    assert re.fullmatch(r"[A-Za-z0-9._-]+", document.parent.name)
    text = "".join(parse(document).text)
    assert f"Program {script} & {attribute}" in text  # shown as text, intact
    assert script in text


def test_eval_html_shows_missing_extra_and_matched_facts(review_run: Path,
                                                         tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(review_run), str(GOLD), "--html",
                                      str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    report = evaluate_dirs(review_run, GOLD)
    scored = [score for score in report.documents if not score.missing_output]
    assert {score.document for score in scored} == {PDF_SLUG, TEXT_SLUG}
    for score in scored:
        html = (tmp_path / "site" / "docs" / score.document / "index.html").read_text(
            encoding="utf-8")
        assert "Against gold" in html
        missed = sum(len(f) for f in score.missed.values())
        extra = sum(len(f) for f in score.extra.values())
        matched = sum(len(m) for m in score.matched.values())
        assert html.count('<li class="missed">') == missed
        assert html.count('<li class="extra">') == extra
        assert html.count('<li class="matched">') == matched
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Against gold" in index
    # Gold files without an output in the run are listed as such.
    assert index.count("<code>missing_output</code>") == len(report.missing_outputs) == 4


def test_report_command_writes_the_site(review_run: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(review_run, run)
    (run / f"{PDF_SLUG}.json").unlink()  # keep it quick: the text document only
    result = CliRunner().invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    assert (run / "report" / "index.html").is_file()
    assert (run / "report" / "docs" / TEXT_SLUG / "index.html").is_file()


def test_collect_documents_reads_manifest_and_unlisted_outputs(review_run: Path) -> None:
    entries = collect_documents(review_run)
    assert [e.status for e in entries] == ["done", "done", "failed"]
    assert entries[2].error_code == "corrupt_pdf" and entries[2].data is None


def test_document_layout_of_a_pdf_has_table_row_and_cell_boxes() -> None:
    layout = document_layout(RENDERED_PONTIANAK)
    assert layout.paged and len(layout.pages) == 19
    sizes = {p.number: (p.width, p.height) for p in layout.pages}
    for table in layout.tables:
        assert table.boxes and {b.page for b in table.boxes} == set(table.pages)
        for row in table.rows:
            assert row.box is not None and row.box.page == row.page
            width, height = sizes[row.page]
            assert 0 <= row.box.x0 < row.box.x1 <= width
            assert 0 <= row.box.top < row.box.bottom <= height
            assert row.cell_boxes is not None and len(row.cell_boxes) == len(row.cells)
            # Every cell's box lies inside its row's.
            for box in filter(None, row.cell_boxes):
                assert box.top >= row.box.top - 0.01 and box.bottom <= row.box.bottom + 0.01
    table = layout.tables[layout.table_at("Tabel 2.3")]
    page, _, key = layout.locate(page=11, table="Tabel 2.3", row=1)
    assert page == 11 and key is not None and key in layout.outline_keys()
    assert "peran partai politik" in table.rows[0].raw.lower()


def test_document_layout_of_a_text_input_has_lines_and_no_boxes() -> None:
    layout = document_layout(PONTIANAK)
    assert not layout.paged and layout.pages == []
    assert all(row.box is None for table in layout.tables for row in table.rows)
    assert layout.locate(line=238, table="Tabel 2.3", row=1) == (None, 238, "line-238")


@pytest.mark.parametrize("raw", ["FKUB", "Fkub"])
def test_a_row_is_found_by_its_text_from_another_rendition(raw: str) -> None:
    layout = document_layout(PONTIANAK)
    found = layout.find_row(raw)
    assert found is not None
    table, row = found
    assert any(cell.lower() == "fkub" for cell in layout.tables[table].rows[row - 1].cells)


def test_low_confidence_words_and_cells_are_outlined() -> None:
    """OCR confidence marks the words and cells read badly (the rendered PDF's text layer,
    with the confidences an OCR pass would attach to its words)."""
    from dataclasses import replace

    from extract.ingest import ingest
    from extract.review import layout_of
    from extract.sections import detect_sections
    from extract.tables import find_tables

    doc = find_tables(detect_sections(ingest(RENDERED_PONTIANAK)))
    table = doc.tables[next(i for i, t in enumerate(doc.tables) if t.label == "Tabel 2.3")]
    row_line = next(line for line in doc.lines if line.number == table.rows[0].lines[0])
    for line in doc.lines:
        if line.page == row_line.page:
            confidence = 35.0 if line is row_line else 96.0
            line.words = [replace(w, confidence=confidence) for w in line.words]
    layout = layout_of(doc, low_confidence=60.0)
    page = next(p for p in layout.pages if p.number == row_line.page)
    low_words = [o for o in page.outlines if o.kind == "low_word"]
    low_cells = [o for o in page.outlines if o.kind == "low_cell"]
    assert len(low_words) == len(row_line.words) > 0
    assert {o.title.split("'")[1] for o in low_words} <= {w.text for w in row_line.words}
    filled = {box for box in row_line.cell_boxes or [] if box is not None and any(
        box.x0 <= (w.x0 + w.x1) / 2 <= box.x1 and box.top <= (w.top + w.bottom) / 2
        <= box.bottom for w in row_line.words)}
    assert {o.box for o in low_cells} == filled and filled
    assert all(o.kind not in ("low_word", "low_cell") for p in layout.pages
               if p.number != row_line.page for o in p.outlines)


def test_a_moved_or_changed_source_is_reported_and_found_with_sources(review_run: Path,
                                                                      tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    data = json.loads((review_run / f"{TEXT_SLUG}.json").read_text(encoding="utf-8"))
    data["source"]["file"] = f"/gone/{PONTIANAK.name}"
    (run / f"{TEXT_SLUG}.json").write_text(json.dumps(data), encoding="utf-8")
    build_site(run, tmp_path / "a")
    html = (tmp_path / "a" / "docs" / TEXT_SLUG / "index.html").read_text(encoding="utf-8")
    assert "not found" in html and 'id="line-238"' not in html
    assert "Program peningkatan peran partai politik" in html  # the records still show
    build_site(run, tmp_path / "b", sources=PONTIANAK.parent)
    html = (tmp_path / "b" / "docs" / TEXT_SLUG / "index.html").read_text(encoding="utf-8")
    assert 'id="line-238"' in html and "not found" not in html
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / PONTIANAK.name).write_text(PONTIANAK.read_text(encoding="utf-8") + "\nx\n",
                                          encoding="utf-8")
    build_site(run, tmp_path / "c", sources=changed)
    html = (tmp_path / "c" / "docs" / TEXT_SLUG / "index.html").read_text(encoding="utf-8")
    assert "sha256 differs" in html and 'id="line-238"' not in html
