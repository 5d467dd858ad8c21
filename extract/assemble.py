"""Assembly: interpreted tables and prose become the records of the canonical JSON.

Each table is read row by row with its column roles (see `headers`): entity columns (goal,
objective, program, kegiatan, sub kegiatan) open a record or, when empty, repeat the one
above (a merged cell); indicator columns add indicators to the entity of their level; year,
target, baseline, final, budget and achievement columns give values. Wrapped cells that the
converter split over two rows are joined first.

The same program, kegiatan, goal or objective seen in several tables is one record: an
incoming name joins the existing record whose normalized name is most similar (one-to-one
per table), its spelling going to `aliases` and its source to `provenance`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from normalize.lexicon import load_lexicon
from normalize.numbers import Quantity as ParsedQuantity
from normalize.numbers import parse_money, parse_number_cell, parse_quantity
from normalize.prose import read_budget_statement
from normalize.settings import DEFAULT_SETTINGS as DEFAULT_NORMALIZE
from normalize.settings import NormalizeSettings
from normalize.terms import correct_name
from normalize.text import (
    collapse_whitespace,
    read_row_number,
    repair_outline_numbers,
    strip_list_marker,
    strip_markup,
)

from .headers import ENTITY_ROLES, Column, TableLayout, interpret_header
from .ir import Document, RawTable, TableRow
from .model import (
    RKT,
    SCHEMA_VERSION,
    Activity,
    BudgetSummary,
    Correction,
    Goal,
    HistoryEntry,
    Indicator,
    Money,
    Objective,
    Program,
    Provenance,
    Quantity,
    SectionRecord,
    SubActivity,
    Table,
    Warning,
    YearValue,
)
from .settings import AssemblySettings, Settings
from .tables import realign_shifted_row

INDICATOR_OWNERS = {
    "goal_indicator": ("goal",),
    "goal_objective_indicator": ("goal", "objective"),
    "objective_indicator": ("objective",),
    "key_indicator": ("objective",),  # IKU: the agency's key indicator of that sasaran
    "program_indicator": ("program",),
    "activity_indicator": ("activity",),
    "sub_activity_indicator": ("sub_activity",),
}
TEXT_ROLES = ENTITY_ROLES + tuple(INDICATOR_OWNERS) + (
    "program_objective", "activity_objective", "row_indicator", "row_objective")
CONNECTORS = {"dan", "serta", "atau", "yang", "untuk", "dalam", "di", "ke", "dari", "pada",
              "terhadap", "melalui", "bagi", "dengan", "oleh", "antar", "&", "para"}
STOPWORDS = CONNECTORS | {"program", "kegiatan", "sub", "kepada", "the"}
TOTAL_RE = re.compile(r"^(jumlah(\s+(dana|anggaran|pagu))?|total|sub\s*total|jumlah\s+total)"
                      r"\s*:?$", re.IGNORECASE)
# A count and its unit inside a name; "per 10.000 penduduk" is a denominator, not a count.
COUNT_IN_NAME_RE = re.compile(r"(?<!per )(?<![\d.,])\b(\d[\d.,]*)\s+([A-Za-z][a-z]+)")
# Permendagri 90 codes: program 1.02.01, kegiatan 1.02.01.2.01, sub kegiatan 1.02.01.2.01.0001
# (urusan may be X.XX for programs every agency runs).
CODE_RE = re.compile(r"^[0-9X]{1,2}\.[0-9X]{2}\.\d{2}(?:\.\d\.\d{2}(?:\.\d{2,4})?)?$")
# A code printed before the name; OCR may hang a mark on it ("1.01.02.1.02.0046° Pengelolaan").
CODE_PREFIX_RE = re.compile(
    r"^([0-9X]{1,2}\.[0-9X]{2}\.\d{2}(?:\.\d\.\d{2}(?:\.\d{2,4})?)?)[°'’`.,:;]*\s+")


def assemble(doc: Document, settings: Settings = Settings()) -> RKT:
    """Build the canonical records of one document from its tables and prose."""
    builder = Builder(doc, settings)
    # Last year's results refer to the plan's objectives: read the plan tables first.
    period = doc.metadata.renstra or doc.metadata.rpjmd
    layouts = [(table, interpret_header(table, doc.metadata.year, settings.headers,
                                        period[0] if period else None))
               for table in doc.tables]
    for table, layout in sorted(layouts, key=lambda item: is_history_table(item[1])):
        builder.read_table(table, layout)
    builder.add_prose_statements()
    builder.attach_loose_activities()
    builder.add_targets_named_in_indicators()
    builder.read_budget_summary()
    return builder.result()


# --- names ----------------------------------------------------------------------------------

@dataclass
class Name:
    """A cleaned name with its list number, raw text and the corrections made to it."""

    text: str
    number: str | None
    raw: str
    corrections: list[Correction]
    code: str | None = None


def clean_name(raw: str, settings: NormalizeSettings = DEFAULT_NORMALIZE) -> Name:
    """Strip markup and list numbering, collapse whitespace, correct OCR and typing errors."""
    text = collapse_whitespace(strip_markup(raw))
    code_match = CODE_PREFIX_RE.match(text)
    code = code_match.group(1) if code_match else None
    if code_match:
        text = text[code_match.end():]
    marker, rest = strip_list_marker(text)
    number = marker.rstrip(".),") if marker and re.match(r"^\d", marker) else None
    corrected = correct_name(rest.strip(" ;"), load_lexicon(), settings)
    fixes = [Correction(c.from_, c.to, round(float(c.score), 1)) for c in corrected.corrections]
    return Name(corrected.text.strip(" ;"), number, raw.strip(), fixes, code)


def name_key(text: str) -> str:
    """Lower-case content words, for comparing spellings of one name."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return " ".join(w for w in words if w not in STOPWORDS)


def similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(name_key(a), name_key(b))


# --- the builder ----------------------------------------------------------------------------

