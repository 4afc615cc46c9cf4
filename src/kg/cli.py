"""The ``kg`` command line: thin click commands over the library; owns exit codes and messages.

Exit codes: 0 success · 2 usage · 3 input error · 4 SHACL non-conformance · 5 store/network ·
6 output not writable · 70 internal error · 130 interrupted.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from kg import __version__
from kg.build import build
from kg.errors import KgError
from kg.validate import ValidationReport, load_graph, validate

NOT_CONFORMING = 4
INTERNAL = 70
INTERRUPTED = 130


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
    help="Folder to write graph.ttl, graph.trig and validation.txt into.",
)
@click.pass_context
def build_command(ctx: click.Context, inputs: tuple[Path, ...], out_dir: Path) -> None:
    """Build the knowledge graph of articles.

    INPUT: article files (.txt) or folders of them; none means the bundled reference
    article. Writes graph.ttl, graph.trig and validation.txt into DIR; exits 4 if the
    graph does not conform to the shapes.
    """
    result = build(inputs, out_dir)
    articles = _plural(result.articles, "article")
    click.echo(f"Built {articles}: {result.triples} triples, {_verdict(result.report)} → {result.graph_file}")
    if not result.report.conforms:
        report = out_dir / "validation.txt"
        click.echo(f"Error: the graph does not conform to the shapes; see {report}", err=True)
        ctx.exit(NOT_CONFORMING)


@cli.command("validate")
@click.argument("graph", default="output/graph.ttl", type=click.Path(path_type=Path))
@click.pass_context
def validate_command(ctx: click.Context, graph: Path) -> None:
    """SHACL-validate a graph file.

    GRAPH defaults to output/graph.ttl. Prints the report; exits 0 if the graph conforms,
    4 if it does not.
    """
    report = validate(load_graph(graph))
    click.echo(report.text.rstrip("\n"))
    ctx.exit(0 if report.conforms else NOT_CONFORMING)


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
