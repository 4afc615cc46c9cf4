"""The ``kg`` command line: thin click commands over the library; owns exit codes and messages.

Exit codes: 0 success · 2 usage · 3 input error · 4 SHACL non-conformance · 5 store/network ·
6 output not writable · 70 internal error · 130 interrupted.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kg.build import ARTICLE_TIMEOUT, build
from kg.errors import KgError, OutputError, StoreError
from kg.export.focus import TYPES, AmbiguousFocus, article_facts, focus
from kg.export.formats import FORMATS, export, render, write_atomically
from kg.export.networkx import to_networkx
from kg.load import PROFILES, StoreConfig, load
from kg.load.http import check_url
from kg.query import list_queries, parse_param, run_query
from kg.query.formats import FORMATS as RESULT_FORMATS
from kg.query.formats import render as render_result
from kg.query.serve import start_server
from kg.rdf.files import load_graph
from kg.run.progress import progress_bar
from kg.settings import __version__
from kg.validate.report import ValidationReport
from kg.validate.shapes import validate

FC = TypeVar("FC", bound=Callable[..., Any])
NOT_CONFORMING = 4
INTERNAL = 70
INTERRUPTED = 130
PASSWORD_VARIABLE = "KG_STORE_PASSWORD"  # kg load: never on the command line


class _Kg(click.Group):
    """The one place that turns exceptions into an ``Error:`` line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            _fail(ctx, "interrupted", INTERRUPTED)
        except KgError as e:
            _fail(ctx, str(e), e.exit_code)
        except Exception as e:  # a bug: say so in one line, traceback only with --debug
            bug = f"{type(e).__name__}: {e}"
            _fail(ctx, f"internal error ({bug}); rerun with --debug and report it", INTERNAL)


def _fail(ctx: click.Context, message: str, code: int) -> NoReturn:
    if ctx.find_root().params.get("debug"):
        click.echo(traceback.format_exc(), err=True, nl=False)
    click.echo("Error: " + " ".join(message.split()), err=True)  # always one line
    raise click.exceptions.Exit(code)


