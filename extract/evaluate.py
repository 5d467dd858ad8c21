"""Score canonical RKT JSON output against hand-written gold files.

Implements the table in ``gold/README.md``: each document becomes one list of facts per fact
type; predicted and gold facts are paired one-to-one, best similarity first; a pair needs
every component to match. Name components match by fuzzy similarity of normalized text over
the record's name and aliases, numbers within a tolerance, everything else exactly.
Provenance, tables, sections and warnings are not scored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from rapidfuzz import fuzz

FACT_TYPES: tuple[str, ...] = (
    "metadata",
    "goals",
    "programs",
    "activities",
    "indicators",
    "targets",
    "budgets",
)


@dataclass(frozen=True)
class EvalSettings:
    """Everything that changes a score."""

    # Least rapidfuzz token_sort_ratio (0-100) of normalized names that counts as a match.
    name_threshold: float = 85.0
    # Numbers (values, amounts) closer than this are equal; floats parsed from "96,82" differ
    # from hand-typed 96.82 only by representation error.
    number_tolerance: float = 1e-9


# ---------------------------------------------------------------------------------------------
# Facts


@dataclass(frozen=True)
class Names:
    """A name component: a record's name then its aliases; any of them may match."""

    names: tuple[str, ...]

    def __str__(self) -> str:
        return self.names[0] if self.names else ""


@dataclass(frozen=True)
class Raw:
    """A value printed as text that is not a number; equal when the normalized text is."""

    text: str

    def __str__(self) -> str:
        return self.text


# A fact component: fuzzy names, a tag/year/number/period compared exactly, or absent (None).
Part = Names | Raw | str | int | float | tuple[int, ...] | None


@dataclass(frozen=True)
class Fact:
    """One scored statement of a document, e.g. ("program name", "activity name")."""

    type: str
    parts: tuple[Part, ...]

    @property
    def label(self) -> str:
        return " | ".join(_part_label(p) for p in self.parts)


@dataclass(frozen=True)
class Match:
    pred: Fact
    gold: Fact
    score: float  # mean similarity (0-100) of the name components; 100 without names


def document_facts(doc: dict[str, Any]) -> dict[str, list[Fact]]:
    """The facts of one canonical document, per fact type (every type present, maybe empty).

    Tolerates missing or null fields so that a broken prediction still scores.
    """
    facts: dict[str, list[Fact]] = {t: [] for t in FACT_TYPES}
    facts["metadata"] = list(_metadata_facts(doc))
    facts["goals"] = list(_goal_facts(doc))
    facts["programs"] = [
        Fact("programs", (_names(p, "name"),)) for p in _records(doc.get("programs"))
    ]
    facts["activities"] = list(_activity_facts(doc))
    facts["indicators"] = [
        Fact("indicators", (owner, _names(ind, "name"))) for owner, ind in _owned_indicators(doc)
    ]
    facts["targets"] = _collapse_targets(_target_facts(doc))
    facts["budgets"] = list(_budget_facts(doc))
    return facts


def _metadata_facts(doc: dict[str, Any]) -> Iterator[Fact]:
    document = _record(doc.get("document"))
    signatory = _record(document.get("signatory"))
    periods = _record(document.get("periods"))
    fuzzy_fields = {
        "agency": document.get("agency"),
        "region": document.get("region"),
        "signatory.name": signatory.get("name"),
        "vision": doc.get("vision"),
    }
    exact_fields: dict[str, Part] = {
        "type": document.get("type"),
        "year": document.get("year"),
        "signatory.nip": signatory.get("nip"),
        "periods.rpjmd": _span(periods.get("rpjmd")),
        "periods.renstra": _span(periods.get("renstra")),
    }
    for key, value in exact_fields.items():
        if value is not None:
            yield Fact("metadata", (key, value))
    for key, text in fuzzy_fields.items():
        if isinstance(text, str):
            yield Fact("metadata", (key, Names((text,))))
    for mission in doc.get("missions") or []:
        if isinstance(mission, str):
            yield Fact("metadata", ("mission", Names((mission,))))


