"""The smaller letter fonts: the common characters come from the subset faces, everything else
still prints from the full Noto fonts, and set-up knows when they must be built again."""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from clinic.letters import fontbuild
from clinic.letters.render import Renderer

STATIC = Path(__file__).resolve().parents[2] / "clinic" / "static"
INSTALLED = not fontbuild.installed_problems()
needs_installed_fonts = pytest.mark.skipif(not INSTALLED, reason="subset letter fonts not installed (./dev.sh)")


@pytest.fixture(scope="module")
def renderer():
    return Renderer(STATIC)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts a PDF embeds (without the subset tag), each checked embedded."""
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def letter(text: str, lang: str = "zh-Hans-CN", cls: str = "official") -> str:
    return (
        f"<html lang='{lang}'><body><div class='{cls}' lang='{lang}'><h1>申请书</h1><p>{text}</p></div></body></html>"
    )


def test_the_common_sets_hold_what_letters_use_and_leave_rare_names_to_the_full_fonts():
    sc, tc, ug = fontbuild.charset("gb2312"), fontbuild.charset("big5"), fontbuild.charset("uyghur")
    hanzi = {p for p in sc if 0x4E00 <= p <= 0x9FFF}
    assert len(hanzi) == 6763  # GB 2312, both levels
    assert all(ord(ch) in sc for ch in "申请书，。（）《》第页 0123456789ABCxyz①Ⅳ")
    assert all(ord(ch) in tc for ch in "臺灣國民身分證，。")
    assert all(ord(ch) in ug for ch in "ئەخمەت ، ؟ abc 123")
    assert not any(ord(ch) in sc for ch in "䶮堃喆𠈌")


def test_a_face_is_built_renamed_and_then_up_to_date(tmp_path):
    face = fontbuild.SubsetFace("Clinic Test Naskh", "Regular", "Noto Naskh Arabic", "uyghur")
    assert fontbuild.out_of_date(tmp_path, [face]) == [face]
    (built,) = fontbuild.build(tmp_path, [face])
    font = TTFont(built)
    assert font["name"].getDebugName(1) == "Clinic Test Naskh"
    assert font["name"].getDebugName(6) == "ClinicTestNaskh-Regular"
    assert "Copyright" in (font["name"].getDebugName(0) or "")  # the notice and licence stay
    assert "Open Font License" in (font["name"].getDebugName(13) or "")
    cmap = font.getBestCmap()
    assert ord("ئ") in cmap and ord("ە") in cmap and 0x4E00 not in cmap
    assert "GSUB" in font  # Arabic joining
    assert fontbuild.out_of_date(tmp_path, [face]) == []
    assert fontbuild.build(tmp_path, [face]) == []


@needs_installed_fonts
def test_a_common_letter_uses_only_the_subset_faces(renderer):
    fonts = embedded_fonts(
        renderer.render(letter("根据《最高人民法院关于公布失信被执行人名单信息的若干规定》第十条，申请删除。"))
    )
    assert fonts and all(name.startswith("Clinic-Serif-SC") for name in fonts), fonts


@needs_installed_fonts
@pytest.mark.parametrize("name", ["䶮", "堃", "喆", "𠈌"])
def test_a_rare_name_prints_from_the_full_font(renderer, name):
    pdf = renderer.render(letter(f"申请人{name}，"))
    fonts = embedded_fonts(pdf)
    assert any(f.startswith("Clinic-Serif-SC") for f in fonts) and any("Noto-Serif-CJK-SC" in f for f in fonts)
    assert name in PdfReader(BytesIO(pdf)).pages[0].extract_text()


@needs_installed_fonts
@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [("ug", "ئەخمەت ئابدۇرېھىم", "Clinic-Naskh"), ("zh-Hant-TW", "臺灣的申請書", "Clinic-Serif-TC")],
)
def test_reading_copies_use_their_subset_faces(renderer, lang, text, family):
    html = f"<html><body><div class='reading' lang='{lang}'><p>{text}</p></div></body></html>"
    pdf = renderer.render(html)
    assert any(f.startswith(family) for f in embedded_fonts(pdf))
    extracted = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert all(word in extracted or word[::-1] in extracted for word in text.split())


def test_doctor_names_what_is_missing(tmp_path):
    face = fontbuild.SubsetFace("Clinic Absent Serif", "Regular", "Noto Naskh Arabic", "uyghur")
    problems = fontbuild.installed_problems(tmp_path, [face])
    assert any("missing or out of date" in p for p in problems)
    assert any("fontconfig does not offer" in p for p in problems)
    assert subprocess.run(["fc-list", "Clinic Absent Serif"], capture_output=True, text=True).stdout == ""
