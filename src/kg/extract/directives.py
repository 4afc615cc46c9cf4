"""Sentences → requirements: "X yêu cầu: A; B; C." gives one requirement per clause.

A sentence with a directive verb (``lexicons/directive_verbs.tsv``) opens a list: its words
after the verb, split at ";", and — when the verb ends in ":" — the following sentences of
the same paragraph, split likewise. Who speaks is named before the verb; whom a clause
addresses is the body or collective named at its start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kg.lexicon import alternation, lexicon
from kg.model import Sentence, Span

# a requirement ends at ";" or where a numbered item "(2)" / "2)" begins
_CLAUSE = re.compile(r"(?:\(?\d{1,2}\)[ \t\u00a0]*)?(?:[^;(\d]|\((?!\d{1,2}\))|\d(?!\d?\)))+")
_LEAD_IN = re.compile(
    r"^(?:(?:trong|đến|từ|sau|năm)\b[^,]{0,30},[ \t\u00a0]*|đồng thời[ \t\u00a0]+|và[ \t\u00a0]+)", re.I
)
_COLLECTIVE = (
    r"(?:các|những|mỗi|từng)?[ \t\u00a0]*(?:đội ngũ|người đứng đầu|cán bộ|đảng viên|các cấp ủy|cấp ủy|chi ủy"
    r"|phòng|ban|ngành|đơn vị|địa phương|cơ quan|đoàn thể|lãnh đạo)\b[^;:]{0,60}?"
)


@dataclass(frozen=True, slots=True)
class DirectiveClue:
    """One requirement's words, with the sentence that introduced its list."""

    span: Span
    intro: Sentence  # the sentence with the verb
    verb: Span
    modality: str
    subject: Span | None  # a collective addressee named at the clause start, if any


@cache
def _actions() -> str:
    return "(?:" + alternation(lexicon().action_verbs) + r")(?![\w])"


@cache
def _subject_pattern() -> re.Pattern[str]:
    """A collective named at a clause start, up to the verb of its task."""
    return re.compile(rf"^{_COLLECTIVE}(?=[ \t\u00a0]+{_actions()})", re.I)


@cache
def _opens_with_action() -> re.Pattern[str]:
    return re.compile(rf"^{_actions()}", re.I)


@cache
def _verbs() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w])(" + alternation(lexicon().directive_verbs) + r")(?![\w])[ \t\u00a0]*(:?)", re.I
    )


def find_directives(
    text: str, sentences: tuple[Sentence, ...], issuer_before: Callable[[Sentence, int], bool]
) -> list[DirectiveClue]:
    """Every requirement of the text; ``issuer_before(sentence, pos)`` says whether someone
    who can issue one is named in the sentence before ``pos``."""
    out: list[DirectiveClue] = []
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        verb = None
        for m in _verbs().finditer(text, sentence.span.start, sentence.span.end):
            if lexicon().directive_verbs[m.group(1).casefold()] == "-":
                continue
            if issuer_before(sentence, m.start()):
                verb = m
                break
        if verb is None:
            index += 1
            continue
        modality = lexicon().directive_verbs[verb.group(1).casefold()]
        verb_span = Span(verb.start(1), verb.end(1), verb.group(1))
        out += _clauses(text, verb.end(), sentence.span.end, sentence, verb_span, modality)
        index += 1
        # "yêu cầu:" opens a list that runs to the end of the paragraph; without the colon,
        # the following sentences of the paragraph that open with a task verb continue it
        while index < len(sentences) and _same_block(text, sentences[index - 1], sentences[index]):
            s = sentences[index]
            if not verb.group(2) and not _opens_with_action().match(s.span.text):
                break
            out += _clauses(text, s.span.start, s.span.end, sentence, verb_span, modality)
            index += 1
    return out


def _same_block(text: str, a: Sentence, b: Sentence) -> bool:
    return "\n" not in text[a.span.end : b.span.start]


def _clauses(
    text: str, start: int, end: int, intro: Sentence, verb: Span, modality: str
) -> list[DirectiveClue]:
    out = []
    for m in _CLAUSE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and (text[s].isspace() or text[s] in ":,"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in "./…"):
            e -= 1
        if len(text[s:e].split()) < 3:
            continue
        out.append(
            DirectiveClue(
                Span(s, e, text[s:e]), intro, verb, _modality(text[s:e], modality), _subject(text, s, e)
            )
        )
    return out


def _modality(clause: str, default: str) -> str:
    return "prohibition" if re.match(r"^(?:không được|không để|nghiêm cấm)\b", clause, re.I) else default


def _subject(text: str, start: int, end: int) -> Span | None:
    """A collective addressee at the clause start: "đội ngũ cán bộ ... cần", "các phòng, đơn vị ...\""""
    lead = _LEAD_IN.match(text[start:end])
    s = start + (lead.end() if lead else 0)
    m = _subject_pattern().match(text[s:end])
    if m is None:
        return None
    return Span(s, s + m.end(), text[s : s + m.end()])
