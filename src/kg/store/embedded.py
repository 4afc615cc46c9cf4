"""The built graph as an Oxigraph store: persisted next to ``graph.ttl``, opened for queries.

`kg build` loads ``graph.ttl`` into a new store in a temporary folder beside ``OUT/store``
and then renames it into place, so a reader sees the old store, the new one, or (for the
instant between the two renames) none, and then falls back to ``graph.ttl``: never half a
store. The store is binary and not byte-stable, so it is not part of the committed output.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pyoxigraph

from kg.errors import InputError, OutputError, StoreError

STORE = "store"
GRAPH = "graph.ttl"
Source = tuple[Literal["store", "file"], Path]
PIECE = 32 * 2**20  # bytes of N-Triples loaded at once (about 200,000 triples)
_LINE_FORMATS = (pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.N_QUADS)


def write_store(
    graph_file: Path, out_dir: Path, fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.TURTLE
) -> Path:
    """Load ``graph_file`` (Turtle, or ``fmt``) into a new store at ``out_dir/store``.

    Returns:
        The store folder.

    Raises:
        OutputError: the store cannot be written (the previous one, if any, is kept).
    """
    temp = new_store_folder(out_dir)
    try:
        load_store(graph_file, temp, fmt)
    except OutputError:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return commit_store(temp, out_dir)


def new_store_folder(out_dir: Path) -> Path:
    """An empty temporary folder beside ``out_dir/store`` for `load_store`.

    Raises:
        OutputError: it cannot be made.
    """
    try:
        temp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{STORE}.", suffix=".tmp"))
        os.chmod(temp, 0o755)  # mkdtemp makes it 0700; outputs are for everyone to read
    except OSError as e:
        raise OutputError(f"cannot write the store {out_dir / STORE}: {e}; choose another --out") from e
    return temp


def load_store(graph_file: Path, folder: Path, fmt: pyoxigraph.RdfFormat) -> None:
    """Bulk-load ``graph_file`` into a new store in the empty ``folder``, compacted and closed.

    Raises:
        OutputError: the store cannot be written (``folder`` is left for the caller to remove).
    """
    try:
        store = pyoxigraph.Store(str(folder))
        if fmt in _LINE_FORMATS:  # in bounded pieces: one load holds its whole input's triples
            for piece in _pieces(graph_file):
                store.bulk_load(piece, format=fmt)
        else:
            store.bulk_load(path=graph_file, format=fmt)
        store.flush()
        store.optimize()  # compacted once here, lookups are about twice as fast in every query
        del store  # closes the database and releases its lock
    except (OSError, SyntaxError) as e:
        raise OutputError(f"cannot write the store {folder.parent / STORE}: {e}; choose another --out") from e


def commit_store(temp: Path, out_dir: Path) -> Path:
    """Put the store loaded into ``temp`` in place as ``out_dir/store``; the old one goes.

    Raises:
        OutputError: it cannot be renamed (the previous store, if any, is kept; ``temp`` is removed).
    """
    final = out_dir / STORE
    old = out_dir / f".{STORE}.{uuid.uuid4().hex}.old"
    moved = False
    try:
        if final.exists() or final.is_symlink():
            os.replace(final, old)
            moved = True
        os.replace(temp, final)
    except OSError as e:
        if moved and not final.exists():
            os.replace(old, final)  # put the previous store back
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(f"cannot write the store {final}: {e}; choose another --out") from e
    shutil.rmtree(old, ignore_errors=True)
    return final


def _pieces(path: Path) -> Iterator[bytes]:
    """The lines of ``path`` in pieces of about `PIECE` bytes, each ending at a line's end."""
    with path.open("rb") as handle:
        rest = b""
        while chunk := handle.read(PIECE):
            chunk = rest + chunk
            end = chunk.rfind(b"\n") + 1
            if end:
                yield chunk[:end]
            rest = chunk[end:]
        if rest:
            yield rest


def resolve(source: Path) -> Source:
    """What ``source`` names: a build folder, a store folder, or an RDF file.

    A build folder gives its ``store/`` when that is at least as new as its ``graph.ttl``,
    else its ``graph.ttl``.

    Raises:
        InputError: nothing to query there.
    """
    if source.is_file():
        return "file", source
    if (source / "CURRENT").is_file():  # an Oxigraph (RocksDB) store folder
        return "store", source
    if not source.is_dir():
        raise InputError(f"{source}: no such file or folder; run kg build, or pass --graph FILE")
    store, graph = source / STORE, source / GRAPH
    if (store / "CURRENT").is_file() and (
        not graph.is_file() or store.stat().st_mtime >= graph.stat().st_mtime
    ):
        return "store", store
    if graph.is_file():
        return "file", graph
    raise InputError(f"{source}: has neither {STORE}/ nor {GRAPH}; run kg build --out {source} first")


def open_store(source: Path) -> pyoxigraph.Store:
    """A store to query: the persisted one opened read-only, or an in-memory one loaded from a file.

    Raises:
        InputError: nothing to query at ``source``, or the file is not valid RDF.
        StoreError: the persisted store cannot be opened.
    """
    kind, path = resolve(source)
    if kind == "store":
        try:
            return pyoxigraph.Store.read_only(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the store: {e}; rebuild it with kg build") from e
    return load_file(path)


def load_file(path: Path) -> pyoxigraph.Store:
    """An in-memory store holding the RDF file ``path`` (format from its extension).

    Raises:
        InputError: unknown extension, unreadable file or invalid RDF.
    """
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format; pass a .ttl, .trig, .nt, .nq or .jsonld file")
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=path, format=fmt)
    except SyntaxError as e:
        raise InputError(f"{path}: not valid {fmt.name}: {e}") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    return store