class Builder:
    def __init__(self, doc: Document, all_settings: Settings):
        self.doc = doc
        self.settings: AssemblySettings = all_settings.assembly
        self.all_settings = all_settings
        self.plan_year = doc.metadata.year
        # Line numbers mean something to a reader of a text file; a PDF is cited by page.
        self.cites_lines = doc.source.format == "text"
        self.goals: list[Goal] = []
        self.objectives: list[Objective] = []
        self.programs: list[Program] = []
        self.loose_activities: list[Activity] = []  # kegiatan listed without a program
        self.history: list[HistoryEntry] = []
        self.summaries: list[BudgetSummary] = []
        self.claimed: dict[int, str] = {}  # record id -> table that already matched it
        self.last_indicators: dict[int, list[Indicator]] = {}  # table id -> last row's

    def clean(self, raw: str) -> Name:
        return clean_name(raw, self.all_settings.normalize)

    # -- matching ---------------------------------------------------------------------------

    def find(self, candidates: list, name: str, number: str | None, table: str,
             code: str | None = None) -> object | None:
        """The record among `candidates` that `name` is another spelling of, if any.

        A record already matched by another row of the same table is not taken again: two
        rows of one table are two records (a duplicate is warned about, not merged).
        """
        best, best_score = None, 0.0
        for record in candidates:
            if self.claimed.get(id(record)) == table:
                continue
            if code and getattr(record, "code", None) == code:
                return record  # the nomenclature code names it, whatever the spelling
            names = [getattr(record, "name", None) or record.text] + list(record.aliases)
            score = max(similarity(name, other) for other in names)
            if number and getattr(record, "number", None) == number:
                score += 10  # tables number the same programs alike
            if score > best_score:
                best, best_score = record, score
        if best is not None and best_score >= self.settings.same_name_score:
            return best
        return None

    def merge_name(self, record, name: Name, prov: Provenance, table: str) -> None:
        attr = "name" if hasattr(record, "name") else "text"
        current = getattr(record, attr)
        if name.text != current and name.text not in record.aliases:
            if len(name.text) > len(current) and attr == "name":
                record.aliases.append(current)
                setattr(record, attr, name.text)
            else:
                record.aliases.append(name.text)
        record.provenance.append(prov)
        self.claimed[id(record)] = table

    def provenance(self, table: RawTable, row_index: int | None, row: TableRow | None,
                   raw: str, corrections: list[Correction] | None = None) -> Provenance:
        line = row.lines[0] if row and self.cites_lines else None
        return Provenance(page=row.page if row else None, line=line,
                          table=table.name, row=row_index, raw=raw,
                          corrections=list(corrections or []))

    def goal(self, name: Name, prov: Provenance, table: str) -> Goal:
        found = self.find(self.goals, name.text, None, table)
        if found:
            self.merge_name(found, name, prov, table)
            return found
        goal = Goal(text=name.text, provenance=[prov])
        self.goals.append(goal)
        self.claimed[id(goal)] = table
        return goal

    def objective(self, name: Name, goal: Goal | None, prov: Provenance, table: str
                  ) -> Objective:
        found = self.find(self.objectives, name.text, None, table)
        if found:
            self.merge_name(found, name, prov, table)
            if found.goal is None and goal is not None:
                found.goal = goal.text
            return found
        objective = Objective(text=name.text, goal=goal.text if goal else None, provenance=[prov])
        self.objectives.append(objective)
        self.claimed[id(objective)] = table
        return objective

    def program(self, name: Name, prov: Provenance, table: str) -> Program:
        found = self.find(self.programs, name.text, name.number, table, name.code)
        if found:
            self.merge_name(found, name, prov, table)
            if found.number is None:
                found.number = name.number
            return found
        program = Program(name=name.text, number=name.number, code=name.code, provenance=[prov])
        self.programs.append(program)
        self.claimed[id(program)] = table
        return program

    def activity(self, name: Name, program: Program | None, level: str, prov: Provenance,
                 table: str) -> Activity:
        pool = program.activities if program else self.loose_activities
        found = self.find(pool, name.text, None, table, name.code)
        if found:
            self.merge_name(found, name, prov, table)
            return found
        activity = Activity(name=name.text, number=name.number, code=name.code, level=level,
                            provenance=[prov])
        pool.append(activity)
        self.claimed[id(activity)] = table
        return activity

    def sub_activity(self, name: Name, program: Program | None, activity: Activity | None,
                     prov: Provenance, table: str) -> SubActivity | Activity:
        """A sub kegiatan goes under its kegiatan; tied only to a program, it goes under the
        kegiatan of that program it matches, else it is an activity of level sub_kegiatan."""
        if activity is None and program is not None:
            activity = self.best_activity(program, name.text)
        if activity is not None:
            for sub in activity.sub_activities:
                if name.code and sub.code:
                    same = name.code == sub.code
                else:
                    same = (self.claimed.get(id(sub)) != table and similarity(
                        sub.name, name.text) >= self.settings.same_name_score)
                if same:
                    sub.provenance.append(prov)
                    self.claimed[id(sub)] = table
                    return sub
            sub = SubActivity(name=name.text, code=name.code, provenance=[prov])
            activity.sub_activities.append(sub)
            self.claimed[id(sub)] = table
            return sub
        return self.activity(name, program, "sub_kegiatan", prov, table)

    def best_activity(self, program: Program, name: str) -> Activity | None:
        """The kegiatan of `program` a sub kegiatan belongs to: the most similar name, or one
        whose name holds every content word of the sub kegiatan ("Wawasan Kebangsaan" under
        "Kegiatan Pembinaan dan Pengembangan Wawasan Kebangsaan")."""
        scored = [(max(similarity(a.name, name), containment(name, a.name)), a)
                  for a in program.activities if a.level == "kegiatan"]
        scored = [item for item in scored if item[0] >= self.settings.attach_score]
        return max(scored, key=lambda item: item[0])[1] if scored else None

    # -- tables -----------------------------------------------------------------------------

    def read_table(self, table: RawTable, layout: TableLayout) -> None:
        for label in layout.ambiguous:
            self.doc.warn("ambiguous_header", f"{table.name}: header {label!r} names two "
                          "kinds of column equally well", line=table.first_line)
        roles = layout.roles
        if not roles & (set(ENTITY_ROLES) | set(INDICATOR_OWNERS) | {"hierarchy", "budget"}):
            return  # not a planning table (e.g. a list of regulations)
        layout, rows = self.repaired_rows(table, layout)
        self.check_numbering(table, layout, rows)
        if is_history_table(layout):
            self.read_history(table, layout, rows)
            return
        self.read_planning_rows(table, layout, rows)

    def repaired_rows(self, table: RawTable, layout: TableLayout
                      ) -> tuple[TableLayout, list[TableRow]]:
        """Rows with shifted cells moved back, a Program/Kegiatan/Sub Kegiatan column spread
        over one column per level, and wrapped cells joined to the cell above."""
        repaired = []
        # A row shorter than its header (a text row that stops early) has empty cells there.
        width = max((c.index + 1 for c in layout.columns), default=0)
        for row in table.rows:
            cells, moved = realign_shifted_row(row.cells, layout)
            if moved:
                self.doc.warn("shifted_cells", f"{table.name}: a row's cells were shifted one "
                              "column right of its header and were moved back",
                              page=row.page, line=row.lines[0])
            missing = max(0, width - len(cells))
            boxes = row.cell_boxes + [None] * missing if row.cell_boxes and not moved else None
            repaired.append(replace(row, cells=list(cells) + [""] * missing,
                                    lines=list(row.lines), cell_boxes=boxes))
        layout, repaired = expand_hierarchy(layout, repaired)
        max_words = self.all_settings.tables.max_fragment_words
        return layout, join_wrapped_cells(repaired, layout, max_words)

    def check_numbering(self, table: RawTable, layout: TableLayout, rows: list[TableRow]
                        ) -> None:
        numbers = []
        for row in rows:
            entity = next((row.cells[c.index] for c in layout.columns
                           if c.role in ENTITY_ROLES and row.cells[c.index]), "")
            cell = next((row.cells[c.index] for c in layout.of("number")), "")
            if not cell:
                cell = strip_list_marker(entity)[0] or "" if entity else ""
            match = re.fullmatch(r"\d{1,3}", read_row_number(cell))
            if match:
                numbers.append((int(match.group(0)), name_key(entity), row))
        for (previous, before, _), (current, entity, row) in zip(numbers, numbers[1:]):
            # The same number on the next row of the same record is one merged cell repeated
            # into the rows it covers (or a record continued), not a second record.
            if current == previous and entity != before:
                self.doc.warn("duplicate_entry", f"{table.name}: number {current} is used by "
                              "two rows", page=row.page, line=row.lines[0])
            elif current > previous + 1:
                missing = ", ".join(str(n) for n in range(previous + 1, current))
                self.doc.warn("numbering_gap", f"{table.name}: numbering jumps from "
                              f"{previous} to {current} (no {missing})",
                              page=row.page, line=row.lines[0])

    def read_planning_rows(self, table: RawTable, layout: TableLayout, rows: list[TableRow]
                           ) -> None:
        name = table.name or ""
        current: dict[str, object | None] = dict.fromkeys(ENTITY_ROLES)
        # Parents before children whatever the column order: a kegiatan printed left of its
        # program still belongs to the program of its row.
        entity_columns = sorted((c for c in layout.columns if c.role in ENTITY_ROLES),
                                key=lambda c: (ENTITY_ROLES.index(c.role), c.index))
        previous_cells: dict[int, str] = {}
        previous_number: str | None = None
        # Budget against realization per program: last year's money, not this plan's.
        realization = layout.has("budget") and layout.has("achievement")
        for row_index, row in enumerate(rows, start=1):
            cells = row.cells
            number = next((read_row_number(cells[c.index]) for c in layout.of("number")
                           if cells[c.index].strip()), None)
            new_in_row: list[str] = []
            row_code = next((cells[c.index].strip() for c in layout.of("code")
                             if cells[c.index].strip()), None)
            spanning = spanning_label(cells)
            if spanning is not None:
                # "Tujuan 1 : ..." printed across the whole table: the goal of the rows below.
                role, text = spanning
                parsed = self.clean(text)
                prov = self.provenance(table, row_index, row, text, parsed.corrections)
                current[role] = self.open_entity(role, parsed, current, prov, name)
                for deeper in ENTITY_ROLES[ENTITY_ROLES.index(role) + 1:]:
                    current[deeper] = None
                continue
            total = self.total_row(layout, cells)
            if total is not None:
                column, amounts = total
                owner = self.parent_of(column.role, current, layout)
                prov = self.provenance(table, row_index, row, row.raw or " | ".join(cells))
                if owner is not None and hasattr(owner, "budget") and not realization:
                    owner.budget = owner.budget or amounts.get("budget")
                elif owner is None:
                    # The table's grand total: the document's budget for that year.
                    year = table_year(table, self.plan_year) if realization else self.plan_year
                    percent = next((parse_quantity(cells[c.index]).value for c in layout.columns
                                    if c.role == "achievement_rate" and cells[c.index].strip()),
                                   None)
                    self.add_summary(year, amounts.get("budget"), amounts.get("achievement"),
                                     percent if realization else None, prov)
                continue
            for column in entity_columns:
                text = cells[column.index].strip()
                if not text:
                    continue
                if (text == previous_cells.get(column.index) and current.get(column.role)
                        and not (number and number != previous_number)):
                    continue  # a merged cell repeated into each row it covers: same record
                parsed = self.clean(text)
                if number and not parsed.number and column == entity_columns[0]:
                    parsed.number = number
                if parsed.code is None and code_level(row_code) == column.role:
                    parsed.code = row_code
                if not parsed.text:
                    continue
                prov = self.provenance(table, row_index, row, text, parsed.corrections)
                entity = self.open_entity(column.role, parsed, current, prov, name)
                if parsed.code and getattr(entity, "code", False) is None:
                    entity.code = parsed.code
                current[column.role] = entity
                new_in_row.append(column.role)
                for deeper in ENTITY_ROLES[ENTITY_ROLES.index(column.role) + 1:]:
                    current[deeper] = None
            self.read_row_attributes(table, layout, row_index, row, current, new_in_row,
                                     budgets=not realization)
            previous_cells = {c.index: cells[c.index].strip() for c in entity_columns}
            previous_number = number

    def open_entity(self, role: str, name: Name, current: dict, prov: Provenance, table: str):
        if role == "goal":
            return self.goal(name, prov, table)
        if role == "objective":
            return self.objective(name, current.get("goal"), prov, table)
        if role == "program":
            program = self.program(name, prov, table)
            objective = current.get("objective")
            if objective is not None and program.strategic_objective is None:
                program.strategic_objective = objective.text
            return program
        if role == "activity":
            return self.activity(name, current.get("program"), "kegiatan", prov, table)
        return self.sub_activity(name, current.get("program"), current.get("activity"), prov,
                                 table)

    def parent_of(self, role: str | None, current: dict, layout: TableLayout):
        """The entity a total row in the `role` column sums up: the nearest entity column
        to its left that has a record."""
        present = [c.role for c in layout.columns if c.role in ENTITY_ROLES]
        if role not in present:
            return None
        for parent_role in reversed(present[: present.index(role)]):
            if current.get(parent_role) is not None:
                return current[parent_role]
        return None

    def total_row(self, layout: TableLayout, cells: list[str]):
        """A "Jumlah Dana | 3.314.590.000" row: the column holding the total label and the
        amounts of its budget and realization columns."""
        for column in layout.columns:
            if column.role in VALUE_COLUMN_ROLES or column.role == "number":
                continue
            if TOTAL_RE.match(cells[column.index].strip()):
                amounts = {}
                for role in ("budget", "achievement"):
                    for value_column in layout.of(role):
                        money = parse_money(cells[value_column.index])
                        if money is not None:
                            amounts.setdefault(role, to_money(money))
                return column, amounts
        return None

    def add_summary(self, year: int | None, allocated: Money | None, realized: Money | None,
                    percent: float | None, prov: Provenance) -> None:
        """A document-level budget total (and its realization) for one year."""
        if year is None or (allocated is None and realized is None):
            return
        summary = next((s for s in self.summaries if s.year == year), None)
        if summary is None:
            summary = BudgetSummary(year=year)
            self.summaries.append(summary)
        for attr, money in (("allocated", allocated), ("realized", realized)):
            present = getattr(summary, attr)
            if money is None:
                continue
            if present is None:
                setattr(summary, attr, money)
            elif present.amount != money.amount:
                self.doc.warn("inconsistent_total", f"the {attr} total for {year} is printed "
                              f"as {present.raw} and as {money.raw}", line=prov.line)
        if percent is not None and summary.realization_percent is None:
            summary.realization_percent = percent
        summary.provenance.append(prov)

    def read_row_attributes(self, table: RawTable, layout: TableLayout, row_index: int,
                            row: TableRow, current: dict, new_in_row: list[str],
                            budgets: bool = True) -> None:
        cells = row.cells
        unit = next((collapse_whitespace(cells[c.index]).lower() for c in layout.of("unit")
                     if cells[c.index].strip()), None)
        row_indicators: list[Indicator] = []
        for column in layout.columns:
            text = cells[column.index].strip()
            if not text:
                continue
            if column.role in INDICATOR_OWNERS or column.role == "row_indicator":
                parsed = self.clean(text)
                if not parsed.text:
                    continue
                prov = self.provenance(table, row_index, row, text, parsed.corrections)
                owner_roles = (INDICATOR_OWNERS.get(column.role)
                               or [self.row_entity_role(current, new_in_row)])
                for owner_role in owner_roles:
                    owner = current.get(owner_role) if owner_role else None
                    if owner is None:
                        continue
                    row_indicators.append(add_indicator(owner, parsed, prov, unit))
            elif column.role == "row_objective":
                owner = current.get(self.row_entity_role(current, new_in_row) or "")
                objective = self.clean(text).text
                if (owner is not None and hasattr(owner, "objectives") and objective
                        and objective not in owner.objectives):
                    owner.objectives.append(objective)
            elif column.role == "code" and text and new_in_row:
                owner = current.get(new_in_row[-1])
                if owner is not None and getattr(owner, "code", None) is None:
                    owner.code = text
            elif column.role in ("program_objective", "activity_objective"):
                owner = current.get("program" if column.role == "program_objective"
                                    else "activity")
                objective = self.clean(text).text
                if owner is not None and objective and objective not in owner.objectives:
                    owner.objectives.append(objective)
        if not row_indicators and not new_in_row:
            # Values on a row without its own indicator belong to the indicator above (its
            # cell was merged over the rows).
            row_indicators = list(self.last_indicators.get(id(table), []))
        elif row_indicators:
            self.last_indicators[id(table)] = row_indicators
        self.read_values(layout, cells, row_indicators, unit)
        for budget_column in layout.of("budget") if budgets else []:
            money = parse_money(cells[budget_column.index])
            if money is None:
                continue
            owner = next((current[r] for r in reversed(ENTITY_ROLES)
                          if current.get(r) is not None and hasattr(current[r], "budget")), None)
            if owner is not None and owner.budget is None:
                owner.budget = to_money(money)

    @staticmethod
    def row_entity_role(current: dict, new_in_row: list[str]) -> str | None:
        """The entity a row is about: the deepest one it opens, else the deepest open one."""
        if new_in_row:
            return new_in_row[-1]
        return next((r for r in reversed(ENTITY_ROLES) if current.get(r) is not None), None)

    def read_values(self, layout: TableLayout, cells: list[str], indicators: list[Indicator],
                    unit: str | None) -> None:
        for column in layout.columns:
            if column.role not in ("baseline", "target", "final"):
                continue
            raw = collapse_whitespace(strip_markup(cells[column.index]))
            if not raw:
                continue
            quantity = value_cell(raw)
            value_unit = quantity.unit or unit
            year = column.year
            if column.role == "target" and year is None:
                year = self.plan_year
            for indicator in indicators:
                if indicator.unit is None:
                    indicator.unit = unit or quantity.unit
                if column.role == "final":
                    if indicator.final_target is None:
                        indicator.final_target = Quantity(quantity.value, value_unit, raw)
                    continue
                series = indicator.baseline if column.role == "baseline" else indicator.targets
                if not any(v.year == year and v.raw == raw for v in series):
                    series.append(YearValue(year, quantity.value, value_unit, raw))

    def read_history(self, table: RawTable, layout: TableLayout, rows: list[TableRow]) -> None:
        """A table of last year's targets and achievements (Capaian Kinerja Tahun 2020)."""
        year = history_year(table, self.plan_year)
        objective_text = None
        previous_objective_cell = ""
        header_unit = next(("%" for c in layout.of("achievement") if "%" in c.label), None)
        for row_index, row in enumerate(rows, start=1):
            cells = row.cells
            indicator_cell = next((cells[c.index] for c in layout.columns
                                   if c.role in INDICATOR_OWNERS and cells[c.index].strip()), "")
            for column in layout.of("objective"):
                if cells[column.index].strip() and cells[column.index].strip() != (
                        previous_objective_cell):
                    previous_objective_cell = cells[column.index].strip()
                    parsed = self.clean(cells[column.index])
                    prov = self.provenance(table, row_index, row, cells[column.index],
                                           parsed.corrections)
                    # The sasaran of last year's results may be worded differently from the
                    # plan's; the indicator it is measured by tells which one it is.
                    known = self.objective_measured_by(self.clean(indicator_cell).text)
                    if known is not None and self.find([known], parsed.text, None, "") is None:
                        self.merge_name(known, parsed, prov, table.name or "")
                        objective_text = known.text
                    else:
                        objective_text = self.objective(parsed, None, prov,
                                                        table.name or "").text
            if not indicator_cell:
                continue
            parsed = self.clean(indicator_cell)
            if re.match(r"^\d+(\.\d+)+\s", parsed.text):
                parsed.text = parsed.text.split(" ", 1)[1]
            unit = next((cells[c.index].strip().lower() for c in layout.of("unit")
                         if cells[c.index].strip()), None)
            target = next((quantity_of(cells[c.index]) for c in layout.of("target")
                           if cells[c.index].strip()), None)
            achievement = next((quantity_of(cells[c.index], header_unit)
                                for c in layout.of("achievement") if cells[c.index].strip()),
                               None)
            prov = self.provenance(table, row_index, row, indicator_cell, parsed.corrections)
            self.history.append(HistoryEntry(year=year or 0, objective=objective_text,
                                             indicator=parsed.text, unit=unit, target=target,
                                             achievement=achievement, provenance=[prov]))

    def objective_measured_by(self, indicator: str) -> Objective | None:
        if not indicator:
            return None
        indicator = re.sub(r"^\d+(\.\d+)+\s+", "", indicator)
        return next((o for o in self.objectives
                     if any(same_indicator(i.name, indicator) for i in o.indicators)), None)

    # -- prose and cross-table steps --------------------------------------------------------

    def add_prose_statements(self) -> None:
        """Goals and objectives stated in prose ("Tujuan : ...") that no table listed."""
        meta = self.doc.metadata
        for text, line in meta.goal_statements:
            name = self.clean(text)
            if name.text and not self.find(self.goals, name.text, None, "prose"):
                prov = Provenance(None, self.cited(line), None, None, text, name.corrections)
                self.goals.append(Goal(text=name.text, provenance=[prov]))
        for text, line in meta.objective_statements:
            name = self.clean(text)
            if name.text and not self.find(self.objectives, name.text, None, "prose"):
                prov = Provenance(None, self.cited(line), None, None, text, name.corrections)
                goal = self.goals[0].text if len(self.goals) == 1 else None
                self.objectives.append(Objective(text=name.text, goal=goal, provenance=[prov]))

    def attach_loose_activities(self) -> None:
        """Kegiatan listed without a program (e.g. a plain list of kegiatan) join the
        kegiatan of a program that is the same: by name first, one to one, best first; then
        by a sasaran or indicator they share, the text the document ties them with."""
        kegiatan = [(program, activity) for program in self.programs
                    for activity in program.activities if activity.level == "kegiatan"]
        pairs = []
        for loose in self.loose_activities:
            for program, activity in kegiatan:
                score = max(similarity(n, m) for n in [loose.name] + loose.aliases
                            for m in [activity.name] + activity.aliases)
                pairs.append((score, loose, program, activity))
        pairs.sort(key=lambda item: -item[0])
        placed: set[int] = set()
        taken: set[int] = set()
        for score, loose, _, activity in pairs:
            if score < self.settings.attach_score:
                break
            if id(loose) in placed or id(activity) in taken:
                continue
            placed.add(id(loose))
            taken.add(id(activity))
            merge_activity(activity, loose)
        for loose in self.loose_activities:
            if id(loose) in placed:
                continue
            for program, activity in kegiatan:
                if not shares_statement(loose, activity):
                    continue
                placed.add(id(loose))
                if id(activity) not in taken:
                    taken.add(id(activity))
                    merge_activity(activity, loose)
                else:
                    # Its partner already has a name of its own: the loose kegiatan is
                    # another kegiatan of the same program.
                    claim_named_indicators(loose, program.activities)
                    program.activities.append(loose)
                break
        self.loose_activities = [a for a in self.loose_activities if id(a) not in placed]

    def add_targets_named_in_indicators(self) -> None:
        """"Tersedianya 12 Proposal Partai Politik": a count inside an indicator's name is its
        target for the plan year when the row gives no other target for that year."""
        if self.plan_year is None:
            return
        owners = list(self.programs)
        for program in self.programs:
            owners += program.activities
            for activity in program.activities:
                owners += activity.sub_activities
        owners += self.loose_activities
        for owner in owners:
            for indicator in owner.indicators:
                if any(t.year == self.plan_year for t in indicator.targets):
                    continue
                match = COUNT_IN_NAME_RE.search(indicator.name)
                if match and not re.fullmatch(r"(19|20)\d\d", match.group(1)):
                    quantity = parse_quantity(match.group(0))
                    if quantity.value is not None:
                        indicator.targets.append(YearValue(self.plan_year, quantity.value,
                                                           quantity.unit, match.group(0)))

    def read_budget_summary(self) -> None:
        """"Jumlah Anggaran Kegiatan Tahun 2020 : Rp. ..." and its realization lines, joined
        with the totals the tables gave; then every year's percent is checked."""
        lines = self.doc.lines
        for index, line in enumerate(lines):
            following = " ".join(x.text for x in lines[index + 1: index + 3])
            statement = read_budget_statement(line.text, following)  # spaCy rules
            if statement is None:
                continue
            prov = Provenance(line.page, self.cited(line.number), None, None, statement.text)
            money = to_money(statement.money)
            realized = money if statement.kind == "realized" else None
            allocated = None if realized else money
            self.add_summary(statement.year, allocated, realized, statement.percent, prov)
        for summary in self.summaries:
            self.check_percent(summary)
        self.summaries.sort(key=lambda summary: summary.year)

    def check_percent(self, summary: BudgetSummary) -> None:
        if not (summary.allocated and summary.realized and summary.realization_percent):
            return
        computed = 100 * summary.realized.amount / summary.allocated.amount
        if abs(computed - summary.realization_percent) > 100 * self.settings.percent_tolerance:
            line = summary.provenance[-1].line if summary.provenance else None
            self.doc.warn("inconsistent_percent",
                          f"realization {summary.year}: printed {summary.realization_percent}% "
                          f"but realized/allocated is {computed:.2f}%", line=line)

    def cited(self, line: int | None) -> int | None:
        return line if self.cites_lines else None

    # -- result -----------------------------------------------------------------------------

    def result(self) -> RKT:
        doc, meta = self.doc, self.doc.metadata
        source = doc.source
        signatory = None
        if meta.signatory:
            signatory = {"name": meta.signatory.name, "position": meta.signatory.position,
                         "rank": meta.signatory.rank, "nip": meta.signatory.nip}
        document = {
            "type": meta.type, "title": meta.title, "year": meta.year, "agency": meta.agency,
            "region": meta.region, "signatory": signatory,
            "periods": {"rpjmd": list(meta.rpjmd) if meta.rpjmd else None,
                        "renstra": list(meta.renstra) if meta.renstra else None},
        }
        ocr = None
        if source.ocr_engine:
            ocr = {"engine": source.ocr_engine, "languages": source.ocr_languages,
                   "mean_confidence": source.ocr_mean_confidence}
        return RKT(
            schema_version=SCHEMA_VERSION,
            document_id=source.document_id,
            source={"file": source.file, "sha256": source.sha256, "format": source.format,
                    "pages": source.pages, "ocr_pages": list(source.ocr_pages), "ocr": ocr},
            document=document,
            vision=self.clean(meta.vision).text if meta.vision else None,
            missions=[self.clean(text).text for text, _ in meta.missions],
            goals=self.goals,
            objectives=self.objectives,
            programs=self.programs,
            unassigned_activities=self.loose_activities,
            performance_history=self.history,
            budget_summary=self.summaries,
            tables=[Table(t.label, t.caption, t.pages, t.header, [r.cells for r in t.rows])
                    for t in doc.tables],
            sections=[SectionRecord(s.number, s.title, s.page, self.cited(s.line))
                      for s in doc.sections],
            warnings=[Warning(w.code, w.message, w.page, self.cited(w.line))
                      for w in doc.warnings],
        )


