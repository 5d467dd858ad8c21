"""The records of the canonical RKT JSON (contract v1), as dataclasses.

Assembly builds these; `to_json` turns them into the plain dict that is validated against
`extract/schema/rkt.schema.json` and written. Field names follow the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass
class Correction:
    from_: str
    to: str
    score: float


@dataclass
class Provenance:
    page: int | None
    line: int | None
    table: str | None
    row: int | None
    raw: str
    corrections: list[Correction] = field(default_factory=list)


@dataclass
class Money:
    amount: int
    raw: str
    currency: str = "IDR"


@dataclass
class Quantity:
    value: float | None
    unit: str | None
    raw: str


@dataclass
class YearValue:
    year: int | None
    value: float | None
    unit: str | None
    raw: str


@dataclass
class Indicator:
    name: str
    aliases: list[str] = field(default_factory=list)
    unit: str | None = None
    baseline: list[YearValue] = field(default_factory=list)
    targets: list[YearValue] = field(default_factory=list)
    final_target: Quantity | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class SubActivity:
    name: str
    code: str | None = None
    budget: Money | None = None
    indicators: list[Indicator] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Activity:
    name: str
    level: str = "kegiatan"
    number: str | None = None
    code: str | None = None
    aliases: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budget: Money | None = None
    sub_activities: list[SubActivity] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Program:
    name: str
    number: str | None = None
    code: str | None = None
    aliases: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    strategic_objective: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    budget: Money | None = None
    activities: list[Activity] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Goal:
    text: str
    aliases: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Objective:
    text: str
    goal: str | None = None
    aliases: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class HistoryEntry:
    year: int
    indicator: str
    objective: str | None = None
    unit: str | None = None
    target: Quantity | None = None
    achievement: Quantity | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class BudgetSummary:
    year: int
    allocated: Money | None = None
    realized: Money | None = None
    realization_percent: float | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Table:
    label: str | None
    caption: str | None
    pages: list[int]
    header: list[list[str]]
    rows: list[list[str]]


@dataclass
class SectionRecord:
    number: str | None
    title: str
    page: int | None
    line: int | None


@dataclass
class Warning:
    code: str
    message: str
    page: int | None = None
    line: int | None = None


@dataclass
class RKT:
    """One document's extraction: everything the contract's top level holds."""

    schema_version: str
    document_id: str
    source: dict[str, Any]
    document: dict[str, Any]
    vision: str | None = None
    missions: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    unassigned_activities: list[Activity] = field(default_factory=list)
    performance_history: list[HistoryEntry] = field(default_factory=list)
    budget_summary: list[BudgetSummary] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


# The contract orders keys for people reading the JSON; dataclass order follows what reads
# well in Python (required fields first), so the JSON order is spelled out here.
KEY_ORDER = {
    "Program": ("number", "code", "name", "aliases", "objectives", "strategic_objective",
                "indicators", "budget", "activities", "provenance"),
    "Activity": ("number", "code", "level", "name", "aliases", "objectives", "indicators",
                 "budget", "sub_activities", "provenance"),
    "SubActivity": ("code", "name", "budget", "indicators", "provenance"),
    "Objective": ("text", "aliases", "goal", "indicators", "provenance"),
    "HistoryEntry": ("year", "objective", "indicator", "unit", "target", "achievement",
                     "provenance"),
    "Money": ("amount", "currency", "raw"),
}


def to_json(value: Any) -> Any:
    """Plain JSON data from the records (`from_` becomes the contract's `from`)."""
    if is_dataclass(value) and not isinstance(value, type):
        names = KEY_ORDER.get(type(value).__name__) or [f.name for f in fields(value)]
        return {name.rstrip("_"): to_json(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value
