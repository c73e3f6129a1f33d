"""Smaller letter fonts, built once at set-up time from the installed Noto fonts.

Why: WeasyPrint subsets every font face a letter uses on every render, and the cost grows with
the size of the face, not with the few hundred characters a letter uses. A Noto CJK face has
65,535 glyphs in a 20-27 MB collection; subsetting two of them took about a third of a letter's
render time. The faces built here keep only the characters of the common national sets (GB 2312
for Simplified Chinese, Big5 level 1 for Traditional Chinese, the Arabic-script blocks for
Uyghur), plus Latin, punctuation and full-width forms, under new family names. The letter
stylesheet names them first and the full Noto family second, so a character outside them (a rare
name such as 堃 or 𠈌) is still drawn, from the full font; without these files letters still render,
only slower.

Set-up (``./dev.sh`` does this) builds them into a folder, then installs that folder as system
fonts (``/usr/local/share/fonts/due-process-clinic``) and runs ``fc-cache``:

    python -m clinic.letters.fontbuild build DIR     # (re)build what is missing or out of date
    python -m clinic.letters.fontbuild check DIR     # exit 1 when DIR is not up to date or
                                                     # fontconfig does not offer its families

The fonts stay under the SIL Open Font License of their sources (the name table keeps the
copyright and licence entries); they are renamed because a modified font must not pass for the
original.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Bump when the character sets or options change: installed fonts built by an older version are
# rebuilt by the next set-up.
BUILD_VERSION = "2"
MANIFEST = "manifest.json"
SYSTEM_DIR = Path("/usr/local/share/fonts/due-process-clinic")

# Latin, punctuation and symbols a letter's fixed text, dates and addresses use.
_COMMON_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 and Latin Extended-A (names in pinyin with tone marks use some)
    (0x01CD, 0x01DC),  # pinyin with caron (ǎ ǐ ǒ ǔ ǚ ...)
    (0x02C6, 0x02DD),  # modifier tone marks
    (0x2000, 0x206F),  # general punctuation (dashes, quotes, ellipsis)
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers ①
    (0x25A0, 0x25FF),  # geometric shapes □ ○
    (0x3000, 0x303F),  # CJK symbols and punctuation 、。《》【】
    (0x3200, 0x32FF),  # enclosed CJK ㈠
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms ，：（）
)
_UYGHUR_RANGES = (
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic supplement
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


def _ranges(ranges: Iterable[tuple[int, int]]) -> set[int]:
    return {point for low, high in ranges for point in range(low, high + 1)}


def _codec_chars(codec: str, lead: range, trail: range) -> set[int]:
    """Every character a double-byte national set encodes in the given lead-byte rows."""
    points: set[int] = set()
    for first in lead:
        for second in trail:
            try:
                text = bytes((first, second)).decode(codec)
            except UnicodeDecodeError:
                continue
            points.update(ord(ch) for ch in text)
    return points


def charset(name: str) -> frozenset[int]:
    """The code points a subset face keeps: ``gb2312`` (GB 2312, both levels: 6,763 hanzi and its
    symbols, the common set of GB 18030), ``big5`` (Big5 symbols and level 1: 5,401 common
    characters) or ``uyghur`` (the Arabic-script blocks), each with Latin and punctuation."""
    if name == "gb2312":
        points = _codec_chars("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    elif name == "big5":
        points = _codec_chars("big5", range(0xA1, 0xC7), range(0x40, 0xFF))
    elif name == "uyghur":
        points = _ranges(_UYGHUR_RANGES)
    else:
        raise ValueError(f"unknown character set {name!r}")
    return frozenset(points | _ranges(_COMMON_RANGES))


@dataclass(frozen=True)
class SubsetFace:
    """One face to build: ``family`` (the new name the stylesheet uses) in ``style`` from the
    installed ``source`` family, keeping ``charset``."""

    family: str
    style: str
    source: str
    charset: str

    @property
    def file_name(self) -> str:
        """The built file's name, e.g. ClinicSerifSC-Bold.otf."""
        return f"{self.family.replace(' ', '')}-{self.style}.otf"


# The faces letters use most: the official letter (Simplified Chinese, regular and bold), the
# Traditional Chinese reading copy, and the Uyghur reading copy.
FACES: tuple[SubsetFace, ...] = (
    SubsetFace("Clinic Serif SC", "Regular", "Noto Serif CJK SC", "gb2312"),
    SubsetFace("Clinic Serif SC", "Bold", "Noto Serif CJK SC", "gb2312"),
    SubsetFace("Clinic Serif TC", "Regular", "Noto Serif CJK TC", "big5"),
    SubsetFace("Clinic Serif TC", "Bold", "Noto Serif CJK TC", "big5"),
    SubsetFace("Clinic Naskh", "Regular", "Noto Naskh Arabic", "uyghur"),
    SubsetFace("Clinic Naskh", "Bold", "Noto Naskh Arabic", "uyghur"),
)


