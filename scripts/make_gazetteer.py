"""Write ``src/kg/lexicons/places.tsv``: both maps of Vietnam's administrative units, linked.

A dev-time script: the package is never imported by `kg`, and is not a runtime dependency.

Source: ``vietnamadminunits`` 1.0.4 (PyPI; https://github.com/tranngocminhhieu/vietnamadminunits),
MIT License, Copyright (c) 2025 Tran Ngoc Minh Hieu. Three of its tables, with GSO codes:

- ``admin_units_legacy`` in ``data/dataset.db``: the legacy map, in force until 2025-06-30
  (63 provinces, 696 districts, 10,035 communes), one row per commune with its district and
  province;
- ``admin_units`` in ``data/dataset.db``: the current map, in force from 2025-07-01
  (34 provinces, 3,321 communes, wards and special zones; no district level);
- ``data/converter_2025.json``: the correspondence, legacy province → current province and
  legacy commune → the current commune(s) its territory went to (several when it was divided).

Codes: legacy ``vn-06`` (province), ``vn-06-058`` (district), ``vn-06-058-01852`` (commune);
current ``vn2025-19`` (province), ``vn2025-19-01843`` (commune). GSO reused many codes in 2025
(province 19 is Thái Nguyên in both maps, with other borders), hence the era in the prefix.

Output columns: ``code  level  name  next``. ``next`` (legacy units only) lists the successors
in the current map, as bare GSO codes: the province's code ("19") on a province row, the
commune codes ("01840 01843") on a commune row, inside the successor of its province. Districts
were abolished, not merged: they have no successor, except the five island districts that
became special zones (đặc khu) with the same name. A unit's parent is its code minus the last
part (current communes: the current province).

Fixes applied to the legacy table (each is printed when the script runs):

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

import json
import sqlite3
import sys
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

SOURCE_VERSION = "1.0.4"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "lexicons" / "places.tsv"
PROVINCE_LEVELS = ("thành phố", "tỉnh")
DISTRICT_LEVELS = ("thành phố", "thị xã", "huyện", "quận")
WARD_LEVELS = ("thị trấn", "phường", "xã", "đặc khu")
CURRENT = "vn2025"  # code prefix of the current map's units
LEGACY_QUERY = """
SELECT DISTINCT provinceCode, province, provinceKey, districtCode, district, districtType, districtKey,
       wardCode, ward, wardType, wardKey
FROM admin_units_legacy
"""
CURRENT_QUERY = (
    "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey FROM admin_units"
)

Row = tuple[str, str, str, str]  # code, level, name, next


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


class Units:
    """Rows by code; a code given twice must carry the same row."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}

    def add(self, row: Row) -> None:
        if self.rows.setdefault(row[0], row) != row:
            raise ValueError(f"{row[0]} has two rows: {self.rows[row[0]]} and {row}")


def read_current(conn: sqlite3.Connection) -> tuple[Units, dict[str, str], dict[tuple[str, str], str]]:
    """The current map's rows, and its province and commune codes by the source's keys."""
    units = Units()
    provinces: dict[str, str] = {}  # provinceKey -> "19"
    wards: dict[tuple[str, str], str] = {}  # (provinceKey, wardKey) -> "01843"
    for pcode, province, pkey, wcode, ward, wtype, wkey in conn.execute(CURRENT_QUERY):
        p = f"{CURRENT}-{pcode}"
        units.add((p, *split_level(province, PROVINCE_LEVELS), ""))
        level, name = split_level(ward, WARD_LEVELS)
        if level != wtype.casefold():
            warn(f"{p}-{wcode} {ward!r}: wardType {wtype!r} disagrees with the name; using {level!r}")
        units.add((f"{p}-{wcode}", level, name, ""))
        provinces[pkey] = pcode
        if wards.setdefault((pkey, wkey), wcode) != wcode:
            raise ValueError(f"two communes keyed {pkey}/{wkey}")
    return units, provinces, wards


def successors(
    converter: dict[str, dict], provinces: dict[str, str], wards: dict[tuple[str, str], str]
) -> dict[str, str]:
    """``next`` by legacy key: "pkey" -> "19", "pkey_dkey_wkey" -> "01840 01843"."""
    out: dict[str, set[str]] = {}
    for new, olds in converter["DICT_PROVINCE"].items():
        for old in olds:
            out.setdefault(old, set()).add(provinces[new])
    for new, by_ward in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in by_ward.items():
            for old in olds:
                out.setdefault(old, set()).add(wards[(new, ward)])
    for new, by_old in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in by_old.items():
            out.setdefault(old, set()).update(wards[(new, part["newWardKey"])] for part in parts)
    return {key: " ".join(sorted(codes)) for key, codes in out.items()}


