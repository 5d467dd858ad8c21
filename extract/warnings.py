"""Warning codes the extractor may emit, each with its one-line meaning.

This dict is the single list of codes: the contract asks the project to document every code
it emits, and the JSON Schema's ``WarningCode`` enum must equal its keys (checked by
``tests/test_schema.py``). Add a code here first, then to ``extract/schema/rkt.schema.json``.
"""

from __future__ import annotations

WARNING_CODES: dict[str, str] = {
    # Codes named by the contract (shared/spec/rkt-json.md).
    "inconsistent_total": "a printed total is not the sum of its printed parts; both are kept",
    "inconsistent_percent": "a printed realization percent does not match realized / allocated",
    "duplicate_entry": "the same name is on two numbered rows of one table; both records are kept",
    "numbering_gap": "a numbered list or table skips or repeats a number (e.g. 4. then 6.)",
    "unresolved_reference": "a goal, objective or program named by a record could not be found",
    "unrecovered_table": "a table was seen but its cells could not be recovered",
    "ambiguous_header": "a table header reads more than one way; the message says which was used",
    "low_ocr_confidence": "the OCR mean confidence of a page is below the configured threshold",
    "unknown_document_type": "the document type (RKT, RENSTRA, RENJA, LKJIP, PK) is not stated",
    # Codes the project adds.
    "shifted_cells": "cells of a row sat in a neighbouring column and were moved back",
    "uncertain_split": "a line of a flattened table was split into columns by a close call",
    "unrecovered_row": "a table row could not be interpreted and is left out of the records",
    "not_rkt_document": "the document names itself a Renstra, Renja, LKjIP or PK, not an RKT; "
                        "what fits the RKT contract is extracted",
    "unparsed_value": "a cell that should hold a number, year or amount could not be parsed",
}
