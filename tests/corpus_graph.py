"""A synthetic entity graph of N articles, shaped like `kg.to_networkx` output, made directly.

Building a thousand articles takes minutes; the page only needs the entity graph, so this
makes one with the same node types, attributes and relations: per article a meeting of a
provincial body chaired by one of its officials, directives issued at it and addressed to
other bodies, indicator values, and the posts that the article states. People and bodies
recur across articles (a pool of names per province), as in a real corpus. Sentences are
invented from templates, never taken from articles. Seeded: the same N gives the same graph.
"""

from __future__ import annotations

import random

import networkx as nx

ID = "https://w3id.org/vngov/id/"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Đức", "Minh", "Thanh", "Hữu", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Lan", "Long"]
PROVINCES = ["Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Hà Giang", "Tuyên Quang", "Yên Bái", "Thái Nguyên", "Sơn La"]
BODIES = [("Tỉnh ủy", "cap-uy"), ("Ủy ban nhân dân tỉnh", "ubnd"), ("Hội đồng nhân dân tỉnh", "hdnd")]
DEPARTMENTS = ["Sở Tài chính", "Sở Y tế", "Sở Nội vụ", "Sở Xây dựng", "Công an tỉnh", "Sở Công Thương"]
ROLES = ["Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Giám đốc"]
ASKS = ["tập trung chỉ đạo", "khẩn trương hoàn thành", "tăng cường kiểm tra", "rà soát, báo cáo"]
TOPICS = ["công tác cải cách hành chính", "giải ngân vốn đầu tư công", "phòng chống thiên tai"]


def synthetic_graph(articles: int, seed: int = 18) -> nx.MultiDiGraph:
    """The entity graph of ``articles`` invented articles (about 9 nodes and 14 edges each)."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph(view="entities")
    for p, province in enumerate(PROVINCES):
        g.add_node(f"{ID}place/p{p}", type="Place", label=f"tỉnh {province}", name=f"tỉnh {province}")
        for kind, slug in BODIES:
            g.add_node(f"{ID}org/p{p}/{slug}", type="Organization", label=f"{kind} {province}")
        for d, dept in enumerate(DEPARTMENTS):
            body = f"{ID}org/p{p}/d{d}"
            g.add_node(body, type="Organization", label=f"{dept} {province}" if "tỉnh" not in dept else dept)
            g.add_edge(body, f"{ID}org/p{p}/ubnd", key="sub_organization_of", **_edge("sub_organization_of"))
    people = {p: [_name(rng) for _ in range(max(4, articles // 4))] for p in range(len(PROVINCES))}
    for a in range(articles):
        p = rng.randrange(len(PROVINCES))
        province = PROVINCES[p]
        article = f"{ID}article/a{a:05d}"
        date = f"{2016 + a % 9}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        headline = f"Hội nghị số {a} của tỉnh {province}"
        g.add_node(
            article, type="Article", label=headline, headline=headline, date_published=date, article=article
        )
        g.add_edge(article, f"{ID}place/p{p}", key="about", **_edge("about"))
        kind, slug = rng.choice(BODIES)
        body = f"{ID}org/p{p}/{slug}"
        chair_name = rng.choice(people[p])
        chair = _person(g, p, chair_name)
        role = rng.choice(ROLES[:4])
        said = f"Đồng chí {chair_name}, {role} {kind} {province} chủ trì hội nghị."
        _state(g, chair, article, chair_name, said)
        _state(g, body, article, f"{kind} {province}", said)
        g.add_edge(
            chair,
            body,
            key=f"holds_post:{a}",
            article=article,
            evidence=role,
            sentence=said,
            **_edge("holds_post", role),
        )
        meeting = f"{ID}meeting/a{a:05d}"
        g.add_node(
            meeting,
            type="Meeting",
            name="Hội nghị",
            start_date=date,
            label=f"Hội nghị ({date})",
            evidence="hội nghị",
            sentence=said,
            article=article,
        )
        g.add_edge(body, meeting, key="organized", **_edge("organized"))
        g.add_edge(chair, meeting, key="chaired", **_edge("chaired"))
        g.add_edge(meeting, f"{ID}place/p{p}", key="located_in", **_edge("located_in"))
        for k in range(3):
            dept = f"{ID}org/p{p}/d{rng.randrange(len(DEPARTMENTS))}"
            text = f"{rng.choice(ASKS)} {rng.choice(TOPICS)}"
            asked = f"Đồng chí {chair_name} yêu cầu {g.nodes[dept]['label']} {text}."
            _state(g, dept, article, g.nodes[dept]["label"], asked)
            directive = f"{ID}directive/a{a:05d}-{k}"
            g.add_node(
                directive,
                type="Directive",
                label=text,
                instruction=text,
                order=k + 1,
                evidence=text,
                sentence=asked,
                article=article,
            )
            g.add_edge(chair, directive, key="issued", **_edge("issued"))
            g.add_edge(directive, dept, key="addressed_to", **_edge("addressed_to"))
            g.add_edge(directive, meeting, key="issued_at", **_edge("issued_at"))
        for k in range(2):
            value = round(rng.uniform(1, 99), 1)
            obs = f"{ID}obs/a{a:05d}-{k}"
            said_value = f"Tỷ lệ hộ nghèo của tỉnh {province} giảm còn {value}%."
            g.add_node(
                obs,
                type="IndicatorObservation",
                label=f"tỷ lệ hộ nghèo: {value}%",
                indicator="tỷ lệ hộ nghèo",
                value=value,
                unit="%",
                evidence=f"{value}%",
                sentence=said_value,
                article=article,
            )
            g.add_edge(obs, f"{ID}place/p{p}", key="in_area", **_edge("in_area"))
    return g


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _person(g: nx.MultiDiGraph, province: int, name: str) -> str:
    node = f"{ID}person/p{province}/{name.encode('utf-8').hex()}"
    if node not in g:
        g.add_node(node, type="Person", label=name, name=name)
    return node


def _state(g: nx.MultiDiGraph, node: str, article: str, words: str, sentence: str) -> None:
    data = g.nodes[node]
    seen = str(data.get("article", "")).split()
    if article not in seen:
        data["article"] = " ".join(sorted([*seen, article]))
    if "sentence" not in data:
        data.update(evidence=words, sentence=sentence)


def _edge(relation: str, label: str | None = None) -> dict[str, str]:
    return {"label": label or relation.replace("_", " "), "relation": relation, "predicate": relation}
