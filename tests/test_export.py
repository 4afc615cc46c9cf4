"""`kg.to_networkx` and `kg export`: the entity graph, every format read back, the CLI."""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from PIL import Image
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, SKOS

import kg
from kg.build import build
from kg.cli import cli
from kg.export.draw import png
from kg.export.formats import FORMATS, export, render
from kg.export.layout import layout
from kg.export.networkx import shorten, to_networkx
from kg.export.palette import text_width, wrap

VNG = Namespace("https://w3id.org/vngov/ont#")
SDO = Namespace("https://schema.org/")  # a plain Namespace: rdflib's SDO warns when pytest inspects it
ENTITY_CLASSES = (
    FOAF.Person,
    ORG.Organization,
    VNG.OrganizationGroup,
    VNG.PersonGroup,
    VNG.Meeting,
    VNG.IndicatorObservation,
    VNG.TargetAssessment,
    VNG.Directive,
    DCTERMS.Location,
    SDO.NewsArticle,
)
PLACE = "https://w3id.org/vngov/id/place/vn-06"
MEMBERSHIPS = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?person ?body ?role WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role/skos:prefLabel ?role .
  FILTER(lang(?role) = "vi")
}
"""


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build([], tmp_path_factory.mktemp("built")).graph_file


@pytest.fixture(scope="module")
def rdf(graph_file: Path) -> Graph:
    return kg.load_graph(graph_file)


@pytest.fixture(scope="module")
def entities(rdf: Graph) -> Any:
    return to_networkx(rdf)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _entity_iris(rdf: Graph) -> set[str]:
    return {str(s) for cls in ENTITY_CLASSES for s in rdf.subjects(RDF.type, cls)}


def test_nodes_are_the_entities(rdf: Graph, entities: Any) -> None:
    assert set(entities.nodes) == _entity_iris(rdf)
    plumbing = ("/text/", "/membership/", "/concept/", "/run/", "/post/", "/software/", "/dataset/", "/time/")
    assert not [n for n in entities.nodes if any(part in n for part in plumbing)]
    types = {d["type"] for _, d in entities.nodes(data=True)}
    assert {"Person", "Organization", "Meeting", "Directive", "Place", "TargetAssessment"} <= types
    assert all(d["label"] for _, d in entities.nodes(data=True))
    assert entities.nodes[PLACE]["label"] == "tỉnh Bắc Kạn"


def test_edges_are_the_relations_between_entities(rdf: Graph, entities: Any) -> None:
    nodes = set(entities.nodes)
    between = sum(1 for s, p, o in rdf if p != RDF.type and str(s) in nodes and str(o) in nodes)
    memberships = list(rdf.query(MEMBERSHIPS))
    assert memberships, "the reference article states posts"
    assert entities.number_of_edges() == between + len(memberships)
    for person, body, role in memberships:
        posts = entities.get_edge_data(str(person), str(body)).values()
        assert {"relation": "holds_post", "label": str(role)}.items() <= next(iter(posts)).items()
    labels = {d["label"] for _, _, d in entities.edges(data=True)}
    assert {"chaired", "organized", "issued", "issued at", "located in", "part of"} <= labels


def test_relations_read_the_way_a_person_says_them(rdf: Graph, entities: Any) -> None:
    for meeting, person in rdf.subject_objects(VNG.chairedBy):
        assert "chaired" in {d["label"] for d in entities.get_edge_data(str(person), str(meeting)).values()}
    for meeting, body in rdf.subject_objects(SDO.organizer):
        assert "organized" in {d["label"] for d in entities.get_edge_data(str(body), str(meeting)).values()}


def test_attributes_are_scalars(entities: Any) -> None:
    values = [v for _, d in entities.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in entities.edges(data=True) for v in d.values()]
    assert values and all(type(v) in (str, int, float) for v in values)
    observation = next(d for _, d in entities.nodes(data=True) if d["type"] == "IndicatorObservation")
    assert isinstance(observation["value"], float) and observation["unit"]


def test_evidence_and_sentence(rdf: Graph, entities: Any) -> None:
    for person in rdf.subjects(RDF.type, FOAF.Person):
        data = entities.nodes[str(person)]
        assert data["evidence"] == str(rdf.value(person, FOAF.name))
        assert data["evidence"] in data["sentence"]
    assert "evidence" not in entities.nodes[PLACE]  # a place comes from the gazetteer


def test_full_view_has_every_triple(rdf: Graph) -> None:
    full = to_networkx(rdf, full=True)
    resources = {str(t) for s, p, o in rdf for t in (s, o) if (p != RDF.type or t == s)}
    resources -= {str(o) for o in rdf.objects() if isinstance(o, Literal)}
    assert set(full.nodes) == resources
    linking = [(s, p, o) for s, p, o in rdf if p != RDF.type and not isinstance(o, Literal)]
    assert full.number_of_edges() == len(linking)
    phrases = [d for _, d in full.nodes(data=True) if d["type"] == "nif:Phrase"]
    assert phrases and all(d["nif:anchorOf"] for d in phrases)


def test_full_view_of_a_small_graph() -> None:
    g = Graph()
    a, b = URIRef("http://example.org/a"), BNode("b1")
    g.add((a, RDF.type, FOAF.Person))
    g.add((a, FOAF.name, Literal("Nguyễn Văn A")))
    g.add((a, FOAF.knows, b))
    g.add((b, SKOS.prefLabel, Literal("B", lang="vi")))
    full = to_networkx(g, full=True)
    assert dict(full.nodes[str(a)]) == {
        "label": "Nguyễn Văn A",
        "type": "Person",
        "rdf:type": "foaf:Person",
        "foaf:name": "Nguyễn Văn A",
    }
    assert [(u, v, k) for u, v, k in full.edges(keys=True)] == [(str(a), "b1", "foaf:knows")]


def _read(fmt: str, path: Path) -> Any:
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    if fmt == "json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    return nx.nx_pydot.read_dot(path)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser uses old pyparsing names
@pytest.mark.parametrize(
    ("fmt", "full"),
    [(fmt, False) for fmt in ("graphml", "gexf", "json", "dot")]
    + [(fmt, True) for fmt in ("graphml", "gexf", "json")],
)
def test_format_reads_back(fmt: str, full: bool, graph_file: Path, rdf: Graph, tmp_path: Path) -> None:
    expected = to_networkx(rdf, full=full)
    result = export(graph_file, fmt, tmp_path / f"g.{fmt}", full=full)
    assert (result.nodes, result.edges) == (expected.number_of_nodes(), expected.number_of_edges())
    back = _read(fmt, result.path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (result.nodes, result.edges)
    label = back.nodes[PLACE]["label"]
    assert label.strip('"') == expected.nodes[PLACE]["label"]  # pydot keeps the quotes of DOT strings


def test_graphml_keeps_types(graph_file: Path, tmp_path: Path) -> None:
    back = nx.read_graphml(export(graph_file, "graphml", tmp_path / "g.graphml").path)
    values = [d["value"] for _, d in back.nodes(data=True) if "value" in d]
    orders = sorted(d["order"] for _, d in back.nodes(data=True) if "order" in d)
    assert values and all(isinstance(v, float) for v in values)
    assert orders == list(range(1, len(orders) + 1))


def test_gexf_has_no_date_and_colours(graph_file: Path, tmp_path: Path) -> None:
    path = export(graph_file, "gexf", tmp_path / "g.gexf").path
    assert "lastmodifieddate" not in path.read_text(encoding="utf-8")
    assert nx.read_gexf(path).nodes[PLACE]["viz"]["color"] == {"r": 140, "g": 109, "b": 70, "a": 1.0}


def test_svg_is_xml_with_no_date(entities: Any) -> None:
    data = render(entities, "svg")
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.attrib["width"].removesuffix("pt")) > 800
    assert b"<dc:date>" not in data and "Bắc Kạn".encode() in data  # the title, in the metadata


def test_png_has_no_metadata(entities: Any) -> None:
    data = render(entities, "png")
    chunks = [data[i + 4 : i + 8] for i in _chunk_offsets(data)]
    assert chunks == [b"IHDR", b"IDAT", b"IEND"]
    image = Image.open(io.BytesIO(data))
    assert image.mode == "RGB" and image.size[0] > 1500
    assert len(image.getcolors(maxcolors=1 << 24) or []) > 50  # boxes, colours and text, not a blank page


def _chunk_offsets(data: bytes) -> list[int]:
    offsets, i = [], 8
    while i < len(data):
        offsets.append(i)
        i += 12 + struct.unpack(">I", data[i : i + 4])[0]
    return offsets


def test_png_encoder_round_trip() -> None:
    pixels = bytes([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 9, 9, 255])
    image = Image.open(io.BytesIO(png(pixels, 2, 2)))
    assert image.tobytes() == bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_render_is_byte_stable(fmt: str, rdf: Graph) -> None:
    assert render(to_networkx(rdf), fmt) == render(to_networkx(rdf), fmt)


def test_html_is_self_contained(entities: Any) -> None:
    text = render(entities, "html").decode("utf-8")
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*href=\"(?!data:)|@import|url\(", text)
    assert not re.search(r"\b(src|href)=\"https?:", text)
    assert text.count('<g class="node"') == entities.number_of_nodes()
    assert "</script>" not in text.split('id="kg-data">', 1)[1].split("</script>", 1)[0]


def test_layout_boxes_do_not_overlap(entities: Any) -> None:
    plan = layout(entities)
    boxes = list(plan.boxes.values())
    for i, a in enumerate(boxes):
        assert a.width / 2 <= a.x <= plan.width - a.width / 2 and a.height / 2 <= a.y <= plan.height
        for b in boxes[i + 1 :]:
            apart = abs(a.x - b.x) >= (a.width + b.width) / 2 or abs(a.y - b.y) >= (a.height + b.height) / 2
            assert apart, f"{a.lines} overlaps {b.lines}"
    assert len(plan.curves) == entities.number_of_edges()


def test_wrap_and_shorten() -> None:
    text = "Ủy ban nhân dân thành phố Bắc Kạn tổ chức hội nghị tổng kết công tác năm 2020 " * 3
    lines = wrap(text, 150)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(text_width(line) <= 150 for line in lines)
    assert wrap("Bí thư", 150) == ("Bí thư",)
    assert shorten("Cù Ngọc Cường chủ trì hội nghị", 16) == "Cù Ngọc Cường…"


def test_cli_writes_next_to_the_graph(graph_file: Path) -> None:
    result = run("export", "--format", "graphml", graph_file)
    out = graph_file.with_suffix(".graphml")
    assert result.exit_code == 0, result.output
    assert result.output == f"Exported {_counts(out)} → {out}\n"


def _counts(path: Path) -> str:
    g = nx.read_graphml(path)
    return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"


def test_cli_json_to_stdout(graph_file: Path, entities: Any) -> None:
    result = run("export", "--format", "json", "--out", "-", graph_file)
    assert result.exit_code == 0
    back = nx.node_link_graph(json.loads(result.stdout), edges="links")
    assert back.number_of_nodes() == entities.number_of_nodes()


def test_cli_full(graph_file: Path, tmp_path: Path, rdf: Graph) -> None:
    result = run("export", "--format", "json", "--full", "--out", tmp_path / "full.json", graph_file)
    assert result.exit_code == 0
    assert f"Exported {to_networkx(rdf, full=True).number_of_nodes()} nodes" in result.output


def test_cli_errors(tmp_path: Path, graph_file: Path) -> None:
    unknown = run("export", "--format", "xlsx", graph_file)
    assert unknown.exit_code == 2 and "'xlsx' is not one of" in unknown.stderr
    missing = run("export", "--format", "svg", tmp_path / "none.ttl")
    assert missing.exit_code == 3
    assert missing.stderr.startswith(f"Error: {tmp_path / 'none.ttl'}: cannot read")
    blocker = tmp_path / "file"
    blocker.write_text("")
    unwritable = run("export", "--format", "json", "--out", blocker / "g.json", graph_file)
    assert unwritable.exit_code == 6
    assert unwritable.stderr.startswith(f"Error: cannot write {blocker / 'g.json'}:")
    assert unwritable.stderr.rstrip().endswith("choose another --out")


def test_library_rejects_an_unknown_format(entities: Any) -> None:
    with pytest.raises(kg.InputError, match="unknown export format 'xlsx'"):
        render(entities, "xlsx")


def test_to_networkx_is_public() -> None:
    assert kg.to_networkx is to_networkx and "to_networkx" in kg.__all__