def _goal_facts(doc: dict[str, Any]) -> Iterator[Fact]:
    goals = list(_records(doc.get("goals")))
    for goal in goals:
        yield Fact("goals", ("goal", _names(goal, "text")))
    for objective in _records(doc.get("objectives")):
        goal_text = objective.get("goal")
        goal = _goal_names(goal_text, goals) if isinstance(goal_text, str) else None
        yield Fact("goals", ("objective", _names(objective, "text"), goal))


def _goal_names(text: str, goals: list[dict[str, Any]]) -> Names:
    # An objective names its goal by text; borrowing that goal's aliases lets a prediction that
    # spelled the goal differently (but consistently) still match.
    wanted = normalize(text)
    for goal in goals:
        names = _names(goal, "text")
        if any(normalize(n) == wanted for n in names.names):
            return Names((text, *(n for n in names.names if n != text)))
    return Names((text,))


def _activity_facts(doc: dict[str, Any]) -> Iterator[Fact]:
    for program in _records(doc.get("programs")):
        program_names = _names(program, "name")
        for activity in _records(program.get("activities")):
            yield Fact("activities", (program_names, _names(activity, "name")))
    for activity in _records(doc.get("unassigned_activities")):
        yield Fact("activities", (None, _names(activity, "name")))
    for activity in _all_activities(doc):
        activity_names = _names(activity, "name")
        for sub in _records(activity.get("sub_activities")):
            yield Fact("activities", (activity_names, _names(sub, "name")))


def _owned_indicators(doc: dict[str, Any]) -> Iterator[tuple[Names, dict[str, Any]]]:
    """(owner names, indicator record) for every indicator of every record that has some."""
    owners: list[tuple[Names, dict[str, Any]]] = []
    owners += [(_names(g, "text"), g) for g in _records(doc.get("goals"))]
    owners += [(_names(o, "text"), o) for o in _records(doc.get("objectives"))]
    owners += [(_names(p, "name"), p) for p in _records(doc.get("programs"))]
    for activity in _all_activities(doc):
        owners.append((_names(activity, "name"), activity))
        owners += [(_names(s, "name"), s) for s in _records(activity.get("sub_activities"))]
    for owner_names, owner in owners:
        for indicator in _records(owner.get("indicators")):
            yield owner_names, indicator


def _target_facts(doc: dict[str, Any]) -> Iterator[Fact]:
    for _, indicator in _owned_indicators(doc):
        names = _names(indicator, "name")
        for kind, key in (("baseline", "baseline"), ("target", "targets")):
            for year_value in _records(indicator.get(key)):
                yield Fact("targets", (kind, names, year_value.get("year"), _value(year_value)))
        final = indicator.get("final_target")
        if isinstance(final, dict):
            yield Fact("targets", ("final", names, None, _value(final)))
    for record in _records(doc.get("performance_history")):
        names = Names((record["indicator"],)) if isinstance(record.get("indicator"), str) else None
        for kind, key in (("history_target", "target"), ("history_achievement", "achievement")):
            quantity = record.get(key)
            if isinstance(quantity, dict):
                yield Fact("targets", (kind, names, record.get("year"), _value(quantity)))


def _collapse_targets(facts: Iterable[Fact]) -> list[Fact]:
    """Drop repeated target facts (an indicator listed under a goal and its objective).

    Facts are the same when kind, normalized indicator name, year and value agree; the kept
    fact takes the union of their aliases.
    """
    merged: dict[tuple[Any, ...], Fact] = {}
    for fact in facts:
        kind, names, year, value = fact.parts
        name_key = normalize(str(names)) if isinstance(names, Names) else None
        value_key = normalize(value.text) if isinstance(value, Raw) else value
        key = (kind, name_key, year, value_key)
        kept = merged.get(key)
        if kept is None:
            merged[key] = fact
        elif isinstance(names, Names) and isinstance(kept.parts[1], Names):
            union = tuple(dict.fromkeys(kept.parts[1].names + names.names))
            merged[key] = Fact(fact.type, (kind, Names(union), year, kept.parts[3]))
    return list(merged.values())


