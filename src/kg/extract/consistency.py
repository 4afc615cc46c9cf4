"""The last step of extraction: every reference between facts points at a fact of the right kind.

A stage that cannot place a fact (a parent body that is a group, a post in a collective, a
meeting chaired in a post that was never registered) loses that link or that fact, with a
warning in the log; the article itself is never lost. The mapping can then trust every key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from kg.model import Directive, Extraction, Meeting, Membership

log = logging.getLogger(__name__)
_Keep = Callable[[str | None, set[str], str], str | None]  # ``keep`` in `consistent`


def consistent(ex: Extraction) -> Extraction:
    """``ex`` without the links and facts that refer to a missing or wrong-kind entity."""
    aid = ex.article.id
    places = {p.code for p in ex.places}
    bodies = {o.key for o in ex.organizations if not o.is_group}
    agents = {o.key for o in ex.organizations} | {p.key for p in ex.persons}
    persons = {p.key for p in ex.persons}

    def keep(value: str | None, table: set[str], what: str) -> str | None:
        if value is None or value in table:
            return value
        log.warning("article %s: %s %r cannot be placed; link dropped", aid, what, value)
        return None

    orgs = tuple(
        replace(
            o,
            parent=keep(o.parent, bodies - {o.key}, "parent organization"),
            place=keep(o.place, places, "place"),
        )
        for o in ex.organizations
    )
    memberships: list[Membership] = []
    for m in ex.memberships:
        if keep(m.organization, bodies, "organization of a post") and keep(
            m.person, persons, "holder of a post"
        ):
            memberships.append(m)
    held = {m.key for m in memberships}
    meetings = tuple(_meeting(m, agents, persons, held, keep) for m in ex.meetings)
    meeting_keys = {m.key for m in meetings}
    observations = tuple(
        replace(o, place=keep(o.place, places, "place"), meeting=keep(o.meeting, meeting_keys, "meeting"))
        for o in ex.observations
    )
    assessments = tuple(
        replace(a, place=keep(a.place, places, "place"), meeting=keep(a.meeting, meeting_keys, "meeting"))
        for a in ex.assessments
    )
    directives = tuple(_directive(d, agents, held, meeting_keys, keep) for d in ex.directives)
    return replace(
        ex,
        place=keep(ex.place, places, "place of the article"),
        organizations=orgs,
        authors=tuple(a for a in ex.authors if keep(a, persons, "author")),
        memberships=tuple(memberships),
        meetings=meetings,
        observations=observations,
        assessments=assessments,
        directives=directives,
    )


def _meeting(m: Meeting, agents: set[str], persons: set[str], held: set[str], keep: _Keep) -> Meeting:
    return replace(
        m,
        organizer=keep(m.organizer, agents, "organizer"),
        chair=keep(m.chair, persons, "chair"),
        co_chairs=tuple(c for c in m.co_chairs if keep(c, persons, "co-chair")),
        chair_membership=keep(m.chair_membership, held, "chair's post"),
    )


def _directive(d: Directive, agents: set[str], held: set[str], meetings: set[str], keep: _Keep) -> Directive:
    issuer = keep(d.issuer, agents, "issuer")
    return replace(
        d,
        issuer=issuer,
        issuer_span=d.issuer_span if issuer else None,
        issuer_membership=keep(d.issuer_membership, held, "issuer's post"),
        addressees=tuple(a for a in d.addressees if keep(a, agents, "addressee")),
        meeting=keep(d.meeting, meetings, "meeting"),
    )
