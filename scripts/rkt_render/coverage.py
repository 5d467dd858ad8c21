"""Is every scored fact of the gold printed somewhere in the rendered document?

Gold files read from a document have every name in a table or in the prose the renderer
writes (vision, missions, goal prose, budget summary). A gold file written by hand might not:
whatever the planned document does not print goes into extra tables at the end of the
planning chapter, so the gold stays the truth of what is rendered.
"""

from __future__ import annotations

import re

from .prose import format_percent


def _n(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def budget_lines(b: dict) -> list[str]:
    """The budget summary prose, as the renderer prints it."""
    year = b.get("year")
    out = []
    if b.get("allocated"):
        out.append(f"Jumlah Anggaran Kegiatan Tahun {year} : {b['allocated']['raw']}")
    if b.get("realized"):
        out.append(f"Jumlah Realisasi Anggaran Kegiatan Tahun {year} : {b['realized']['raw']}")
    if b.get("realization_percent") is not None:
        out.append(f"atau sebesar {format_percent(b['realization_percent'])}.")
    return out


def printed_strings(gold: dict, plans: list) -> list[str]:
    """Every string the planned document prints from the gold (not the filler prose)."""
    out: list[str] = []
    for plan in plans:
        for it in plan.items:
            if it.kind in ("table", "fallback"):
                t = it.data
                out += [c for r in (t.get("header") or []) + (t.get("rows") or []) for c in r]
                out += [t.get("label") or "", t.get("caption") or ""]
            elif it.kind == "vision":
                out.append(it.data)
            elif it.kind == "missions":
                out += list(it.data)
            elif it.kind == "goals":
                for b in it.data:
                    out += [b["text"]] + list(b["indicators"])
            elif it.kind == "budget":
                out += budget_lines(it.data)
    return [_n(s) for s in out if s]


def facts(gold: dict) -> list[tuple[str, str, str]]:
    """(kind, owner, printed text) for every name and amount the evaluator scores."""
    out: list[tuple[str, str, str]] = []

    def inds(rec: dict, owner: str) -> None:
        for i in rec.get("indicators") or []:
            out.append(("indicator", owner, i["name"]))

    def money(rec: dict, owner: str) -> None:
        if rec.get("budget"):
            out.append(("budget", owner, rec["budget"]["raw"]))

    for g in gold.get("goals") or []:
        out.append(("goal", "", g["text"]))
        inds(g, g["text"])
    for o in gold.get("objectives") or []:
        out.append(("objective", o.get("goal") or "", o["text"]))
        inds(o, o["text"])
    def record(kind: str, parent: str, rec: dict) -> None:
        out.append((kind, parent, rec["name"]))
        inds(rec, rec["name"])
        money(rec, rec["name"])

    for p in gold.get("programs") or []:
        record("program", "", p)
        for a in p.get("activities") or []:
            record("activity", p["name"], a)
            for s in a.get("sub_activities") or []:
                record("sub_activity", a["name"], s)
    for a in gold.get("unassigned_activities") or []:
        record("activity", "", a)
    for b in gold.get("budget_summary") or []:
        for key in ("allocated", "realized"):
            if b.get(key):
                out.append((key, str(b.get("year")), b[key]["raw"]))
    return out


def missing_facts(gold: dict, strings: list[str]) -> list[tuple[str, str, str]]:
    blob = "\n".join(strings)
    return [f for f in facts(gold) if _n(f[2]) not in blob]


def fallback_tables(gold: dict, missing: list[tuple[str, str, str]]) -> list[dict]:
    """Tables that print the missing facts with their owners (gold table shape)."""
    if not missing:
        return []
    names = {_n(m[2]) for m in missing} | {_n(m[1]) for m in missing if m[1]}
    tables: list[dict] = []

    def touched(rec: dict, key: str) -> bool:
        if _n(rec.get(key) or "") in names:
            return True
        if rec.get("budget") and _n(rec["budget"]["raw"]) in names:
            return True
        return any(_n(i["name"]) in names for i in rec.get("indicators") or [])

    goal_rows = []
    for o in gold.get("objectives") or []:
        goal = next((g for g in gold.get("goals") or [] if g["text"] == o.get("goal")), None)
        if touched(o, "text") or (goal and touched(goal, "text")):
            for i in (o.get("indicators") or [{"name": ""}]):
                goal_rows.append([o.get("goal") or "", o["text"], i["name"]])
    for g in gold.get("goals") or []:
        if touched(g, "text") and not any(r[0] == g["text"] for r in goal_rows):
            for i in (g.get("indicators") or [{"name": ""}]):
                goal_rows.append([g["text"], "", i["name"]])
    if goal_rows:
        tables.append({"label": None, "caption": "Tujuan, Sasaran dan Indikator Kinerja",
                       "pages": [], "header": [["Tujuan", "Sasaran", "Indikator Kinerja"]],
                       "rows": goal_rows})

    rows = []

    def add(program: str, activity: str, sub: str, rec: dict) -> None:
        raw = rec["budget"]["raw"] if rec.get("budget") else ""
        inds = [i["name"] for i in rec.get("indicators") or []] or [""]
        for k, ind in enumerate(inds):
            rows.append([program, activity, sub, ind, raw if k == 0 else ""])

    for p in gold.get("programs") or []:
        subtree = [p] + list(p.get("activities") or []) + [
            s for a in p.get("activities") or [] for s in a.get("sub_activities") or []]
        if not any(touched(r, "name") for r in subtree):
            continue
        add(p["name"], "", "", p)
        for a in p.get("activities") or []:
            add(p["name"], a["name"], "", a)
            for s in a.get("sub_activities") or []:
                add(p["name"], a["name"], s["name"], s)
    for a in gold.get("unassigned_activities") or []:
        if touched(a, "name"):
            add("", a["name"], "", a)
    if rows:
        tables.append({"label": None, "caption": "Program, Kegiatan, Sub Kegiatan, Indikator "
                       "dan Pagu Anggaran", "pages": [],
                       "header": [["Program", "Kegiatan", "Sub Kegiatan", "Indikator Kinerja",
                                   "Pagu Anggaran (Rp)"]], "rows": rows})
    return tables