# --- helpers --------------------------------------------------------------------------------

def containment(part: str, whole: str) -> float:
    """95 when every content word of `part` (two at least) is in `whole`, else 0."""
    words = set(name_key(part).split())
    return 95.0 if len(words) >= 2 and words <= set(name_key(whole).split()) else 0.0


def shares_statement(a: Activity, b: Activity) -> bool:
    """Two kegiatan rows with the same sasaran or the same indicator text."""
    objectives = any(similarity(x, y) >= 95 for x in a.objectives for y in b.objectives)
    return objectives or any(same_indicator(x.name, y.name)
                             for x in a.indicators for y in b.indicators)


def claim_named_indicators(activity: Activity, others: list[Activity]) -> None:
    """An indicator that names a kegiatan ("Jumlah Kegiatan Penyuluhan kepada Masyarakat")
    belongs to that kegiatan, not to the one whose rows it was printed under."""
    for other in others:
        for indicator in list(other.indicators):
            if containment(activity.name, indicator.name) and any(
                    same_indicator(indicator.name, own.name) for own in activity.indicators):
                other.indicators.remove(indicator)


def same_indicator(a: str, b: str) -> bool:
    """Two spellings of one indicator; a name the document cut short is the same too."""
    if similarity(a, b) >= 90:
        return True
    short, long = sorted((name_key(a), name_key(b)), key=len)
    return (len(short.split()) >= 5 and long.startswith(short)) or misread_only(a, b)


