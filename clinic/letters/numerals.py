"""Chinese numerals and dates as Chinese legal documents print them (pure)."""

from __future__ import annotations

import re
from datetime import date

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1..9999 in Chinese numerals as used for article numbers: 1 一, 10 十, 12 十二,
    20 二十, 105 一百零五, 110 一百一十, 236 二百三十六, 1029 一千零二十九."""
    if not 0 < n < 10000:
        raise ValueError("only 1 to 9999 are supported")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out: list[str] = []
    pending_zero = False
    for value, name in units:
        digit = n // value % 10
        if digit == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + name)
    text = "".join(out)
    # 一十二 is written 十二 when it starts the number.
    return text[1:] if text.startswith("一十") else text


def article_label_zh(number: str) -> str:
    """'236' -> 第二百三十六条; '17(2)' -> 第十七条第二款; other forms are printed as given."""
    match = re.fullmatch(r"(\d+)(?:\((\d+)\))?", number.strip())
    if not match:
        return number
    label = f"第{chinese_number(int(match.group(1)))}条"
    if match.group(2):
        label += f"第{chinese_number(int(match.group(2)))}款"
    return label


def date_zh(day: date) -> str:
    """A date as Chinese documents write it: 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"


def ordinal_zh(n: int) -> str:
    """The heading numbers of a Chinese document: 一、二、三…"""
    return chinese_number(n) + "、"
