"""Vietnamese number strings → `Decimal`.

Vietnamese writes a decimal comma and groups thousands with dots: "94,2" is 94.2,
"1.238,973" is 1238.973 and "1.500" is 1500. A dot followed by anything but groups of
exactly three digits is read as a decimal point ("7.8" → 7.8), as sources that follow
English usage write it. Leading zeros are padding ("03" → 3). Approximators before the
number ("hơn", "trên", "gần", "khoảng" ...) qualify it but do not change its value.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.errors import ExtractionError

#: One number as written: dotted thousands with an optional decimal comma, or plain digits
#: with an optional decimal comma or point. Not preceded or followed by a digit, so that a
#: match never starts or ends inside a longer number.
NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d])"

#: Words that qualify a quantity without changing it ("hơn 30" = more than 30).
APPROXIMATORS = ("khoảng", "gần", "hơn", "trên", "dưới", "ước", "xấp xỉ", "tới", "đến", "chừng")

_NUMBER = re.compile(NUMBER)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_APPROX = re.compile(r"^(?:(?:" + "|".join(APPROXIMATORS) + r")\s+)+", re.IGNORECASE)


def parse_number(text: str) -> Decimal:
    """The value of one Vietnamese number, approximators ignored.

    >>> parse_number("94,2")
    Decimal('94.2')
    >>> parse_number("1.238,973")
    Decimal('1238.973')
    >>> parse_number("1.500"), parse_number("03"), parse_number("hơn 30")
    (Decimal('1500'), Decimal('3'), Decimal('30'))
    >>> parse_number("trên 2.170")
    Decimal('2170')

    Raises:
        ExtractionError: the text is not one number.
    """
    bare = _APPROX.sub("", text.strip())
    if not _NUMBER.fullmatch(bare):
        raise ExtractionError(f"numbers: {text!r} is not a Vietnamese number")
    if _THOUSANDS.fullmatch(bare):
        bare = bare.replace(".", "")
    return Decimal(bare.replace(",", "."))


def to_int(text: str) -> int:
    """The value of a whole number such as "03" or "1.500".

    >>> to_int("03"), to_int("1.500")
    (3, 1500)
    """
    value = parse_number(text)
    if value != value.to_integral_value():
        raise ExtractionError(f"numbers: {text!r} is not a whole number")
    return int(value)


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Decimal]]:
    """Every number in ``text[start:end]`` as (start, end, value), absolute offsets.

    >>> find_numbers("đạt 94,2% và 1.500 hộ")
    [(4, 8, Decimal('94.2')), (13, 18, Decimal('1500'))]
    """
    stop = len(text) if end is None else end
    return [(m.start(), m.end(), parse_number(m.group())) for m in _NUMBER.finditer(text, start, stop)]
