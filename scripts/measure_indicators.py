#!/usr/bin/env python3
"""Measure the indicator and date extractors on the dev corpus against its gold.

Indicators are matched as ``../shared/eval/score.py`` matches them: a gold ``key`` (or an
``alt_keys`` entry) must be a substring of the evidence span or of the indicator label (both
folded by ``norm``), the value and unit must match when the gold gives them, and so must the
status; one extracted item answers at most one gold item; an unmatched item that holds an
``indicators_optional`` key is not counted as spurious. Nodes are merged by the key the
mapping mints their IRI from (docs/rdf.md); units are labelled by ``units.tsv``. Three graph
layouts are scored:

* ``mapped``: one node per Observation and per Assessment, as `kg.rdf.mapping` writes them.
* ``no-dup``: as ``mapped``, but an assessment whose span holds an observation is left out.
* ``joined``: an observation also carries the status of the narrowest assessment holding it
  (`kg.extract.indicators.assessment_for`), and that assessment is left out.

Dates: the first date of the lead (not a "đến ngày" cut-off) with `reference_year` against
the gold's first meeting date.

Usage: scripts/measure_indicators.py [--corpus DIR] [--verbose] [--only STEM ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.dates import find_dates, reference_year
from kg.extract.indicators import assessment_for, find_assessments, find_observations, units
from kg.lexicons.keys import slug
from kg.model import Assessment, Observation, Sentence
from kg.read.article import read_article
from kg.read.sentences import sentences as split_sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def norm(s: str) -> str:
    """score.py's folding: NFC, case, spaces, tone marks, punctuation spacing."""
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if c not in _TONES)
    s = unicodedata.normalize("NFC", s).casefold().replace("\u00a0", " ")
    s = re.sub(r"[\s\u200b]+", " ", s)
    s = re.sub(r"\s*([,;:.])\s*", r"\1 ", s)
    return s.strip(" .,;:-–")


@dataclass
class Item:
    """One graph node as score.py sees it."""

    texts: list[str]
    values: set[float]
    unit_labels: set[str]
    statuses: set[str]
    label: str


@dataclass
class Tally:
    found: int = 0
    gold: int = 0
    right: int = 0
    extracted: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.found += other.found
        self.gold += other.gold
        self.right += other.right
        self.extracted += other.extracted

    def line(self, name: str) -> str:
        p = self.right / self.extracted if self.extracted else 1.0
        r = self.found / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        counts = f"({self.found}/{self.gold} found, {self.right}/{self.extracted} right)"
        return f"{name:28} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {counts}"


def unit_labels(code: str) -> set[str]:
    u = units()[code]
    labels = {norm(code), norm(u.label_vi), norm(u.label_en)}
    if code == "percent":
        labels |= {"%", "percent", "phần trăm"}
    return labels


def items(obs: tuple[Observation, ...], ass: tuple[Assessment, ...], mode: str) -> list[Item]:
    """The graph nodes: one per IRI the mapping mints (docs/rdf.md), so equal keys merge."""
    nodes: dict[tuple[str, ...], Item] = {}

    def add(key: tuple[str, ...], item: Item) -> None:
        if key in nodes:
            old = nodes[key]
            old.texts += item.texts
            old.statuses |= item.statuses
        else:
            nodes[key] = item

    folded = set()
    for o in obs:
        statuses = set()
        if mode != "mapped" and (holder := assessment_for(o, ass)) is not None:
            folded.add(id(holder))
            if mode == "joined":
                statuses.add(holder.status.replace("-", "_"))
        key = ("obs", slug(o.indicator), str(o.value), o.unit, o.period or "", o.place or "")
        label = f"OBS {o.span.text!r} = {o.value} {o.unit} [{o.period}]"
        add(
            key,
            Item(
                [norm(o.span.text), norm(o.indicator)],
                {round(float(o.value), 6)},
                unit_labels(o.unit),
                statuses,
                label,
            ),
        )
    for a in ass:
        if id(a) not in folded:
            key = ("ass", slug(a.indicator), a.status, "", a.period or "", a.place or "")
            label = f"ASS {a.indicator!r} {a.status} [{a.period}] <- {a.span.text!r}"
            add(
                key,
                Item(
                    [norm(a.span.text), norm(a.indicator)], set(), set(), {a.status.replace("-", "_")}, label
                ),
            )
    return list(nodes.values())


