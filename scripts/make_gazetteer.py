"""Write ``src/kg/lexicons/places.tsv`` from the legacy (63-province) units of `vietnamadminunits`.

A dev-time script: the package is never imported by `kg`, and is not a runtime dependency.

Source: ``vietnamadminunits`` 1.0.4 (PyPI; https://github.com/tranngocminhhieu/vietnamadminunits),
MIT License, Copyright (c) 2025 Tran Ngoc Minh Hieu. Table ``admin_units_legacy`` of its
``data/dataset.db``: one row per commune-level unit with its district and province names,
types and GSO codes. The snapshot is the one in force from 2025-01-01 until the 2025-07-01
reform: 63 provinces, 696 districts, 10,035 communes.

Fixes applied to the source (each is printed when the script runs):

- levels are read from the full name ("Thị trấn Ngọc Lặc"), not from ``wardType``, which is
  wrong for three units (Thị trấn Ngọc Lặc, Phường 5 and Phường 15 of Phú Nhuận say "Xã");
- names are the full name minus the level word (``*Short`` columns carry tags such as
  "Kỳ Anh (Huyện)" for namesakes); lower-case syllables are capitalized ("Mường é" →
  "Mường É"), except "trường" in "Nông trường";
- five island districts with no commune (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
  come as rows with an empty ward; they give the district only.

Usage::

    pip install vietnamadminunits==1.0.4
    python scripts/make_gazetteer.py [OUTPUT]
"""

from __future__ import annotations

import sqlite3
import sys
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

SOURCE_VERSION = "1.0.4"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "lexicons" / "places.tsv"
PROVINCE_LEVELS = ("thành phố", "tỉnh")
DISTRICT_LEVELS = ("thành phố", "thị xã", "huyện", "quận")
WARD_LEVELS = ("thị trấn", "phường", "xã")
QUERY = """
SELECT DISTINCT provinceCode, province, districtCode, district, districtType, wardCode, ward, wardType
FROM admin_units_legacy
"""

Row = tuple[str, str, str, str]  # code, level, name, parent


def warn(message: str) -> None:
    """Report a fix or a quirk of the source data on stderr."""
    print(f"make_gazetteer: {message}", file=sys.stderr)


def split_level(full: str, levels: tuple[str, ...]) -> tuple[str, str]:
    """Split "Thành Phố Bắc Kạn" into ("thành phố", "Bắc Kạn"), whatever the case of the level."""
    for level in levels:
        if full.casefold().startswith(level + " "):
            return level, capitalize(full[len(level) + 1 :].strip())
    raise ValueError(f"no level word among {levels} in {full!r}")


def capitalize(name: str) -> str:
    """Capitalize lower-case syllables of a proper name, keeping "Nông trường" and inner capitals."""
    words = name.split()
    out = []
    for i, word in enumerate(words):
        common = word == "trường" and i > 0 and words[i - 1] == "Nông"
        if word[0].islower() and not common:
            word = word[0].upper() + word[1:]
        out.append(word)
    fixed = " ".join(out)
    if fixed != name:
        warn(f"capitalized {name!r} -> {fixed!r}")
    return fixed


def read_rows(db: Path) -> list[Row]:
    """One row per province, district and commune in the legacy table, sorted by code."""
    units: dict[str, Row] = {}

    def add(row: Row) -> None:
        if units.setdefault(row[0], row) != row:
            raise ValueError(f"{row[0]} has two names: {units[row[0]]} and {row}")

    with sqlite3.connect(db) as conn:
        records = conn.execute(QUERY).fetchall()
    for pcode, province, dcode, district, dtype, wcode, ward, wtype in records:
        p = f"vn-{pcode}"
        d = f"{p}-{dcode}"
        add((p, *split_level(province, PROVINCE_LEVELS), ""))
        dlevel, dname = split_level(district, DISTRICT_LEVELS)
        if dlevel != dtype.casefold():
            warn(f"{d} {district!r}: districtType {dtype!r} disagrees with the name; using {dlevel!r}")
        add((d, dlevel, dname, p))
        if ward is None:
            warn(f"{d} {district!r} has no commune-level unit")
            continue
        wlevel, wname = split_level(ward, WARD_LEVELS)
        if wlevel != (wtype or "").casefold():
            warn(f"{d}-{wcode} {ward!r}: wardType {wtype!r} disagrees with the name; using {wlevel!r}")
        add((f"{d}-{wcode}", wlevel, wname, d))
    return sorted(units.values())


def check(rows: list[Row]) -> None:
    """Fail unless the reference units of the project's sample article are as expected."""
    units = {row[0]: row for row in rows}
    assert units["vn-06"] == ("vn-06", "tỉnh", "Bắc Kạn", ""), units["vn-06"]
    assert units["vn-06-058"] == ("vn-06-058", "thành phố", "Bắc Kạn", "vn-06"), units["vn-06-058"]
    wards = [row for row in rows if row[3] == "vn-06-058"]
    assert len(wards) == 8, wards
    assert ("vn-06-058-01852", "xã", "Nông Thượng", "vn-06-058") in wards, wards


def main(argv: list[str]) -> int:
    """Read the source database, check it, and write the TSV."""
    spec = find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        warn(f"needs the source package: pip install vietnamadminunits=={SOURCE_VERSION}")
        return 2
    if (found := version("vietnamadminunits")) != SOURCE_VERSION:
        warn(f"vietnamadminunits {found} installed; this script documents {SOURCE_VERSION}")
    rows = read_rows(Path(spec.origin).parent / "data" / "dataset.db")
    check(rows)
    out = Path(argv[0]) if argv else OUTPUT
    lines = ["code\tlevel\tname\tparent"] + ["\t".join(row) for row in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for row in rows:
        key = f"{row[0].count('-')}:{row[1]}"
        counts[key] = counts.get(key, 0) + 1
    warn(f"wrote {len(rows)} units to {out}: {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