def misread_only(a: str, b: str, min_word_ratio: float = 60.0) -> bool:
    """True when two names differ only in words OCR garbled: word for word alike, and in
    every pair that differs one word is no word at all ("Indeks konftik costal" / "Indeks
    konflik sosial"). Two real words that differ ("SMA" / "SMK", "Kasar" / "Murni") make
    two names: sibling indicators often differ by one such word.
    """
    words_a, words_b = name_key(a).split(), name_key(b).split()
    if len(words_a) != len(words_b) or len(words_a) < 3:
        return False
    lexicon = load_lexicon()
    differing = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if not differing or 2 * len(differing) > len(words_a):
        return False
    return all((not lexicon.is_known(x) or not lexicon.is_known(y))
               and fuzz.ratio(x, y) >= min_word_ratio for x, y in differing)


def add_indicator(owner, name: Name, prov: Provenance, unit: str | None) -> Indicator:
    for indicator in owner.indicators:
        if same_indicator(indicator.name, name.text):
            if name.text != indicator.name and name.text not in indicator.aliases:
                indicator.aliases.append(name.text)
            indicator.provenance.append(prov)
            return indicator
    indicator = Indicator(name=name.text, unit=unit, provenance=[prov])
    owner.indicators.append(indicator)
    return indicator


def merge_activity(into: Activity, other: Activity) -> None:
    for name in [other.name] + other.aliases:
        if name != into.name and name not in into.aliases:
            into.aliases.append(name)
    if len(other.name) > len(into.name):
        into.aliases.remove(other.name)
        into.aliases.append(into.name)
        into.name = other.name
    into.number = other.number or into.number  # the list that numbered it first
    for objective in other.objectives:
        if objective not in into.objectives:
            into.objectives.append(objective)
    for indicator in other.indicators:
        if not any(similarity(i.name, indicator.name) >= 95 for i in into.indicators):
            into.indicators.append(indicator)
    into.budget = into.budget or other.budget
    into.provenance = other.provenance + into.provenance


