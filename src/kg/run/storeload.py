"""The store of a large build, loaded by another process while this one writes the files.

Oxigraph's bulk load and the Turtle and TriG serializers each keep at least one core busy
and hold the interpreter lock between them, so a thread would not overlap them; another
process does. It is a fresh interpreter (``python -m kg.run.storeload``): a fork could
inherit a lock held by one of Oxigraph's threads, and multiprocessing's spawn would re-run
the caller's main module. `StoreLoad` starts it; `finish` waits and puts the store in place
(`kg.store.embedded.commit_store`), `cancel` kills it and removes its folder. The child is
in a session of its own, so Ctrl-C reaches the parent only, which stops it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph

from kg.errors import OutputError
from kg.store.embedded import commit_store, load_store, new_store_folder


class StoreLoad:
    """``ntriples`` being loaded into a new store for ``out_dir``, by a child process."""

    def __init__(self, ntriples: Path, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.folder = new_store_folder(out_dir)
        command = [sys.executable, "-m", __name__, str(ntriples), str(self.folder)]
        self._child = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)

    def finish(self) -> Path:
        """The store, in place as ``out_dir/store``, once the child has loaded it.

        Raises:
            OutputError: it could not be loaded or put in place (the previous store is kept).
        """
        try:
            _, stderr = self._child.communicate()
        except BaseException:  # Ctrl-C while waiting
            self.cancel()
            raise
        if self._child.returncode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            said = stderr.decode("utf-8", "replace").strip().rpartition("\n")[2]
            if not said.startswith("cannot write the store"):  # it crashed, or was killed
                code = self._child.returncode
                said = f"cannot write the store {self.out_dir / 'store'}: its loader exited with {code}"
            raise OutputError(said)
        return commit_store(self.folder, self.out_dir)

    def cancel(self) -> None:
        """Stop the child and remove what it loaded (the previous store is kept)."""
        self._child.kill()
        self._child.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


def main(ntriples: str, folder: str) -> int:
    """The child: load; exit 0, or 1 with the `OutputError`'s message as stderr's last line."""
    try:
        load_store(Path(ntriples), Path(folder), pyoxigraph.RdfFormat.N_TRIPLES)
    except OutputError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
