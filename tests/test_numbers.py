"""kg.extract.numbers: Vietnamese number strings → Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import ExtractionError
from kg.extract.numbers import find_numbers, parse_number, to_int


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("94,2", Decimal("94.2")),  # decimal comma
        ("1.238,973", Decimal("1238.973")),  # thousands dot and decimal comma
        ("1.500", Decimal("1500")),  # thousands dot alone
        ("12.345.678", Decimal("12345678")),
        ("03", Decimal("3")),  # leading zero
        ("7.8", Decimal("7.8")),  # a dot before one digit is a decimal point
        ("0,5", Decimal("0.5")),
        ("hơn 30", Decimal("30")),
        ("trên 2.170", Decimal("2170")),
        ("gần 1.000", Decimal("1000")),
        ("khoảng 45,5", Decimal("45.5")),
    ],
)
def test_parse_number(written: str, value: Decimal) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize("bad", ["", "hơn", "12a", "1,2,3", "30/32", "năm 2020"])
def test_parse_number_rejects_what_is_not_one_number(bad: str) -> None:
    with pytest.raises(ExtractionError, match="not a Vietnamese number"):
        parse_number(bad)


def test_to_int() -> None:
    assert (to_int("04"), to_int("1.500")) == (4, 1500)
    with pytest.raises(ExtractionError, match="not a whole number"):
        to_int("4,5")


def test_find_numbers_gives_absolute_offsets() -> None:
    text = "Doanh thu đạt 1.238,973 tỷ đồng, tăng 6,5%."
    found = find_numbers(text, 5)
    assert [(text[a:b], v) for a, b, v in found] == [
        ("1.238,973", Decimal("1238.973")),
        ("6,5", Decimal("6.5")),
    ]


def test_find_numbers_respects_the_window() -> None:
    assert find_numbers("có 12 xã và 30 hộ", 0, 6) == [(3, 5, Decimal("12"))]


def _vietnamese(value: Decimal) -> str:
    """Write a non-negative decimal the Vietnamese way: dotted thousands, decimal comma."""
    whole, _, frac = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_round_trip_of_vietnamese_writing(value: Decimal) -> None:
    assert parse_number(_vietnamese(value)) == value