def to_money(parsed) -> Money:
    # Budgets are never negative: a "-" before an amount is a rule or a dash read by OCR.
    return Money(amount=abs(int(parsed.amount)), raw=parsed.raw)


def value_cell(raw: str) -> ParsedQuantity:
    """A target, baseline or achievement cell: a column of values, so the OCR repairs that
    are safe only among numbers apply ("' 3 .", "1:250", "0,02 Yo"); words ("WTP", "Baik")
    keep no value."""
    parsed = parse_number_cell(raw, "number")
    assert isinstance(parsed, ParsedQuantity)  # a "number" column always gives a Quantity
    return parsed


def quantity_of(raw: str, default_unit: str | None = None) -> Quantity:
    raw = collapse_whitespace(strip_markup(raw))
    parsed = value_cell(raw)
    return Quantity(parsed.value, parsed.unit or default_unit, raw)


SPANNING_RE = re.compile(r"^(Tujuan|Sasaran|Program|Kegiatan)(\s+\d+)?\s*:\s*(\S.+)$",
                         re.IGNORECASE)


def spanning_label(cells: list[str]) -> tuple[str, str] | None:
    """A row holding only "Tujuan 1 : <text>" (a cell merged across the table)."""
    filled = {c.strip() for c in cells if c.strip()}
    if len(filled) != 1:  # one cell, or one merged cell repeated across the row
        return None
    match = SPANNING_RE.match(filled.pop())
    if not match:
        return None
    role = {"tujuan": "goal", "sasaran": "objective", "program": "program",
            "kegiatan": "activity"}[match.group(1).lower()]
    return role, match.group(3)


