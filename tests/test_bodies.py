"""Bodies, posts and persons on invented sentences, one class of construction per test."""

from __future__ import annotations

import hashlib
import logging

import pytest

from kg.extract import extract
from kg.extract.consistency import consistent
from kg.mapping import to_graph
from kg.model import Article, Extraction, Membership, Organization, Person, Role, Span


def _extract(text: str) -> Extraction:
    return extract(Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt"))


def _labels(x: Extraction) -> set[str]:
    return {label for o in x.organizations for label in o.labels}


def test_a_unit_of_a_group_of_bodies_is_a_group_too() -> None:
    x = _extract(
        "Thường trực HĐND tỉnh Bắc Kạn làm việc với Thường trực HĐND các huyện, thành phố về kế hoạch năm.\n"
    )
    unit = next(o for o in x.organizations if "Thường trực HĐND các huyện, thành phố" in o.labels)
    assert unit.is_group and unit.parent is None
    to_graph(x)  # a group is never anyone's parent body


def test_facts_that_cannot_be_placed_are_dropped_not_the_article(caplog: pytest.LogCaptureFixture) -> None:
    text = "Một câu."
    article = Article("t", text, hashlib.sha256(text.encode()).hexdigest(), "t.txt")
    group = Organization("g/ubnd-xa-phuong", "ubnd", ("UBND xã, phường",), is_group=True)
    unit = Organization("g/ubnd-xa-phuong/thuong-truc", "thuong-truc", ("Thường trực",), parent=group.key)
    person = Person("vn/nguyen-van-a", "Nguyễn Văn A", "vn")
    role = Role("chu-tich", "Chủ tịch", "Chairman")
    posts = (
        Membership("m1", person.key, group.key, role, Span(0, 3, "Một")),  # a post in a group
        Membership("m2", "vn/nobody", unit.key, role, Span(0, 3, "Một")),  # an unknown holder
    )
    ex = Extraction(article, organizations=(group, unit), persons=(person,), memberships=posts)
    with caplog.at_level(logging.WARNING):
        fixed = consistent(ex)
    assert [o.parent for o in fixed.organizations] == [None, None]
    assert fixed.memberships == ()
    assert "cannot be placed" in caplog.text
    to_graph(fixed)