def source_file(face: SubsetFace) -> tuple[Path, int]:
    """The installed file and face index fontconfig gives for the face's source family and style."""
    query = f"{face.source}:style={face.style}"
    result = subprocess.run(  # noqa: S603 - fc-match with our own arguments
        ["fc-match", "-f", "%{file}\t%{index}\t%{family}", query],  # noqa: S607 - fontconfig's tool
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    path, index, family = result.stdout.split("\t", 2)
    if face.source not in family.split(","):
        raise FileNotFoundError(f"the font {face.source!r} is not installed (fontconfig offers {family!r})")
    return Path(path), int(index or 0)


def _fingerprint(face: SubsetFace) -> dict[str, Any]:
    """What a built face depends on: the builder version and its source file."""
    path, index = source_file(face)
    stat = path.stat()
    return {"version": BUILD_VERSION, "source": str(path), "index": index, "size": stat.st_size, "mtime": stat.st_mtime}


def _rename(font: Any, face: SubsetFace) -> None:
    """Give the subset its own names (family, full name, PostScript name) in every name record."""
    postscript = face.file_name.removesuffix(".otf")
    names = {
        1: face.family if face.style in ("Regular", "Bold") else f"{face.family} {face.style}",
        2: face.style,
        3: f"{postscript};{BUILD_VERSION}",
        4: f"{face.family} {face.style}",
        6: postscript,
        16: face.family,
        17: face.style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.setName(names[record.nameID], record.nameID, record.platformID, record.platEncID, record.langID)
    for name_id in (1, 2, 4, 6):
        table.setName(names[name_id], name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", names[4]), ("FamilyName", face.family)):
            if hasattr(top, key):
                setattr(top, key, value)


def build_face(face: SubsetFace, folder: Path) -> Path:
    """Subset one installed face to ``face.charset`` and write it under its new name."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = source_file(face)
    font = TTFont(path, fontNumber=index, lazy=False)
    options = subset.Options()
    # fontTools' default features: shaping (Arabic joining, CJK punctuation widths, vertical forms)
    # without the alternate glyph sets ("*" would keep the Japanese and Traditional variants too,
    # a third more glyphs for nothing a letter uses).
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(charset(face.charset)))
    subsetter.subset(font)
    _rename(font, face)
    target = folder / face.file_name
    partial = target.with_suffix(".partial")
    font.save(partial)
    font.close()
    partial.replace(target)
    return target


def _manifest(folder: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def out_of_date(folder: Path, faces: Sequence[SubsetFace] = FACES) -> list[SubsetFace]:
    """The faces whose file in ``folder`` is missing or was built from other sources or by another
    version of this module."""
    manifest = _manifest(folder)
    stale = []
    for face in faces:
        try:
            wanted = _fingerprint(face)
        except (OSError, ValueError, subprocess.SubprocessError):
            stale.append(face)
            continue
        if manifest.get(face.file_name) != wanted or not (folder / face.file_name).is_file():
            stale.append(face)
    return stale


def build(folder: Path, faces: Sequence[SubsetFace] = FACES) -> list[Path]:
    """Build every face of ``faces`` that is out of date in ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(folder)
    written = []
    for face in out_of_date(folder, faces):
        written.append(build_face(face, folder))
        manifest[face.file_name] = _fingerprint(face)
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return written


def installed_problems(folder: Path = SYSTEM_DIR, faces: Sequence[SubsetFace] = FACES) -> list[str]:
    """Why the installed subset fonts would not be used, as sentences (empty when all is well):
    a face missing or out of date in ``folder``, or not offered by fontconfig under its family."""
    problems = [f"{face.file_name} is missing or out of date in {folder}" for face in out_of_date(folder, faces)]
    for family in dict.fromkeys(face.family for face in faces):
        found = subprocess.run(  # noqa: S603 - fc-list with our own arguments
            ["fc-list", family, "family"],  # noqa: S607 - fontconfig's tool
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        if family not in found:
            problems.append(f"fontconfig does not offer the font {family!r} (run fc-cache -f)")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``build DIR`` or ``check DIR`` (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m clinic.letters.fontbuild")
    parser.add_argument("action", choices=("build", "check"))
    parser.add_argument("folder", type=Path, nargs="?", default=SYSTEM_DIR)
    args = parser.parse_args(argv)
    if args.action == "check":
        problems = installed_problems(args.folder)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for path in build(args.folder):
        print(f"built {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
