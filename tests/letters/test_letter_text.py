"""The text of generated letters: each copy in its own language, no contradicted timing statement,
no unresolved alternative, no doubled punctuation and no printed either-or label (read from the PDF)."""

import re
from io import BytesIO

from pypdf import PdfReader

from clinic import services
from clinic.cli import _render_pack
from clinic.letters.samples import sample_form


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


READING_MARK = {
    "en": "Translationforreadingonly",
    "zh_Hant_TW": "僅供閱讀的翻譯",
    "zh_Hans_CN": "仅供阅读的译文",
}


def test_two_locales_rendered_in_one_app_context_each_come_out_in_their_own_language(app):
    """The samples command renders every locale in one app context: each copy keeps its language."""
    with app.app_context():
        letter = services.current().content.letters.letters["credit-china-repair"]
        form = sample_form(letter, services.current().content.letters.fields)
        texts = {locale: flat(pdf_text(_render_pack(letter.id, form, locale))) for locale in ("en", "zh_Hant_TW")}
    assert READING_MARK["en"] in texts["en"]
    assert READING_MARK["zh_Hant_TW"] not in texts["en"]
    assert READING_MARK["zh_Hant_TW"] in texts["zh_Hant_TW"]
    assert READING_MARK["en"] not in texts["zh_Hant_TW"]
