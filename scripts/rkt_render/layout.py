"""Where everything of a gold file goes in the rendered document.

The gold keeps the document's sections (with the line or page they start on), its tables
(label, caption, cells) and records whose provenance names the table, line or page they were
read from. That is enough to put every table, the vision and missions, the goal / objective
prose and the budget summary back into the section they came from, in their order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tables import is_toc, norm

KATA = "kata pengantar"


@dataclass
class Item:
    """One thing to render inside a section: kind in table, vision, missions, goals, budget,
    signature, fallback."""

    kind: str
    pos: float
    data: object = None


@dataclass
class SectionPlan:
    number: str | None
    title: str
    kind: str  # kata | toc | bab | sub
    items: list[Item] = field(default_factory=list)
    synthetic: bool = False


def _pos(p: dict | None) -> float | None:
    """A sortable position: the line of a text source, else the page."""
    if not p:
        return None
    if p.get("line") is not None:
        return float(p["line"])
    if p.get("page") is not None:
        return float(p["page"]) * 100000.0
    return None


def _label_key(text: str | None) -> str:
    return norm(text).rstrip(".").strip()


def _label_numbers(label: str | None) -> tuple[int, ...]:
    m = re.search(r"(\d+(?:\.\d+)*)", label or "")
    return tuple(int(x) for x in m.group(1).split(".")) if m else ()


def _walk_provenance(gold: dict) -> list[tuple[str | None, float | None, str]]:
    """(table name, position, record name) for every provenance entry of every record."""
    out: list[tuple[str | None, float | None, str]] = []

    def walk(o: object, name: str) -> None:
        if isinstance(o, dict):
            own = o.get("name") or o.get("text") or o.get("indicator") or name
            for p in o.get("provenance") or []:
                out.append((p.get("table"), _pos(p), own if isinstance(own, str) else ""))
            for k, v in o.items():
                if k != "provenance":
                    walk(v, own if isinstance(own, str) else name)
        elif isinstance(o, list):
            for v in o:
                walk(v, name)

    for key in ("goals", "objectives", "programs", "unassigned_activities",
                "performance_history", "budget_summary"):
        walk(gold.get(key) or [], "")
    return out


def _section_kind(sec: dict) -> str:
    num = (sec.get("number") or "").strip()
    title = norm(sec.get("title"))
    if title.startswith(KATA):
        return "kata"
    if title.startswith("daftar"):
        return "toc"
    if num.upper().startswith("BAB"):
        return "bab"
    return "sub"


def default_sections(gold: dict) -> list[dict]:
    """Sections for a gold file that lists none."""
    year = (gold.get("document") or {}).get("year")
    return [
        {"number": None, "title": "KATA PENGANTAR"},
        {"number": "BAB I", "title": "PENDAHULUAN"},
        {"number": "1.1", "title": "Latar Belakang"},
        {"number": "BAB II", "title": "PERENCANAAN KINERJA"},
        {"number": "2.1", "title": "Visi dan Misi"},
        {"number": "2.2", "title": "Tujuan dan Sasaran"},
        {"number": "BAB III", "title": f"RENCANA KINERJA TAHUN {year}" if year else
         "RENCANA KINERJA"},
        {"number": "BAB IV", "title": "PENUTUP"},
    ]


def plan_document(gold: dict) -> list[SectionPlan]:
    """The document as sections in order, each with the items it holds."""
    raw_sections = [s for s in gold.get("sections") or [] if (s.get("title") or "").strip()]
    synthetic = not raw_sections
    if synthetic:
        raw_sections = default_sections(gold)
    plans = [SectionPlan(s.get("number"), s["title"].strip(), _section_kind(s),
                         synthetic=synthetic) for s in raw_sections]
    if not any(p.kind == "kata" for p in plans):
        plans.insert(0, SectionPlan(None, "KATA PENGANTAR", "kata", synthetic=True))
        raw_sections = [{"title": "KATA PENGANTAR"}] + raw_sections
    spos = [_pos(s) for s in raw_sections]

    def section_at(pos: float | None) -> int | None:
        if pos is None:
            return None
        best: int | None = None
        for i, sp in enumerate(spos):
            if sp is not None and sp <= pos and plans[i].kind not in ("toc",) and (
                    best is None or sp >= (spos[best] or 0)):
                best = i
        return best

    def section_where(pred) -> int | None:
        for i, p in enumerate(plans):
            if pred(norm(p.title), p):
                return i
        return None

    def content_chapter() -> int:
        """The chapter that holds planning content when nothing says where."""
        words = ("rencana strategis", "perencanaan", "rencana kinerja")
        i = section_where(lambda t, p: p.kind == "bab" and any(w in t for w in words))
        if i is not None:
            return i
        babs = [i for i, p in enumerate(plans) if p.kind == "bab"]
        non_closing = [i for i in babs if "penutup" not in norm(plans[i].title)]
        if len(non_closing) > 1:
            return non_closing[1]
        if non_closing:
            return non_closing[0]
        return len(plans) - 1

    def put(i: int | None, item: Item) -> None:
        if i is None:
            i = content_chapter()
        plans[i].items.append(item)

    # -- tables ---------------------------------------------------------------------------
    prov = _walk_provenance(gold)
    by_key: dict[str, list[tuple[float | None, str]]] = {}
    for table, pos, name in prov:
        if table:
            by_key.setdefault(_label_key(table), []).append((pos, name))
    tables = gold.get("tables") or []
    anchors: dict[int, float | None] = {}
    placed: dict[int, int] = {}
    used_keys: set[str] = set()
    for ti, t in enumerate(tables):
        for key in (_label_key(t.get("label")), _label_key(t.get("caption"))):
            if key and key in by_key:
                ps = [p for p, _ in by_key[key] if p is not None]
                anchors[ti] = min(ps) if ps else None
                used_keys.add(key)
                break
    # provenance naming a section rather than a table: the unplaced table with its records
    for key, entries in by_key.items():
        if key in used_keys:
            continue
        names = {norm(n) for _, n in entries if n}
        best, best_score = None, 0
        for ti, t in enumerate(tables):
            if ti in anchors or is_toc(t):
                continue
            cells = " | ".join(norm(c) for r in (t.get("rows") or []) for c in r)
            score = sum(1 for n in names if n and n in cells)
            if score > best_score:
                best, best_score = ti, score
        if best is not None:
            ps = [p for p, _ in entries if p is not None]
            anchors[best] = min(ps) if ps else None
            sec = section_where(lambda t, p, k=key: norm(p.title) in k or k in norm(p.title))
            if sec is not None and anchors[best] is None:
                placed[best] = sec
    for ti, t in enumerate(tables):
        cap = norm(t.get("caption"))
        if ti in anchors and anchors[ti] is not None:
            sec = section_at(anchors[ti])
            if sec is not None and not (is_toc(t)):
                placed[ti] = sec
                continue
        if ti in placed:
            continue
        sec = None
        if cap:
            sec = section_where(lambda t_, p, c=cap: t_ == c)
        if sec is None and t.get("label"):
            nums = _label_numbers(t.get("label"))
            if nums:
                want = ".".join(str(n) for n in nums[:2])
                sec = section_where(lambda t_, p, w=want: (p.number or "").rstrip(".") == w)
                if sec is None:
                    from .prose import roman

                    bab = f"bab {roman(nums[0])}"
                    sec = section_where(lambda t_, p, b=bab: norm(p.number) == b)
        placed[ti] = sec if sec is not None else content_chapter()
    for ti, t in enumerate(tables):
        pos = anchors.get(ti)
        order = pos if pos is not None else 1e12 + sum(
            n * 100 ** (3 - k) for k, n in enumerate(_label_numbers(t.get("label"))[:3]))
        plans[placed[ti]].items.append(Item("table", order, t))

    # -- vision and missions --------------------------------------------------------------
    def has(word: str, t: str) -> bool:
        return re.search(rf"\b{word}\b", t) is not None

    if gold.get("vision"):
        i = section_where(lambda t, p: has("visi", t) and not has("misi", t) and p.kind != "toc")
        if i is None:
            i = section_where(lambda t, p: has("visi", t) and p.kind != "toc")
        put(i, Item("vision", -2.0, gold["vision"]))
    if gold.get("missions"):
        i = section_where(lambda t, p: has("misi", t) and not has("visi", t) and p.kind != "toc")
        if i is None:
            i = section_where(lambda t, p: has("misi", t) and p.kind != "toc")
        if i is None:  # next to the vision
            i = next((k for k, p in enumerate(plans) if any(x.kind == "vision" for x in p.items)),
                     None)
        put(i, Item("missions", -1.0, gold["missions"]))

    # -- goals and objectives the document states in prose --------------------------------
    blocks, first = goal_prose(gold)
    if blocks:
        i = section_at(first)
        if i is None:
            i = section_where(lambda t, p: ("tujuan" in t or "sasaran" in t) and p.kind != "toc")
        put(i, Item("goals", first if first is not None else -0.5, blocks))

    # -- budget summary -------------------------------------------------------------------
    for b in gold.get("budget_summary") or []:
        ps = [x for x in (_pos(p) for p in b.get("provenance") or []) if x is not None]
        pos = min(ps) if ps else None
        i = section_at(pos)
        if i is None:
            i = section_where(lambda t, p: ("capaian" in t or "realisasi" in t)
                              and p.kind != "toc")
        put(i, Item("budget", pos if pos is not None else 1e13, b))

    # -- signatures -----------------------------------------------------------------------
    for p in plans:
        if p.kind == "kata":
            p.items.append(Item("signature", 1e15))
            break
    closing = [i for i, p in enumerate(plans) if "penutup" in norm(p.title)]
    if closing:
        plans[closing[-1]].items.append(Item("signature", 1e15))
    # -- whatever the gold holds that nothing above prints --------------------------------
    from .coverage import fallback_tables, missing_facts, printed_strings

    missing = missing_facts(gold, printed_strings(gold, plans))
    for k, t in enumerate(fallback_tables(gold, missing)):
        plans[content_chapter()].items.append(Item("fallback", 1e14 + k, t))
    for p in plans:
        p.items.sort(key=lambda it: it.pos)
    return plans


def goal_prose(gold: dict) -> tuple[list[dict], float | None]:
    """Goals and objectives read from prose (provenance without a table), with their
    prose indicators; and the first position they were read at."""
    blocks: list[dict] = []
    first: float | None = None

    def prose_pos(rec: dict) -> float | None:
        ps = [p for p in rec.get("provenance") or [] if not p.get("table")]
        if not ps:
            return None
        xs = [x for x in (_pos(p) for p in ps) if x is not None]
        return min(xs) if xs else -1.0

    for kind, key, name in (("Tujuan", "goals", "text"), ("Sasaran", "objectives", "text")):
        for rec in gold.get(key) or []:
            pos = prose_pos(rec)
            if pos is None:
                continue
            inds = [i["name"] for i in rec.get("indicators") or [] if prose_pos(i) is not None]
            blocks.append({"kind": kind, "text": rec[name], "indicators": inds})
            if pos >= 0 and (first is None or pos < first):
                first = pos
    return blocks, first