def code_level(code: str | None) -> str | None:
    """The entity a nomenclature code names, by its depth."""
    if not code or not CODE_RE.match(code):
        return None
    return {3: "program", 5: "activity", 6: "sub_activity"}.get(len(code.split(".")))


LEVEL_WORDS = (("sub kegiatan", "sub_activity"), ("program", "program"), ("kegiatan", "activity"))


def expand_hierarchy(layout: TableLayout, rows: list[TableRow]
                     ) -> tuple[TableLayout, list[TableRow]]:
    """Spread a column that names entities of several levels over one column per level.

    A "Program/Kegiatan/Sub Kegiatan" column: each row's level comes from its code (a Kode
    column or a code printed before the name), else from the name's first words ("Program
    ...", "Sub Kegiatan ..."). A "Tujuan/Sasaran" column: from the row number's depth ("1"
    a goal, "1.1" an objective), else the first word. Indicators and sasaran of such a table
    belong to the entity of their own row.
    """
    for role, levels, level_of in (
            ("hierarchy", ("program", "activity", "sub_activity"), program_level),
            ("goal_objective", ("goal", "objective"), goal_level)):
        mixed = layout.of(role)
        if mixed:
            if role == "goal_objective":
                rows = with_outline_numbers(layout, rows)
            return spread_levels(layout, rows, mixed[0].index, levels, level_of)
    return layout, rows


