"""Worst-case inputs: ``kg build FILE`` on one long line of a repeated unit, at two sizes.

For each case (the units of ``tests/test_adversarial.py``), builds the line repeated ``n``
and ``2n`` times (``--scale`` multiplies ``n``) and prints the seconds of each (CPU time of
the build's processes; a build stopped by ``--article-timeout`` at ``--cap`` seconds is
shown as ">"), the microseconds per character, and their ratio: about 1 for time linear in
the length, about 2 for quadratic. Nothing here is asserted; the test suite only checks
that every case under the size cap is built or skipped cleanly.

    python bench/adversarial.py [--scale 1.0] [--cap 120] [--only NAME ...] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_adversarial import CASES  # noqa: E402


def run(path: Path, out: Path, cap: float) -> tuple[float, float, bool]:
    """Wall and CPU seconds of ``kg build path`` and whether the time limit stopped it."""
    shutil.rmtree(out, ignore_errors=True)
    kg = Path(sys.executable).parent / "kg"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [str(kg), "build", str(path), "--out", str(out), "--article-timeout", str(cap)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    stopped = "took longer than" in proc.stderr
    if proc.returncode not in (0, 4) and not stopped:
        raise SystemExit(f"{path.name}: kg build failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, cpu, stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the repeat counts")
    parser.add_argument("--cap", type=float, default=120.0, help="--article-timeout of each build (s)")
    parser.add_argument("--only", nargs="+", help="case names")
    parser.add_argument("--work", type=Path, default=HERE / ".work" / "adversarial")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} at start; CPU seconds of the build's processes", flush=True)
    for name, (unit, repeats, _) in CASES.items():
        if args.only and name not in args.only:
            continue
        figures = []
        for factor in (1, 2):
            n = int(repeats * args.scale * factor)
            path = args.work / f"{name}.txt"
            path.write_text("Tin\n\n" + unit * n + "\n", encoding="utf-8")
            wall, cpu, stopped = run(path, args.work / "out", args.cap)
            chars = len(unit) * n
            figures.append((n, chars, wall, cpu, stopped))
        cells = [
            f"{n:>9,}× = {chars / 1e6:5.2f} M chars {'>' if stopped else ' '}{cpu:6.1f} s CPU "
            f"({wall:5.1f} s wall) {cpu / chars * 1e6:6.2f} µs/char"
            for n, chars, wall, cpu, stopped in figures
        ]
        ratio = (figures[1][3] / figures[1][1]) / (figures[0][3] / figures[0][1])
        capped = " (capped)" if figures[1][4] else ""
        print(
            f"{name:<10} {repr(unit):<22} " + "  |  ".join(cells) + f"  ratio {ratio:4.2f}{capped}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":
    main()