def read_legacy(conn: sqlite3.Connection, nexts: dict[str, str]) -> Units:
    """The legacy map's rows, each with its successors."""
    units = Units()
    for pcode, province, pkey, dcode, district, dtype, dkey, wcode, ward, wtype, wkey in conn.execute(
        LEGACY_QUERY
    ):
        p = f"vn-{pcode}"
        d = f"{p}-{dcode}"
        if pkey not in nexts:
            raise ValueError(f"{p} {province!r} has no successor")
        units.add((p, *split_level(province, PROVINCE_LEVELS), nexts[pkey]))
        dlevel, dname = split_level(district, DISTRICT_LEVELS)
        if dlevel != dtype.casefold():
            warn(f"{d} {district!r}: districtType {dtype!r} disagrees with the name; using {dlevel!r}")
        if ward is None:
            warn(f"{d} {district!r} has no commune-level unit; its successor is the district's")
            units.add((d, dlevel, dname, nexts[f"{pkey}_{dkey}_"]))
            continue
        units.add((d, dlevel, dname, ""))
        wlevel, wname = split_level(ward, WARD_LEVELS)
        if wlevel != (wtype or "").casefold():
            warn(f"{d}-{wcode} {ward!r}: wardType {wtype!r} disagrees with the name; using {wlevel!r}")
        units.add((f"{d}-{wcode}", wlevel, wname, nexts[f"{pkey}_{dkey}_{wkey}"]))
    return units


def check(rows: dict[str, Row]) -> None:
    """Fail unless the units of the project's sample article and their successors are as expected."""
    assert rows["vn-06"] == ("vn-06", "tỉnh", "Bắc Kạn", "19"), rows["vn-06"]
    assert rows["vn-19"] == ("vn-19", "tỉnh", "Thái Nguyên", "19"), rows["vn-19"]
    assert rows["vn-06-058"] == ("vn-06-058", "thành phố", "Bắc Kạn", ""), rows["vn-06-058"]
    wards = [row for code, row in rows.items() if code.startswith("vn-06-058-")]
    assert len(wards) == 8, wards
    assert ("vn-06-058-01852", "xã", "Nông Thượng", "01843") in wards, wards
    assert rows[f"{CURRENT}-19"] == (f"{CURRENT}-19", "tỉnh", "Thái Nguyên", ""), rows[f"{CURRENT}-19"]
    assert rows[f"{CURRENT}-19-01843"][1:3] == ("phường", "Bắc Kạn"), rows[f"{CURRENT}-19-01843"]
    assert rows[f"{CURRENT}-19-01840"][1:3] == ("phường", "Đức Xuân"), rows[f"{CURRENT}-19-01840"]
    counts = {"legacy": 0, "current": 0}
    for code, _, _, nxt in rows.values():
        counts["current" if code.startswith(CURRENT) else "legacy"] += 1
        parts = code.split("-")
        if code.startswith("vn-") and nxt:  # every successor exists, inside the province's successor
            province = rows[f"vn-{parts[1]}"][3]
            for part in nxt.split():
                target = f"{CURRENT}-{part}" if len(parts) == 2 else f"{CURRENT}-{province}-{part}"
                assert target in rows, (code, target)
    assert counts == {"legacy": 63 + 696 + 10035, "current": 34 + 3321}, counts


def main(argv: list[str]) -> int:
    """Read the source data, check it, and write the TSV."""
    spec = find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        warn(f"needs the source package: pip install vietnamadminunits=={SOURCE_VERSION}")
        return 2
    if (found := version("vietnamadminunits")) != SOURCE_VERSION:
        warn(f"vietnamadminunits {found} installed; this script documents {SOURCE_VERSION}")
    data = Path(spec.origin).parent / "data"
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    with sqlite3.connect(data / "dataset.db") as conn:
        current, provinces, wards = read_current(conn)
        legacy = read_legacy(conn, successors(converter, provinces, wards))
    rows = {**legacy.rows, **current.rows}
    check(rows)
    out = Path(argv[0]) if argv else OUTPUT
    lines = ["code\tlevel\tname\tnext"] + ["\t".join(rows[code]) for code in sorted(rows)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for code, level, _, _ in rows.values():
        key = f"{code.split('-')[0]}:{code.count('-')}:{level}"
        counts[key] = counts.get(key, 0) + 1
    warn(f"wrote {len(rows)} units to {out}: {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