def with_outline_numbers(layout: TableLayout, rows: list[TableRow]) -> list[TableRow]:
    """The rows with their "No" cells read as numbers, dots OCR dropped put back."""
    columns = [c.index for c in layout.of("number")]
    if not columns:
        return rows
    index = columns[0]
    numbers = repair_outline_numbers([read_row_number(row.cells[index]) for row in rows])
    repaired = []
    for row, number in zip(rows, numbers):
        cells = list(row.cells)
        cells[index] = number
        repaired.append(replace(row, cells=cells))
    return repaired


def spread_levels(layout: TableLayout, rows: list[TableRow], source: int,
                  levels: tuple[str, ...], level_of) -> tuple[TableLayout, list[TableRow]]:
    width = len(layout.columns)
    columns = [replace(c, role={"hierarchy": None, "goal_objective": None,
                                "objective_indicator": "row_indicator",
                                "key_indicator": "row_indicator",
                                "hierarchy_objective": "row_objective"}.get(c.role, c.role))
               for c in layout.columns]
    columns += [Column(width + i, level, level) for i, level in enumerate(levels)]
    expanded = []
    for row in rows:
        name = row.cells[source].strip()
        level = level_of(name, row, layout) if name else None
        extra = [""] * len(levels)
        cells = list(row.cells)
        if level in levels:
            extra[levels.index(level)] = name
            cells[source] = ""
        boxes = row.cell_boxes + [None] * len(levels) if row.cell_boxes else None
        expanded.append(replace(row, cells=cells + extra, cell_boxes=boxes))
    return TableLayout(tuple(columns), layout.ambiguous), expanded


