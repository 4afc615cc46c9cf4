"""Fuzzing read → extract with hypothesis: no input may crash extraction.

The number of examples is bounded for CI (``KG_FUZZ_EXAMPLES``, default 300); run with a large
value to fuzz longer. Inputs it found that once crashed are kept below as regression cases.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.read.encodings import decode
from kg.resources import sample_article

SAMPLE = sample_article().read_text(encoding="utf-8")
PIECES = sorted(set(SAMPLE.replace("\n", " \n ").split(" "))) + [
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\u202e",
    "Đ/c",
    "(1)",
    "2)",
    ";",
    ":",
    "…",
    "–",
    "-",
    "/.",
    "TP.",
    "T.Ư",
    "ngày",
    "tháng",
    "năm",
    "7.8",
    "4-4-2022",
    "30/32",
    "1.238,973",
    "%",
    "tỷ đồng",
    "Ảnh:",
    "\r\n",
]
TOKENS = st.lists(st.sampled_from(PIECES), max_size=200).map(" ".join)
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "300"))

REGRESSIONS = [
    "Đồng chí",  # a honorific with nothing after it
    "UBND xã,",  # a group cut after its comma
    "Bí thư Tỉnh ủy\n",  # a title chain naming nobody, at the end of the text
    "Ảnh:",  # a photo credit with no name
    "yêu cầu: ; ; ;",  # a list of empty requirements
]


def _run(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.txt")
    except InputError:
        return
    from kg.model import Article

    extraction = extract(Article("fuzz", text, "0" * 64, "fuzz.txt"))
    for span in [m.span for m in extraction.memberships] + [d.span for d in extraction.directives]:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions(text: str) -> None:
    _run(text.encode("utf-8"))


@given(st.one_of(st.binary(max_size=500), TOKENS.map(str.encode), st.text(max_size=500).map(str.encode)))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_and_extract_never_crash(data: bytes) -> None:
    _run(data)


LONG_LINES = """
import sys
from kg.extract import extract
from kg.model import Article
line = sys.argv[1] * 100_000
text = "Tiêu đề\\n\\n" + line[:100_000]
extract(Article("long", text, "0" * 64, "long.txt"))
"""


@pytest.mark.parametrize(
    "unit", ["a", "Bí thư ", "đồng chí ", "1/", "UBND xã, ", "Nguyễn ", ", ", "yêu cầu: ;"]
)
def test_extremely_long_lines_finish(unit: str) -> None:
    """100,000 characters on one line: a catastrophic regex would hang here (the subprocess
    timeout is a hang guard, far above the linear-time cost, not a performance claim)."""
    subprocess.run([sys.executable, "-c", LONG_LINES, unit], check=True, timeout=120)