def matches(x: Item, gi: dict[str, object]) -> bool:
    keys = [str(gi["key"])] + [str(k) for k in gi.get("alt_keys", [])]  # type: ignore[attr-defined]
    if not any(norm(k) in t for k in keys for t in x.texts):
        return False
    if gi.get("value") is not None:
        wanted = {round(float(gi["value"]), 6)}  # type: ignore[arg-type]
        if not x.values & wanted:
            return False
        unit = gi.get("unit")
        if unit and not ((unit == "%" and "percent" in x.unit_labels) or norm(str(unit)) in x.unit_labels):
            return False
    return not gi.get("status") or gi["status"] in x.statuses


def assign(
    gold: list[dict[str, object]], found: list[Item], match: Callable[[Item, dict[str, object]], bool]
) -> dict[int, int]:
    """score.py's greedy one-to-one assignment: scarce gold first, shortest text first."""
    cands = {
        i: sorted(
            (j for j, x in enumerate(found) if match(x, g)), key=lambda j: min(len(t) for t in found[j].texts)
        )
        for i, g in enumerate(gold)
    }
    out: dict[int, int] = {}
    used: set[int] = set()
    for i in sorted(cands, key=lambda i: (len(cands[i]), i)):
        for j in cands[i]:
            if j not in used:
                out[i] = j
                used.add(j)
                break
    return out


def score_indicators(gold: dict[str, object], found: list[Item], stem: str) -> Tally:
    gi = list(gold.get("indicators", []))  # type: ignore[call-overload]
    optional = [norm(k) for k in gold.get("indicators_optional", [])]  # type: ignore[attr-defined]
    assigned = assign(gi, found, matches)
    t = Tally(found=len(assigned), gold=len(gi), extracted=len(found))
    used = set(assigned.values())
    for j, x in enumerate(found):
        if j in used or any(k in text for k in optional for text in x.texts):
            t.right += 1
        else:
            t.notes.append(f"{stem} SPURIOUS {x.label}")
    for i, g in enumerate(gi):
        if i not in assigned:
            t.notes.append(f"{stem} MISS {json.dumps(g, ensure_ascii=False)}")
    return t


def lead_date(text: str, sents: tuple[Sentence, ...], year: int | None) -> str | None:
    """The first date of the first paragraph after the title, cut-offs ("đến ngày") left out."""
    for i, s in enumerate(sents[1:], start=1):
        if i > 1 and "\n" in text[sents[i - 1].span.end : s.span.start]:
            break
        for d in find_dates(text, s.span.start, s.span.end):
            if not re.match(r"(?:đến|tới)\s", d.span.text, re.I):
                return d.iso(year)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args(argv)
    totals = {"mapped": Tally(), "no-dup": Tally(), "joined": Tally()}
    dates = Tally()
    for gold_file in sorted((args.corpus / "gold").glob("*.json")):
        stem = gold_file.stem
        if args.only and stem not in args.only:
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        article = read_article(args.corpus / gold.get("article", f"{stem}.txt"))
        sents = split_sentences(article)
        year = reference_year(article, sents)
        obs = find_observations(article, sents, None, year)
        ass = find_assessments(article, sents, None, year)
        for mode, tally in totals.items():
            t = score_indicators(gold, items(obs, ass, mode), stem)
            tally.add(t)
            if args.verbose:
                print("\n".join(f"[{mode}] {note}" for note in t.notes))
            if stem.startswith("000"):
                print(t.line(f"reference article, {mode}"))
        want = (gold.get("meetings") or [{}])[0].get("date")
        got = lead_date(article.text, sents, year)
        dates.gold += bool(want)
        dates.extracted += bool(got)
        dates.found += bool(want and got == want)
        dates.right += bool(got and got == want)
        if args.verbose and got != want:
            print(f"{stem} DATE got {got} want {want}")
    for mode, tally in totals.items():
        print(tally.line(f"indicators, {mode}"))
    print(dates.line("meeting date (lead)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
