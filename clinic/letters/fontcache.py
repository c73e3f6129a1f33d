"""Read each font file's data once per process instead of once per letter.

Why: for every font face a document uses, WeasyPrint 70 copies the whole font file into a Python
``bytes`` object (``weasyprint.pdf.fonts.Font.__init__`` calls ``get_hb_object_data``), on every
render, even though with the HarfBuzz subsetter it only needs the first four bytes and then
replaces the copy with the subset. A Noto CJK collection is 20-27 MB, so a Chinese letter copied
26-50 MB per render (measured: about 6 % of a warm render, and a peak RSS that rose by the size of
the files). Upstream knows the cost: Kozea/WeasyPrint#1977 traced memory to this ``ffi.unpack``,
and #2130 stopped caching the copies per ``Font`` object (the fix there is about memory growth,
not the copy itself). The clean upstream change would be to make ``Font.file_content`` lazy.

Until then, ``install()`` wraps WeasyPrint's ``get_hb_object_data`` (one module global, in
``weasyprint.pdf.fonts``) so that the data of a face blob of 1-16 MiB (a whole font file, such as
the subset letter fonts) is copied once and the same immutable ``bytes`` returned afterwards. The cache keys on the blob's address and
length and keeps a reference to the blob, so that memory cannot be freed and reused by another
font while the entry exists; it holds at most ``MAX_ENTRIES`` files, least recently used first
out. Smaller blobs (the per-letter subsets WeasyPrint writes, colour glyphs) are copied as before.
A render process forked after the warm-up inherits the copies without paying for them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

# Only whole font files are worth keeping: the subsets WeasyPrint makes per letter are far smaller
# (150-250 KiB for a CJK letter) and new each time. The 20-27 MB Noto CJK collections are not kept
# either: a letter only reaches them for a rare character, and holding them cost every render
# process's family ~90 MB (measured under gunicorn); the subset fonts (about 5 MB) are kept.
MIN_BYTES = 1024 * 1024
MAX_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 8

_lock = threading.Lock()
_installed: dict[str, Any] = {}


def install() -> None:
    """Wrap ``weasyprint.pdf.fonts.get_hb_object_data`` once in this process (idempotent)."""
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.ffi import ffi, harfbuzz

    with _lock:
        if "original" in _installed:
            return
        original = pdf_fonts.get_hb_object_data
        cache: OrderedDict[tuple[int, int], tuple[Any, bytes]] = OrderedDict()

        def get_hb_object_data(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
            """WeasyPrint's function, with whole font files copied once (see the module)."""
            if ot_color is not None:
                return original(hb_object, ot_color, glyph)
            blob = harfbuzz.hb_face_reference_blob(hb_object)
            length = ffi.new("unsigned int *")
            data = harfbuzz.hb_blob_get_data(blob, length)
            size = int(length[0])
            if data == ffi.NULL or not MIN_BYTES <= size <= MAX_BYTES:
                harfbuzz.hb_blob_destroy(blob)
                return original(hb_object)
            key = (int(ffi.cast("uintptr_t", data)), size)
            with _lock:
                hit = cache.get(key)
                if hit is not None:
                    cache.move_to_end(key)
                    harfbuzz.hb_blob_destroy(blob)  # the entry holds its own reference
                    return hit[1]
                content = ffi.unpack(data, size)
                cache[key] = (blob, content)  # the blob reference keeps the address ours
                while len(cache) > MAX_ENTRIES:
                    old_blob, _ = cache.popitem(last=False)[1]
                    harfbuzz.hb_blob_destroy(old_blob)
                return content

        pdf_fonts.get_hb_object_data = get_hb_object_data
        _installed["original"] = original
        _installed["cache"] = cache


def cached_files() -> int:
    """How many font files are held (for tests and the benchmark)."""
    cache = _installed.get("cache")
    return len(cache) if cache is not None else 0