@click.group("kg", cls=_Kg, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def cli(debug: bool) -> None:
    """Knowledge graphs of Vietnamese local-government news."""
    log = logging.getLogger("kg")
    log.setLevel(logging.INFO if debug else logging.WARNING)
    if not any(isinstance(h, _Echo) for h in log.handlers):
        log.addHandler(_Echo())


class _Echo(logging.Handler):
    """Library log records as ``Warning: ...`` lines on stderr (looked up at each write)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.capitalize()}: {record.getMessage()}", err=True)


@cli.command("build")
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Folder to write graph.ttl, graph.trig, validation.txt and store/ into.",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes.  [default: one per CPU]"
)
@click.option("--force", is_flag=True, help="Re-extract every article, even those unchanged since last time.")
@click.option(
    "--article-timeout",
    type=click.FloatRange(min=0),
    default=ARTICLE_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Skip an article that takes longer than this to build (0: no limit).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Build the articles on the workers of this running dask scheduler (tcp://HOST:8786).",
)
@click.pass_context
def build_command(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    force: bool,
    article_timeout: float,
    dask: str | None,
) -> None:
    """Build the knowledge graph of articles.

    INPUT: article files (.txt, or saved web pages .html/.htm) or folders of them; none
    means the bundled reference article. Articles are built in parallel, and those unchanged
    since the last build into DIR are taken from DIR/.cache. Writes graph.ttl, graph.trig,
    validation.txt and the query store store/ into DIR. Files that cannot be built, or take
    longer than --article-timeout, are skipped and listed; the exit code is 0 if any article
    was built (3 if none), 4 if the graph does not conform to the shapes. With --dask, the
    articles are extracted and validated on a dask.distributed cluster (pip install
    'kg[dask]'; every worker must run this same kg, else exit 3; exit 5 if the scheduler
    cannot be reached) and merged here.
    """
    if dask is not None and jobs:
        raise click.UsageError("--jobs and --dask cannot be combined: the dask workers set the parallelism")
    if dask is not None and not ctx.find_root().params.get("debug"):
        _quiet_dask()
    with progress_bar("Building", "articles") as progress:
        result = build(
            inputs,
            out_dir,
            jobs=jobs,
            force=force,
            progress=progress,
            article_timeout=article_timeout,
            dask=dask,
        )
    if result.skipped:
        click.echo(f"Skipped {_plural(len(result.skipped), 'file')} that could not be built:", err=True)
        for skip in result.skipped:
            click.echo(f"  {' '.join(skip.reason.split())}", err=True)
    articles = _plural(result.articles, "article")
    if result.cached:
        articles += f" ({result.extracted} extracted, {result.cached} unchanged)"
    click.echo(f"Built {articles}: {result.triples} triples, {_verdict(result.report)} → {result.graph_file}")
    if not result.report.conforms:
        report = out_dir / "validation.txt"
        click.echo(f"Error: the graph does not conform to the shapes; see {report}", err=True)
        ctx.exit(NOT_CONFORMING)


def _quiet_dask() -> None:
    """dask's own log lines (a lost connection's tracebacks) only with --debug: kg says what failed."""
    try:
        import distributed  # noqa: F401  (it sets up its log handler when imported)
    except ImportError:
        return  # kg.build says what to install
    for handler in logging.getLogger("distributed").handlers:
        handler.setLevel(logging.CRITICAL)


@cli.command("validate")
@click.argument("graph", default="output/graph.ttl", type=click.Path(path_type=Path))
@click.option(
    "--shapes", type=click.Path(path_type=Path), metavar="FILE", help="SHACL shapes to use instead of kg's."
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path),
    metavar="FILE.ttl",
    help="Also write the SHACL validation report (sh:ValidationReport) as Turtle.",
)
@click.pass_context
def validate_command(ctx: click.Context, graph: Path, shapes: Path | None, report_file: Path | None) -> None:
    """SHACL-validate a graph file.

    GRAPH defaults to output/graph.ttl. Prints the results; exits 0 if the graph conforms
    (no Violation: Warnings and Infos only are 0), 4 if it does not, 3 if the graph or the
    shapes file cannot be used, 6 if the report cannot be written. The report's
    sh:conforms follows the SHACL spec: false when any result exists, a Warning too.
    """
    report = validate(graph, shapes)
    if report_file is not None:
        try:
            report_file.write_text(report.rdf, encoding="utf-8")
        except OSError as e:
            why = e.strerror or e
            raise OutputError(f"cannot write {report_file}: {why}; choose another --report") from e
    click.echo(report.text.rstrip("\n"))
    ctx.exit(0 if report.conforms else NOT_CONFORMING)


@cli.command("export")
@click.argument("graph", default="output/graph.ttl", metavar="[GRAPH]", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)), help="The file format.")
@click.option(
    "--out",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="File to write, - for stdout. Default: GRAPH with the format's extension (output/graph.svg).",
)
@click.option("--full", is_flag=True, help="Every triple (spans, provenance, concepts), not entities.")
@click.option("--focus", "centre", metavar="NAME_OR_IRI", help="Only the neighbourhood of this entity.")
@click.option(
    "--hops",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="With --focus: how many relations away from the entity.",
)
@click.option(
    "--types",
    metavar="TYPE,...",
    help=f"With --focus: keep only these node types (and the entity): {', '.join(TYPES)}.",
)
@click.option("--article", metavar="IRI", help="Keep only the facts read from this article.")
def export_command(
    graph: Path,
    fmt: str,
    out: Path | None,
    full: bool,
    centre: str | None,
    hops: int,
    types: str | None,
    article: str | None,
) -> None:
    """Export a graph for network tools, or draw it.

    GRAPH defaults to output/graph.ttl. The entity graph has persons, organizations, groups,
    meetings, indicator values, assessments, directives, places and articles, joined by
    readable relations. graphml and gexf open in Gephi and Cytoscape, json is node-link
    (d3), dot is Graphviz, svg and png are pictures, html is one offline page to search the
    graph and see the sentence each node was read from (a large graph opens on an overview).

    --focus exports the neighbourhood of one entity, named by its IRI or by words of its
    name (any case, with or without diacritics); when several entities match, they are
    listed and the command exits 3. --article keeps one article's facts. With either, the
    default --out is GRAPH-focus with the format's extension (output/graph-focus.svg).
    """
    selecting = centre is not None or article is not None
    if full and selecting:
        raise click.UsageError("--focus and --article select entities; they do not work with --full")
    if (types is not None or hops != 1) and centre is None:
        raise click.UsageError("--hops and --types need --focus NAME_OR_IRI")
    if not selecting:
        if out == Path("-"):
            click.echo(render(to_networkx(load_graph(graph), full=full), fmt), nl=False)  # bytes: as they are
            return
        result = export(graph, fmt, out, full=full)
        click.echo(
            f"Exported {_plural(result.nodes, 'node')}, {_plural(result.edges, 'edge')} → {result.path}"
        )
        return
    entities = to_networkx(load_graph(graph))
    kinds = [t.strip() for t in (types or "").split(",") if t.strip()]
    try:
        if centre is not None:
            entities = focus(entities, centre, hops=hops, types=kinds, article=article)
        elif article is not None:
            entities = article_facts(entities, article)
    except AmbiguousFocus as e:
        for iri, label, kind in e.matches:
            click.echo(f"  {iri}  {kind}  {label}", err=True)
        raise
    data = render(entities, fmt)
    if out == Path("-"):
        click.echo(data, nl=False)
        return
    path = out if out is not None else graph.with_name(f"{graph.stem}-focus{FORMATS[fmt]}")
    write_atomically(path, data)
    nodes, edges = entities.number_of_nodes(), entities.number_of_edges()
    click.echo(f"Exported {_plural(nodes, 'node')}, {_plural(edges, 'edge')} → {path}")


def _url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return None if value is None else check_url(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@cli.command("load")
@click.argument("graph", default="output/graph.trig", metavar="[GRAPH]", type=click.Path(path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    callback=_url,
    help="The store's base URL (generic: its SPARQL endpoint).",
)
@click.option(
    "--store",
    "kind",
    type=click.Choice(list(PROFILES)),
    default="generic",
    show_default=True,
    help="The kind of store: picks its query, update and graph-store paths.",
)
@click.option("--query", metavar="URL", callback=_url, help="SPARQL query endpoint, instead of the kind's.")
@click.option("--update", metavar="URL", callback=_url, help="SPARQL Update endpoint, instead of the kind's.")
@click.option(
    "--graph-store",
    metavar="URL",
    callback=_url,
    help="Graph Store Protocol endpoint, instead of the kind's.",
)
@click.option("--no-graph-store", is_flag=True, help="Use SPARQL Update only (chunked INSERT DATA).")
@click.option(
    "--graph-name",
    metavar="IRI",
    help="Load a plain graph file (.ttl, .nt, .jsonld) into this named graph (not the ontology).",
)
@click.option("--user", metavar="NAME", help=f"User name; the password is read from ${PASSWORD_VARIABLE}.")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    metavar="SECONDS",
    help="How long to wait for each answer of the store.",
)
def load_command(graph: Path, **options: Any) -> None:
    """Load a graph into a SPARQL 1.1 triple store.

    GRAPH (default output/graph.trig, written by kg build) is TriG or N-Quads. Each of its
    named graphs (one per article) and the ontology replaces the graph of the same name in
    the store, atomically; every graph is then verified by a count query, and loading the
    same file twice changes nothing. With --graph-name, GRAPH is a Turtle, N-Triples or
    JSON-LD file and replaces that one named graph the same way. Exits 5 if the store fails.
    """
    password = os.environ.get(PASSWORD_VARIABLE)
    if options["user"] is not None and password is None:
        raise click.UsageError(f"--user needs the password in the environment variable {PASSWORD_VARIABLE}")
    no_graph_store = options.pop("no_graph_store")
    graph_name = options.pop("graph_name")
    config = StoreConfig(**options, use_graph_store=not no_graph_store, password=password)
    with _progress() as progress:
        result = load(graph, config, progress=progress, graph_name=graph_name, ontology=graph_name is None)
    loaded = f"{_plural(len(result.graphs), 'graph')}, {_plural(result.triples, 'triple')}"
    click.echo(f"Loaded {loaded} into {result.endpoint} in {result.seconds:.2f} s; counts verified")


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label="Loading", file=sys.stderr).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def _graph_option(verb: str) -> Callable[[FC], FC]:
    """The ``--graph`` option of the commands that read a built graph."""
    return click.option(
        "--graph",
        default="output",
        show_default=True,
        type=click.Path(path_type=Path),
        help=f"Build folder (its store/, else graph.ttl), store folder or RDF file to {verb}.",
    )


@cli.command("query")
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to <IRI>, "text"@vi, "v"^^xsd:date, a number, YYYY-MM-DD or words. Repeatable.',
)
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL 1.1 endpoint instead of the local graph.")
@_graph_option("query")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    metavar="SECONDS",
    help="How long to wait for --endpoint.",
)
@click.option(
    "--allow-update", is_flag=True, help="Run an update (INSERT, DELETE, LOAD…) instead of refusing."
)
@click.option(
    "--allow-service", is_flag=True, help="Allow SERVICE, which makes the engine call other endpoints."
)
def query_command(query: str, params: tuple[str, ...], fmt: str, **options: Any) -> None:
    """Answer a question with a SPARQL query.

    QUERY is a name from `kg queries` or a path to a .rq file. It runs on the graph kg
    build wrote (an embedded Oxigraph store), or on --endpoint. Parameter values are bound
    to the query's variables, never pasted into its text. JSON is the standard SPARQL 1.1
    results format. Exits 3 for a bad query, parameter, or refused update or SERVICE, and 5
    when the store or endpoint fails.
    """
    result = run_query(query, dict(parse_param(p) for p in params), **options)
    click.echo(render_result(result, fmt), nl=False)


@cli.command("queries")
def queries_command() -> None:
    """List the named queries: each one's question and parameters."""
    for i, info in enumerate(list_queries()):
        lines = [info.name, f"    {info.question}", f"    {info.question_vi}"]
        lines += [f"    --param {p.name}: {p.description}" for p in info.parameters]
        click.echo(("\n" if i else "") + "\n".join(lines))


@cli.command("serve")
@_graph_option("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1: this machine only.",
)
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
def serve_command(graph: Path, host: str, port: int) -> None:
    """Serve the graph as a read-only SPARQL endpoint, until Ctrl-C.

    Runs the Oxigraph server (pip install 'kg[server]') on the store kg build wrote, or on
    the --graph file loaded into a temporary store. Any SPARQL client can connect to the URL it
    prints, kg query --endpoint URL too; its web page (the URL without /query) has a query editor.
    """
    signal.signal(signal.SIGTERM, _stop)
    with start_server(graph, host=host, port=port) as server:
        click.echo(f"SPARQL endpoint: {server.url} (read-only; Ctrl-C stops it)")
        try:
            code = server.wait()
        except KeyboardInterrupt:
            return
    raise StoreError(f"the Oxigraph server stopped by itself (exit code {code})")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # kg serve: SIGTERM stops the server as Ctrl-C does


def _verdict(report: ValidationReport) -> str:
    if report.conforms:
        return f"conforms ({_plural(report.warnings, 'warning')})"
    violations = len(report.violations) - report.warnings - report.infos
    return f"does NOT conform ({_plural(violations, 'violation')}, {_plural(report.warnings, 'warning')})"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