def program_level(name: str, row: TableRow, layout: TableLayout) -> str | None:
    code = next((row.cells[c.index].strip() for c in layout.of("code")
                 if row.cells[c.index].strip()), None)
    prefix = CODE_PREFIX_RE.match(name + " ")
    level = code_level(code) or code_level(prefix.group(1) if prefix else None)
    if level is None:
        lowered = name.lower()
        level = next((role for word, role in LEVEL_WORDS if lowered.startswith(word)), None)
    return level


def goal_level(name: str, row: TableRow, layout: TableLayout) -> str | None:
    number = next((read_row_number(row.cells[c.index]) for c in layout.of("number")
                   if row.cells[c.index].strip()), "")
    if re.fullmatch(r"\d+", number):
        return "goal"
    if re.fullmatch(r"\d+\.\d+", number):
        return "objective"
    first = name.split()[0].lower().rstrip(":") if name.split() else ""
    return {"tujuan": "goal", "sasaran": "objective"}.get(first)


VALUE_COLUMN_ROLES = ("baseline", "target", "final", "achievement", "achievement_rate",
                      "budget", "unit")


def is_history_table(layout: TableLayout) -> bool:
    """Targets against achievements per indicator, with no program or kegiatan."""
    return (layout.has("achievement") and not layout.has("budget")
            and not layout.roles & {"program", "activity", "sub_activity", "hierarchy"})


def table_year(table: RawTable, plan_year: int | None) -> int | None:
    """The year a table of last year's results reports on: in its caption, else the year
    before the plan year."""
    return history_year(table, plan_year)


def history_year(table: RawTable, plan_year: int | None) -> int | None:
    for text in (table.caption or "", table.section or ""):
        years = re.findall(r"\b((?:19|20)\d\d)\b", text)
        if years:
            return int(years[-1])
    return plan_year - 1 if plan_year else None


def join_wrapped_cells(rows: list[TableRow], layout: TableLayout, max_words: int
                       ) -> list[TableRow]:
    """Join cells that continue the cell above them in the same column (a wrapped cell the
    converter split over two rows). A row left empty by this is dropped."""
    columns = [c for c in layout.columns if c.role in TEXT_ROLES]
    entities = [c for c in columns if c.role in ENTITY_ROLES]
    numbered = {id(row): any(row.cells[c.index].strip() for c in layout.of("number"))
                or any(strip_list_marker(row.cells[c.index].strip())[0] for c in entities
                       if row.cells[c.index].strip())
                for row in rows}
    # Entity columns first, parents before children, so that a continuation is cleared
    # before the cells that depend on it are judged.
    ordered = sorted(columns, key=lambda c: (c.role not in ENTITY_ROLES, owner_level(c.role),
                                             c.index))
    for column in ordered:
        # A row that opens a record at or above the level this column describes is a new
        # row for this column: nothing in it continues the cell above.
        level = owner_level(column.role)
        blockers = [c for c in entities if (ENTITY_ROLES.index(c.role) < level
                                            if column.role in ENTITY_ROLES
                                            else ENTITY_ROLES.index(c.role) <= level)]
        texts = [row.cells[column.index].strip() for row in rows if row.cells[column.index].strip()]
        first_words = Counter(t.split()[0].lower() for t in texts)
        common, count = first_words.most_common(1)[0] if first_words else ("", 0)
        dominant = common if count >= 3 and count >= 0.75 * len(texts) else None
        frequent = common if count >= 2 else None
        above: TableRow | None = None
        for row in rows:
            cell = row.cells[column.index].strip()
            if not cell:
                continue
            opens_record = any(row.cells[b.index].strip() for b in blockers)
            if above is not None and not numbered[id(row)] and not opens_record and is_continuation(
                    above.cells[column.index], cell, dominant, frequent, max_words):
                above.cells[column.index] = above.cells[column.index].rstrip() + " " + cell
                row.cells[column.index] = ""
                above.lines.extend(n for n in row.lines if n not in above.lines)
                continue
            above = row
    return [row for row in rows if any(c.strip() for c in row.cells)]


def owner_level(role: str | None) -> int:
    """How deep in goal > objective > program > kegiatan > sub kegiatan a column's cells
    sit: an entity's own level, an indicator's or sasaran's owner level, or the deepest for
    cells that belong to whatever their row opens."""
    if role in ENTITY_ROLES:
        return ENTITY_ROLES.index(role)
    owner = {"program_objective": "program", "activity_objective": "activity"}.get(role or "")
    if owner is None and role in INDICATOR_OWNERS:
        owner = INDICATOR_OWNERS[role][-1]
    return ENTITY_ROLES.index(owner) if owner else len(ENTITY_ROLES)


def is_continuation(previous: str, cell: str, dominant: str | None, frequent: str | None,
                    max_words: int) -> bool:
    previous = previous.strip()
    if (not previous or previous == cell or previous.endswith((".", ";", ":"))
            or TOTAL_RE.match(cell)):
        return False
    first = cell.split()[0]
    last = previous.split()[-1].lower()
    if first[0].islower() and first[0].isalpha():
        return True
    if last in CONNECTORS or previous.endswith((",", "-", "/", "&")):
        return True
    if dominant and first.lower() != dominant:
        return True
    return (len(cell.split()) <= max_words and len(previous.split()) >= 4
            and first.lower() != frequent and not TOTAL_RE.match(cell))
