"""Measure the term normalizer on a set of OCR'd and clean text with known truth.

    python scripts/measure_normalization.py            # print the figures of the committed set
    python scripts/measure_normalization.py build ...  # rebuild the set (see `build --help`)

The set (`tests/data/normalization/set.tsv`: source, split, observed, truth, origin) holds

- corpus: every name the gold files record with author or OCR corrections, as printed (the
  provenance `raw`) and as corrected by hand; names the gold keeps unchanged are clean items;
- tesseract: lines of rendered gold documents OCR'd by Tesseract (the project's OCR stage),
  aligned word by word to the text layer of the same page of the digital rendering of the
  same seed; origin "seed=23 doc=... page=4". Built from `render_corpus.py --scan` output of
  seeds 7, 11, 23 (dev) and 31, 41 (held out):
  `RKT_OCR_CACHE=... python scripts/measure_normalization.py build --scans DIR...`;
  seed 53 (dev) was added later to the committed rows with `add-scans DIR` (the rows already
  there stay as they are);
- notes: the misreadings listed in shared/notes/ocr-facts.md;
- generated: Permendagri 90 names and planning prose with OCR noise drawn from the
  confusions seen in tesseract/notes (letter swaps, lost and doubled letters, glued words,
  words split and hyphenated across lines), with a fixed seed;
- clean-gold, clean-rpjmn: the gold names and RPJMN 2025-2029 prose, correct text on which
  every change is a false correction.

Each item has a split: "dev" (what the lexicon and thresholds may be looked at against) or
"heldout" (another seed, other names, other RPJMN chapters). The tesseract held-out seeds
render the same five documents as the dev seeds, with other noise, skew and resolution:
they hold out Tesseract's errors, not the vocabulary. Figures are printed per source
and split:

- precision: corrections that were right / all corrections made (a correction is right when
  its result is in the truth and what it replaced is not);
- recall: word errors fixed / word errors present (words compared case-insensitively without
  edge punctuation; tokens with digits are numbers and are measured by the number tests);
- changes/1k: words that were right before and wrong after, per 1,000 right words;
- unfix, recall*: the errors no corrector can fix by design (people's names: capitalised
  words of a text with a title or degree; words no list knows; stretches mangled beyond
  recognition, rapidfuzz ratio under 50 to their truth), and the recall without them. The
  headline recall counts them.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.lexicon import load_lexicon  # noqa: E402
from normalize.settings import DEFAULT_SETTINGS  # noqa: E402
from normalize.terms import Corrected, Correction, correct_name, match_nomenclature  # noqa: E402

SET_PATH = ROOT / "tests" / "data" / "normalization" / "set.tsv"
# shared/ lies beside the repository (CI) or at /work/shared (the workplace).
SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared"))
               if (p / "corpus").is_dir()), ROOT.parent / "shared")
RPJMN_DIR = SHARED / "corpus" / "rpjmn-2025-2029-pdf2md"
# RPJMN chapters split by file: the first half may be looked at, the second is held out.
RPJMN_DEV = ("I_", "II_", "III_Prioritas_1", "III_Prioritas_2", "III_Prioritas_3",
             "III_Prioritas_4")

_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def words(text: str) -> list[str]:
    """Comparable words: edge punctuation off, lower-case, no number tokens."""
    out = []
    for token in text.split():
        core = _EDGE.sub("", token).lower()
        if core and not any(ch.isdigit() for ch in core) and any(ch.isalpha() for ch in core):
            out.append(core)
    return out


def _aligned_ok(seen: list[str], truth: list[str]) -> list[bool]:
    ok = [False] * len(truth)
    matcher = difflib.SequenceMatcher(None, seen, truth, autojunk=False)
    for block in matcher.get_matching_blocks():
        for j in range(block.b, block.b + block.size):
            ok[j] = True
    return ok


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(haystack[i:i + size] == needle for i in range(len(haystack) - size + 1))


def _changed_words(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """The words a correction replaced and made, without those it kept at either end
    ("BAB |" -> "BAB I" replaced nothing and made "i")."""
    while old and new and old[0] == new[0]:
        old, new = old[1:], new[1:]
    while old and new and old[-1] == new[-1]:
        old, new = old[:-1], new[:-1]
    return old, new


@dataclass
class Tally:
    words: int = 0
    errors: int = 0
    fixed: int = 0
    broken: int = 0
    corrections: int = 0
    right: int = 0
    unfixable: int = 0  # errors no corrector can fix by design (see _unfixable)
    fixed_unfixable: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("words", "errors", "fixed", "broken", "corrections", "right",
                     "unfixable", "fixed_unfixable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong.extend(other.wrong)

    @property
    def precision(self) -> float:
        return self.right / self.corrections if self.corrections else 1.0

    @property
    def recall(self) -> float:
        return self.fixed / self.errors if self.errors else 1.0

    @property
    def recall_fixable(self) -> float:
        """Recall without the errors no corrector can fix by design."""
        errors = self.errors - self.unfixable
        return (self.fixed - self.fixed_unfixable) / errors if errors else 1.0

    @property
    def changes_per_1k(self) -> float:
        clean = self.words - self.errors
        return 1000.0 * self.broken / clean if clean else 0.0


def _snapped(observed: str) -> Corrected:
    """``correct_name`` and then, as the pipeline's nomenclature stage does for program and
    kegiatan names, the official spelling of misread words of a name that matches a
    Permendagri 90 entry."""
    from extract.nomenclature import noise_fixes
    from extract.settings import NomenclatureSettings

    settings = NomenclatureSettings()
    result = correct_name(observed, load_lexicon())
    found = match_nomenclature(result.text, settings=replace(
        DEFAULT_SETTINGS, nomenclature_min_score=settings.min_score))
    if found is None:
        return result
    text, fixes = result.text, []
    for wrong, right, score in noise_fixes(result.text, found.name, load_lexicon(),
                                           settings.min_word_score):
        text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text, count=1)
        fixes.append(Correction(wrong, right, score))
    return Corrected(text, (*result.corrections, *fixes))


# An observed stretch this unlike its truth (rapidfuzz ratio) is mangled beyond recognition
# ("wmentansas" for "kegiatan inventarisasi"): no corrector can tell what it was.
MANGLED_BELOW = 50.0


def _unfixable(observed: str, truth: str) -> list[bool]:
    """Per truth word: an error no corrector can fix by design: a person's name (a word
    capitalised in a text with a title or degree), a word no list knows, or a word
    mangled beyond recognition."""
    from rapidfuzz import fuzz

    from normalize.terms import _PERSON

    lexicon = load_lexicon()
    seen, truth_words = words(observed), words(truth)
    cased = [w for w in (_EDGE.sub("", t) for t in truth.split())
             if w and not any(ch.isdigit() for ch in w) and any(ch.isalpha() for ch in w)]
    person = _PERSON.search(truth) is not None
    out = [False] * len(truth_words)
    matcher = difflib.SequenceMatcher(None, seen, truth_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        mangled = fuzz.ratio(" ".join(seen[i1:i2]), " ".join(truth_words[j1:j2])) < MANGLED_BELOW
        for j in range(j1, j2):
            word = truth_words[j]
            name = person and j < len(cased) and cased[j][:1].isupper()
            unknown = not all(lexicon.is_known(part) for part in re.split(r"[-/]", word) if part)
            out[j] = mangled or name or unknown
    return out


def score_item(observed: str, truth: str, snap: bool = False) -> Tally:
    """Normalize ``observed`` and compare it and the result with ``truth``."""
    result = _snapped(observed) if snap else correct_name(observed, load_lexicon())
    truth_words = words(truth)
    before = _aligned_ok(words(observed), truth_words)
    after = _aligned_ok(words(result.text), truth_words)
    unfixable = _unfixable(observed, truth) if not all(before) else [False] * len(before)
    tally = Tally(words=len(truth_words))
    for was, now, design in zip(before, after, unfixable, strict=True):
        tally.errors += not was
        tally.fixed += (not was) and now
        tally.broken += was and not now
        tally.unfixable += (not was) and design
        tally.fixed_unfixable += (not was) and design and now
    for fix in result.corrections:
        tally.corrections += 1
        replaced, made = _changed_words(words(fix.from_), words(fix.to))
        # A correction to no word at all ("Yo" -> "%") is right when what it replaced is no
        # word of the truth.
        if (_contains(truth_words, made) or not made) and not _contains(truth_words, replaced):
            tally.right += 1
        else:
            tally.wrong.append((fix.from_, fix.to, truth))
    return tally


def load_set(path: Path = SET_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(items: list[dict[str, str]], snap: bool = False) -> dict[tuple[str, str], Tally]:
    """Tallies per (source, split), plus ("all", split) totals of the OCR'd sources.

    ``snap`` adds the nomenclature stage's respelling of matched names (see ``_snapped``).
    """
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for item in items:
        tally = score_item(item["observed"], item["truth"], snap)
        tallies[(item["source"], item["split"])].add(tally)
        kind = "all clean" if item["source"].startswith("clean") else "all noisy"
        tallies[(kind, item["split"])].add(tally)
    return dict(tallies)


def report(tallies: dict[tuple[str, str], Tally], show_wrong: int = 0) -> str:
    lines = [f"{'source':<14}{'split':<9}{'words':>7}{'errors':>7}{'fixed':>7}"
             f"{'corr':>6}{'right':>6}{'precision':>10}{'recall':>8}{'changes/1k':>11}"
             f"{'unfix':>7}{'recall*':>9}",
             "-" * 101]
    for (source, split), t in sorted(tallies.items(), key=lambda kv: (kv[0][0].startswith("all"),
                                                                      kv[0])):
        lines.append(f"{source:<14}{split:<9}{t.words:>7}{t.errors:>7}{t.fixed:>7}"
                     f"{t.corrections:>6}{t.right:>6}{t.precision:>10.3f}{t.recall:>8.3f}"
                     f"{t.changes_per_1k:>11.2f}{t.unfixable:>7}{t.recall_fixable:>9.3f}")
    if show_wrong:
        lines.append("")
        for (source, split), t in sorted(tallies.items()):
            if source.startswith("all"):
                continue
            for from_, to, truth in t.wrong[:show_wrong]:
                lines.append(f"wrong [{source}/{split}] {from_!r} -> {to!r} in {truth[:80]!r}")
    return "\n".join(lines)


# --- building the set ------------------------------------------------------------------------


def _gold_strings(value):  # noqa: ANN001, ANN202 - JSON walk
    if isinstance(value, dict):
        if "raw" in value and "corrections" in value:
            yield value
        for item in value.values():
            yield from _gold_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _gold_strings(item)


def _apply(raw: str, corrections: list[dict]) -> str:
    text = raw
    for fix in corrections:
        text = re.sub(rf"(?<!\w){re.escape(fix['from'])}(?!\w)", fix["to"], text, count=1)
    return text


def corpus_items() -> list[tuple[str, str, str, str, str]]:
    """Gold provenance: raw as printed vs raw with the hand-made corrections applied."""
    items = []
    for path in sorted((ROOT / "gold").glob("*.json")):
        split = "dev" if "pontianak" in path.name or "depok" in path.name else "heldout"
        seen = set()
        for prov in _gold_strings(json.loads(path.read_text(encoding="utf-8"))):
            raw = " ".join(prov["raw"].split())
            if not raw or raw in seen:
                continue
            seen.add(raw)
            truth = _apply(raw, prov["corrections"])
            source = "corpus" if prov["corrections"] else "clean-gold"
            items.append((source, split, raw, truth, f"doc={path.stem}"))
    return items


NOTES_ITEMS = [  # shared/notes/ocr-facts.md, "The confusions that matter most"
    ("Jumiah Anggaran Kegiatan", "Jumlah Anggaran Kegiatan"),
    ("Forum Pembauran Kebangsaan (FPk)", "Forum Pembauran Kebangsaan (FPK)"),
    ("Kesatuan Ban gsa dan Politik", "Kesatuan Bangsa dan Politik"),
    ("Pengelolaan Keuangan Kelola.dan Aset", "Pengelolaan Keuangan Kelola dan Aset"),
    ("Urusan Pemerintahan Bidang Kesatuan Bangsa dan Politik Dalam Negeri Sosial.",
     "Urusan Pemerintahan Bidang Kesatuan Bangsa dan Politik Dalam Negeri Sosial"),
    ("|Kegiatan Peningkatan Kapasitas Aparatur", "Kegiatan Peningkatan Kapasitas Aparatur"),
]


# Scans of these base seeds are held out; the others may be looked at. Split by seed, not by
# document: every seed renders the same five gold documents with other noise, skew and
# resolution, so a held-out seed measures the corrector on Tesseract errors it was not tuned
# on (its words are the same documents' words: vocabulary is not what it holds out).
HELDOUT_SEEDS = (31, 41)


def _digital_renders(scans: Path, manifest: list[dict]) -> Path:
    """The directory with the digital renderings of a scan directory's PDFs: the scan's own
    directory when they lie beside the scans, else a fresh rendering with the same seed."""
    if all((scans / e["pdf"].replace("-scan.pdf", "-digital.pdf")).exists() for e in manifest
           if e["variant"] == "scan"):
        return scans
    import tempfile

    sys.path.insert(0, str(ROOT / "scripts"))
    from rkt_render.cli import render_gold

    out = Path(tempfile.mkdtemp(prefix="rkt-digital-"))
    for entry in manifest:
        if entry["variant"] == "scan":
            render_gold(ROOT / entry["gold"], out, ["digital"], entry["base_seed"],
                        entry.get("style", "ruled"), entry.get("landscape", "auto"))
    return out


def tesseract_items(scans: Path) -> list[tuple[str, str, str, str, str]]:
    """OCR'd lines of the rendered scans, aligned to the digital rendering's text layer.

    ``scans`` is a ``render_corpus.py --scan`` directory (its manifest gives the seed); the
    digital rendering of the same seed is the truth. The origin of each line is kept:
    "seed=23 doc=kota-bandung-bappeda-rkt-2022 page=4".
    """
    from extract.ingest import ingest
    from extract.settings import Settings

    manifest = json.loads((scans / "manifest.json").read_text(encoding="utf-8"))
    digital_dir = _digital_renders(scans, manifest)
    items = []
    for entry in sorted(manifest, key=lambda e: e["pdf"]):
        if entry["variant"] != "scan":
            continue
        scan = scans / entry["pdf"]
        digital = digital_dir / entry["pdf"].replace("-scan.pdf", "-digital.pdf")
        seed, doc = entry["base_seed"], entry["pdf"].removesuffix("-scan.pdf")
        split = "heldout" if seed in HELDOUT_SEEDS else "dev"
        ocr_doc, text_doc = ingest(scan, Settings()), ingest(digital, Settings())
        for ocr_page, text_page in zip(ocr_doc.pages, text_doc.pages, strict=False):
            origin = f"seed={seed} doc={doc} page={ocr_page.number}"
            truth_tokens = [t for line in text_page.lines for t in line.text.split()]
            truth_keys = [_EDGE.sub("", t) for t in truth_tokens]
            for line in ocr_page.lines:
                tokens = line.text.split()
                if len(tokens) < 2:
                    continue
                keys = [_EDGE.sub("", t) for t in tokens]
                matcher = difflib.SequenceMatcher(None, keys, truth_keys, autojunk=False)
                opcodes = [op for op in matcher.get_opcodes()
                           if not (op[0] == "insert" and (op[1] == 0 or op[1] == len(keys)))]
                # Keep a line only when it aligns as one stretch: equal runs and small
                # replacements, no reordering; the truth is the aligned text-layer words.
                if not opcodes or any(op[0] in ("delete", "insert") for op in opcodes):
                    continue
                if any(op[0] == "replace" and max(op[2] - op[1], op[4] - op[3]) > 2
                       for op in opcodes):
                    continue
                start, end = opcodes[0][3], opcodes[-1][4]
                if end - start > len(keys) + 2:
                    continue
                truth = " ".join(truth_tokens[start:end])
                items.append(("tesseract", split, line.text, truth, origin))
    if digital_dir != scans:
        import shutil

        shutil.rmtree(digital_dir, ignore_errors=True)
    return items


# Letter confusions of Tesseract on these pages (ocr-facts.md and the tesseract items), and
# the typing slips of the corpus ("Startegis", "pemahanan", "Vervikasi").
CONFUSIONS = [("l", "i"), ("i", "l"), ("m", "rn"), ("rn", "m"), ("u", "ii"), ("n", "ri"),
              ("g", "q"), ("e", "c"), ("c", "e"), ("h", "b"), ("b", "h"), ("t", "f"),
              ("f", "t"), ("ng", "n"), ("a", "o"), ("o", "a"), ("I", "|"), ("l", "1"),
              ("O", "0"), ("r", "t"), ("s", "a"), ("k", "x")]
NOISE_KINDS = ("confusion", "confusion", "confusion", "drop", "double", "swap", "glue",
               "split", "hyphen")


def _noisy_word(word: str, kind: str, rng: random.Random) -> str | None:
    inner = range(1, len(word) - 1)
    if kind == "confusion":
        options = [(i, a, b) for a, b in CONFUSIONS for i in range(len(word))
                   if word.startswith(a, i) and i > 0]
        if not options:
            return None
        i, a, b = rng.choice(options)
        return word[:i] + b + word[i + len(a):]
    if kind == "drop":
        i = rng.choice(inner)
        return word[:i] + word[i + 1:]
    if kind == "double":
        i = rng.choice(inner)
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        i = rng.choice(range(1, len(word) - 2))
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "split":
        i = rng.choice(range(2, len(word) - 2))
        return word[:i] + " " + word[i:]
    if kind == "hyphen":
        i = rng.choice(range(2, len(word) - 1))
        return word[:i] + "- " + word[i:]
    return None


def add_noise(text: str, rng: random.Random, rate: float) -> str:
    tokens = text.split()
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        plain = token.isalpha() and len(token) >= 5 and not token.isupper()
        if plain and rng.random() < rate:
            kind = rng.choice(NOISE_KINDS)
            if kind == "glue" and index + 1 < len(tokens) and tokens[index + 1].isalpha():
                out.append(token + tokens[index + 1])
                index += 2
                continue
            noisy = _noisy_word(token, kind, rng) if kind != "glue" else None
            out.append(noisy or token)
        else:
            out.append(token)
        index += 1
    return " ".join(out)


def _all_known(text: str) -> bool:
    lexicon = load_lexicon()
    return all(lexicon.is_known(w) or len(w) < 4 or w.isupper()
               for w in re.findall(r"[^\W\d_]+", text))


def rpjmn_lines(dev: bool, origins: bool = False) -> list:
    """Prose lines of the RPJMN chapters of one split; with ``origins``, (line, chapter)."""
    lines = []
    for path in sorted(RPJMN_DIR.glob("[IV]*.md")):
        if path.name.startswith(RPJMN_DEV) != dev:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip(" •*#>-")
            if len(line.split()) >= 4 and not line.startswith("|"):
                line = " ".join(line.split())
                lines.append((line, f"rpjmn={path.stem}") if origins else line)
    return lines


def generated_items(count: int) -> list[tuple[str, str, str, str, str]]:
    lexicon = load_lexicon()
    names = sorted({e.name for e in lexicon.nomenclature
                    if e.level in ("program", "kegiatan", "sub_kegiatan") and not e.name.isupper()})
    items = []
    for split, seed, parity, dev in (("dev", 7, 0, True), ("heldout", 11, 1, False)):
        rng = random.Random(seed)
        pool = [n for i, n in enumerate(names) if i % 2 == parity and _all_known(n)]
        prose = [line for line in rpjmn_lines(dev) if _all_known(line)]
        for text in rng.sample(pool, count) + rng.sample(prose, count // 2):
            noisy = add_noise(text, rng, rate=0.25)
            if noisy != text:
                items.append(("generated", split, noisy, text, f"seed={seed}"))
    return items


def clean_rpjmn_items() -> list[tuple[str, str, str, str, str]]:
    return [("clean-rpjmn", "dev" if dev else "heldout", line, line, origin)
            for dev in (True, False) for line, origin in rpjmn_lines(dev, origins=True)]


def build(args: argparse.Namespace) -> None:
    items = corpus_items()
    items += [("notes", "dev", observed, truth, "ocr-facts.md") for observed, truth in NOTES_ITEMS]
    for scans in args.scans or ():
        items += tesseract_items(Path(scans))
    items += generated_items(args.generated)
    items += clean_rpjmn_items()
    SET_PATH.parent.mkdir(parents=True, exist_ok=True)
    with SET_PATH.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                            lineterminator="\n")
        writer.writerow(["source", "split", "observed", "truth", "origin"])
        for source, split, observed, truth, origin in items:
            writer.writerow([source, split, observed.replace("\t", " "), truth.replace("\t", " "),
                             origin])
    counts = Counter((source, split) for source, split, *_rest in items)
    for key, count in sorted(counts.items()):
        print(*key, count)


def add_scans(args: argparse.Namespace) -> None:
    """Append the tesseract items of more scan directories to the committed set. The rows
    already there are not rewritten (a full ``build`` needs every scan directory again)."""
    seen = {tuple(item.values()) for item in load_set()}
    added = Counter()
    with SET_PATH.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                            lineterminator="\n")
        for scans in args.scans:
            for source, split, observed, truth, origin in tesseract_items(Path(scans)):
                row = [source, split, observed.replace("\t", " "), truth.replace("\t", " "),
                       origin]
                if tuple(row) in seen:
                    continue
                seen.add(tuple(row))
                writer.writerow(row)
                added[(source, split, origin.split()[0])] += 1
    for key, count in sorted(added.items()):
        print(*key, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wrong", type=int, default=0, help="list up to N wrong corrections")
    sub = parser.add_subparsers(dest="command")
    builder = sub.add_parser("build", help="rebuild tests/data/normalization/set.tsv")
    builder.add_argument("--scans", nargs="+",
                         help="render_corpus.py --scan output dirs, e.g. seeds 7 and 11 "
                              "(RKT_OCR_CACHE makes a rebuild start no Tesseract)")
    builder.add_argument("--generated", type=int, default=400,
                         help="nomenclature names per split to add noise to")
    adder = sub.add_parser("add-scans", help="append the tesseract items of more scan "
                                             "directories (split by seed) to the set")
    adder.add_argument("scans", nargs="+", help="render_corpus.py --scan output dirs")
    args = parser.parse_args()
    if args.command == "build":
        build(args)
        return
    if args.command == "add-scans":
        add_scans(args)
        return
    items = load_set()
    print("word correction (normalize.terms.correct_name)")
    print(report(measure(items), args.wrong))
    print("\nwith the nomenclature stage's respelling of names matching Permendagri 90")
    print(report(measure(items, snap=True)))


if __name__ == "__main__":
    main()
