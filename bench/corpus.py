"""A synthetic corpus of N articles: seeded, deterministic variations of the dev corpus.

The dev articles (``../shared/corpus/dev/*.txt``) are read when the benchmark runs and
never copied into the repository. Article ``i`` is dev article ``i mod 22`` with, chosen by
a generator seeded with ``i``: every person's name replaced (surname from kg's lexicon,
middle and given names from a fixed list; the same name gets the same replacement within
an article), the province and the wards or communes renamed to others of the gazetteer,
dates moved (valid days, months and years 2016-2024) and every other number changed to one
of the same number of digits. So articles differ in text (and IRIs), entities overlap the
way a real corpus's do (a few names and bodies recur), and the extraction meets the same
kinds of sentence.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
LEXICONS = ROOT / "src" / "kg" / "lexicons"
MIDDLE = ["Văn", "Thị", "Ngọc", "Đức", "Minh", "Thanh", "Hữu", "Quang", "Thu", "Xuân", "Hồng", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh"]
GIVEN += ["Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo"]
GIVEN += ["Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Yến", "Hiếu", "Lâm", "Đạt"]
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_WORD = rf"[{_UPPER}][^\s,.;:!?()“”\"/–-]*"


def _column(name: str, column: int = 0, where: tuple[int, str] | None = None) -> list[str]:
    rows = []
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if line.startswith("#") or len(cells) <= column:
            continue
        if where is None or (len(cells) > where[0] and cells[where[0]] == where[1]):
            rows.append(cells[column])
    return rows


class Variator:
    """Makes article ``i`` of the synthetic corpus."""

    def __init__(self) -> None:
        self.templates = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
        if not self.templates:
            raise SystemExit(f"no dev articles in {DEV}")
        self.surnames = [s for s in _column("surnames.tsv") if s and s != "form"]
        places = [
            line.split("\t") for line in (LEXICONS / "places.tsv").read_text(encoding="utf-8").splitlines()
        ]
        self.provinces = [p[2] for p in places[1:] if len(p) > 3 and not p[3] and p[1] == "tỉnh"]
        self.wards = [p[2] for p in places[1:] if len(p) > 2 and p[1] in ("phường", "xã")]
        province_names = "|".join(sorted(map(re.escape, self.provinces), key=len, reverse=True))
        self.province_re = re.compile(rf"\b({province_names})\b")
        surnames = "|".join(sorted(map(re.escape, self.surnames), key=len, reverse=True))
        self.person_re = re.compile(rf"\b(?:{surnames})(?: {_WORD}){{1,3}}")
        self.ward_re = re.compile(rf"\b(phường|xã|thị trấn) ({_WORD}(?: {_WORD})?)")

    def article(self, i: int) -> str:
        rng = random.Random(i)
        text = self.templates[i % len(self.templates)]
        people: dict[str, str] = {}
        provinces: dict[str, str] = {}
        wards: dict[str, str] = {}

        def person(m: re.Match[str]) -> str:
            words = len(m.group(0).split())
            if m.group(0) not in people:
                middle = " ".join(rng.choice(MIDDLE) for _ in range(words - 2))
                people[m.group(0)] = " ".join(
                    w for w in (rng.choice(self.surnames), middle, rng.choice(GIVEN)) if w
                )
            return people[m.group(0)]

        def province(m: re.Match[str]) -> str:
            return provinces.setdefault(m.group(1), rng.choice(self.provinces))

        def ward(m: re.Match[str]) -> str:
            return f"{m.group(1)} {wards.setdefault(m.group(2), rng.choice(self.wards))}"

        text = self.person_re.sub(person, text)
        text = self.province_re.sub(province, text)
        text = self.ward_re.sub(ward, text)
        return _numbers(text, rng)


def _numbers(text: str, rng: random.Random) -> str:
    year = rng.randint(2016, 2024)

    def date(m: re.Match[str]) -> str:
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        return f"{day}/{month}" + (f"/{year}" if m.group(3) else "")

    text = re.sub(r"\b(\d{1,2})/(\d{1,2})(/\d{4})?\b", date, text)
    text = re.sub(r"\b(19|20)\d\d\b", lambda m: str(rng.choice((year - 1, year, year + 1))), text)

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        new = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
        return new if len(digits) > 1 or digits != "0" else digits

    return re.sub(
        r"(?<![\d/])\d+(?![\d/])", lambda m: m.group(0) if len(m.group(0)) == 4 else number(m), text
    )


def write_corpus(folder: Path, n: int) -> list[Path]:
    """Write articles 0..n-1 as ``folder/00000.txt`` ... (kept if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    variator = Variator()
    paths = []
    for i in range(n):
        path = folder / f"{i:05d}.txt"
        text = variator.article(i)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