def _budget_facts(doc: dict[str, Any]) -> Iterator[Fact]:
    owners: list[dict[str, Any]] = list(_records(doc.get("programs")))
    for activity in _all_activities(doc):
        owners.append(activity)
        owners += list(_records(activity.get("sub_activities")))
    for owner in owners:
        amount = _amount(owner.get("budget"))
        if amount is not None:
            yield Fact("budgets", (_names(owner, "name"), amount))
    for record in _records(doc.get("budget_summary")):
        for key in ("allocated", "realized"):
            amount = _amount(record.get(key))
            if amount is not None:
                yield Fact("budgets", (f"{key} {record.get('year')}", amount))


def _all_activities(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for program in _records(doc.get("programs")):
        yield from _records(program.get("activities"))
    yield from _records(doc.get("unassigned_activities"))


def _records(value: Any) -> Iterator[dict[str, Any]]:
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            yield item


def _record(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _names(record: dict[str, Any], key: str) -> Names:
    main = record.get(key)
    aliases = [a for a in record.get("aliases") or [] if isinstance(a, str)]
    names = ([main] if isinstance(main, str) else []) + aliases
    return Names(tuple(dict.fromkeys(names)))


def _value(quantity: dict[str, Any]) -> Part:
    # The gold README: "value is the number, or the raw text when the value is not a number".
    value = quantity.get("value")
    if _is_number(value):
        return float(value)
    raw = quantity.get("raw")
    return Raw(raw if isinstance(raw, str) else "")


def _amount(money: Any) -> float | None:
    if isinstance(money, dict) and _is_number(money.get("amount")):
        return money["amount"]
    return None


def _span(value: Any) -> tuple[int, ...] | None:
    return tuple(value) if isinstance(value, list) else None


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _part_label(part: Part) -> str:
    if part is None:
        return "null"
    if isinstance(part, tuple):
        return "-".join(str(p) for p in part)
    if isinstance(part, float) and part.is_integer():
        return str(int(part))
    return str(part)


# ---------------------------------------------------------------------------------------------
# Matching

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, punctuation replaced by spaces, whitespace collapsed.

    Punctuation becomes a space rather than nothing so that "Pelestarian/Pengembangan" and
    "Pelestarian/ Pengembangan" give the same tokens.
    """
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.lower())).strip()


@lru_cache(maxsize=262144)
def _pair_similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(normalize(a), normalize(b))


def name_similarity(pred: Names, gold: Names) -> float:
    """Best token_sort_ratio (0-100) over every pair of the two records' names and aliases."""
    return max((_pair_similarity(p, g) for p in pred.names for g in gold.names), default=0.0)


def fact_similarity(pred: Fact, gold: Fact, settings: EvalSettings) -> float | None:
    """Mean name similarity when every component matches, else None."""
    if pred.type != gold.type or len(pred.parts) != len(gold.parts):
        return None
    scores: list[float] = []
    # Exact components first: they are cheap and reject most pairs.
    pairs = sorted(
        zip(pred.parts, gold.parts, strict=True), key=lambda pg: isinstance(pg[1], Names)
    )
    for p, g in pairs:
        if isinstance(p, Names) and isinstance(g, Names):
            score = name_similarity(p, g)
            if score < settings.name_threshold:
                return None
            scores.append(score)
        elif not _same_value(p, g, settings):
            return None
    return sum(scores) / len(scores) if scores else 100.0


def _same_value(pred: Part, gold: Part, settings: EvalSettings) -> bool:
    if _is_number(pred) and _is_number(gold):
        return abs(pred - gold) <= settings.number_tolerance
    if isinstance(pred, Raw) and isinstance(gold, Raw):
        return normalize(pred.text) == normalize(gold.text)
    if type(pred) is not type(gold):
        return False
    return pred == gold


def match_facts(
    pred: list[Fact], gold: list[Fact], settings: EvalSettings
) -> tuple[list[Match], list[Fact], list[Fact]]:
    """Greedy one-to-one pairing, best similarity first: (matches, missed gold, extra pred).

    Ties go to the earlier gold fact, then the earlier prediction, so results are stable.
    """
    candidates: list[tuple[float, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            score = fact_similarity(p, g, settings)
            if score is not None:
                candidates.append((-score, j, i))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    matches: list[Match] = []
    for neg_score, j, i in candidates:
        if i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        matches.append(Match(pred[i], gold[j], -neg_score))
    missed = [g for j, g in enumerate(gold) if j not in used_gold]
    extra = [p for i, p in enumerate(pred) if i not in used_pred]
    return matches, missed, extra


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    # An empty denominator scores 1.0 only when both sides are empty (nothing to find, nothing
    # claimed); otherwise 0.0, so an absent output never looks good.
    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(self.pred == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.gold + other.gold, self.pred + other.pred, self.tp + other.tp)

    def to_json(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "tp": self.tp,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class DocScore:
    """Scores of one document, with the facts behind them for debugging and the HTML view."""

    document: str
    counts: dict[str, Counts]
    matched: dict[str, list[Match]] = field(default_factory=dict)
    missed: dict[str, list[Fact]] = field(default_factory=dict)
    extra: dict[str, list[Fact]] = field(default_factory=dict)
    # True when the gold had no output file; `error` when the output could not be read.
    missing_output: bool = False
    error: str | None = None

    @property
    def overall(self) -> Counts:
        return sum(self.counts.values(), Counts())


@dataclass
class EvalReport:
    documents: list[DocScore]
    settings: EvalSettings = field(default_factory=EvalSettings)
    # Gold stems with no output, and output stems with no gold (those are not scored).
    missing_outputs: list[str] = field(default_factory=list)
    unpaired_outputs: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, Counts]:
        """Micro-averaged counts per fact type over every document."""
        return {t: sum((d.counts[t] for d in self.documents), Counts()) for t in FACT_TYPES}

    @property
    def overall(self) -> Counts:
        return sum(self.totals.values(), Counts())


def score_document(
    pred: dict[str, Any],
    gold: dict[str, Any],
    settings: EvalSettings | None = None,
    name: str = "",
) -> DocScore:
    """Score one predicted document against its gold; ``name`` labels it in reports."""
    settings = settings or EvalSettings()
    pred_facts, gold_facts = document_facts(pred), document_facts(gold)
    score = DocScore(document=name, counts={})
    for fact_type in FACT_TYPES:
        matches, missed, extra = match_facts(pred_facts[fact_type], gold_facts[fact_type], settings)
        score.counts[fact_type] = Counts(
            gold=len(gold_facts[fact_type]), pred=len(pred_facts[fact_type]), tp=len(matches)
        )
        score.matched[fact_type] = matches
        score.missed[fact_type] = missed
        score.extra[fact_type] = extra
    return score


def evaluate_dirs(
    out_dir: str | Path, gold_dir: str | Path, settings: EvalSettings | None = None
) -> EvalReport:
    """Score the outputs of ``out_dir`` against the gold files of ``gold_dir``.

    An output ``<stem>.json`` is scored against ``<stem>.json``, and so is every rendition
    ``<stem>-<variant>.json`` (a rendered PDF, a scan of it) when no gold of that full name
    exists: one truth, several inputs. A gold without any output counts all its facts as
    missed; an output that is not valid JSON scores as an empty document and carries the
    error. Gold that cannot be read raises.
    """
    settings = settings or EvalSettings()
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    gold_paths = {p.stem: p for p in sorted(gold_dir.glob("*.json"))}
    outputs = sorted(out_dir.glob("*.json"))
    paired: dict[str, list[Path]] = {stem: [] for stem in gold_paths}
    for out_path in outputs:
        stem = gold_for(out_path.stem, gold_paths)
        if stem is not None:
            paired[stem].append(out_path)
    report = EvalReport(documents=[], settings=settings)
    for stem, gold_path in gold_paths.items():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not paired[stem]:
            report.missing_outputs.append(stem)
            doc_score = score_document({}, gold, settings, name=stem)
            doc_score.missing_output = True
            doc_score.error = "no output"
            report.documents.append(doc_score)
            continue
        for out_path in paired[stem]:
            pred, error = read_output(out_path)
            doc_score = score_document(pred, gold, settings, name=out_path.stem)
            doc_score.error = error
            report.documents.append(doc_score)
    report.unpaired_outputs = sorted(
        p.stem for p in outputs if gold_for(p.stem, gold_paths) is None
    )
    return report


def gold_for(output_stem: str, gold_paths: dict[str, Path]) -> str | None:
    """The gold an output is scored against: the same name, else the longest gold name that
    the output's name extends with "-<variant>"."""
    if output_stem in gold_paths:
        return output_stem
    prefixes = [g for g in gold_paths if output_stem.startswith(g + "-")]
    return max(prefixes, key=len) if prefixes else None


def read_output(path: Path) -> tuple[dict[str, Any], str | None]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"unreadable output: {exc}"
    if not isinstance(loaded, dict):
        return {}, "output is not a JSON object"
    return loaded, None


# ---------------------------------------------------------------------------------------------
# Output


def format_report(report: EvalReport, details: bool = False) -> str:
    """A plain-text table per document, then overall; ``details`` lists missed/extra facts."""
    lines: list[str] = []
    for doc in report.documents:
        note = f"  ({doc.error})" if doc.error else ""
        lines.append(f"== {doc.document}{note}")
        lines.extend(_table(doc.counts, doc.overall))
        if details:
            lines.extend(_details(doc))
        lines.append("")
    lines.append(f"== overall ({len(report.documents)} document(s), micro-averaged)")
    lines.extend(_table(report.totals, report.overall))
    if report.missing_outputs:
        lines.append("")
        lines.append("missing output for: " + ", ".join(report.missing_outputs))
    if report.unpaired_outputs:
        lines.append("not scored (no gold): " + ", ".join(report.unpaired_outputs))
    return "\n".join(lines)


_HEADER = f"{'fact type':<12} {'gold':>6} {'pred':>6} {'tp':>6} {'P':>6} {'R':>6} {'F1':>6}"


def _table(counts: dict[str, Counts], overall: Counts) -> list[str]:
    rows = [_HEADER, "-" * len(_HEADER)]
    rows += [_row(t, counts[t]) for t in FACT_TYPES if t in counts]
    rows += ["-" * len(_HEADER), _row("all", overall)]
    return rows


def _row(name: str, c: Counts) -> str:
    return (
        f"{name:<12} {c.gold:>6} {c.pred:>6} {c.tp:>6} "
        f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
    )


def _details(doc: DocScore) -> list[str]:
    lines: list[str] = []
    for fact_type in FACT_TYPES:
        for title, facts in (("missed", doc.missed[fact_type]), ("extra", doc.extra[fact_type])):
            lines += [f"  {title} {fact_type}: {fact.label}" for fact in facts]
    return lines


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON data (what ``rkt eval --json`` prints)."""
    return {
        "settings": {
            "name_threshold": report.settings.name_threshold,
            "number_tolerance": report.settings.number_tolerance,
        },
        "documents": [_doc_to_json(d) for d in report.documents],
        "totals": {t: c.to_json() for t, c in report.totals.items()},
        "overall": report.overall.to_json(),
        "missing_outputs": list(report.missing_outputs),
        "unpaired_outputs": list(report.unpaired_outputs),
    }


def _doc_to_json(doc: DocScore) -> dict[str, Any]:
    return {
        "document": doc.document,
        "missing_output": doc.missing_output,
        "error": doc.error,
        "scores": {t: c.to_json() for t, c in doc.counts.items()},
        "overall": doc.overall.to_json(),
        "matched": {
            t: [
                {"pred": fact_to_json(m.pred), "gold": fact_to_json(m.gold), "score": m.score}
                for m in ms
            ]
            for t, ms in doc.matched.items()
        },
        "missed": {t: [fact_to_json(f) for f in fs] for t, fs in doc.missed.items()},
        "extra": {t: [fact_to_json(f) for f in fs] for t, fs in doc.extra.items()},
    }


def fact_to_json(fact: Fact) -> dict[str, Any]:
    """A fact as JSON: its label and its components (names as {"name", "aliases"})."""
    return {"label": fact.label, "parts": [_part_to_json(p) for p in fact.parts]}


def _part_to_json(part: Part) -> Any:
    if isinstance(part, Names):
        return {"name": str(part), "aliases": list(part.names[1:])}
    if isinstance(part, Raw):
        return {"raw": part.text}
    if isinstance(part, tuple):
        return list(part)
    if isinstance(part, float) and not math.isfinite(part):
        return str(part)  # JSON has no NaN/Infinity
    return part
