"""Products by the shape of their names and the words right after them (``product_kind``).

- a name with a product modifier as its last word or before a number ("MateBook Pro",
  "MacBook Air", "Galaxy S24 Ultra", "Core Ultra 9") is a product: a chip when chips or
  processors are spoken of right after it, else ``Hardware``;
- a name before a product line and a sort of device ("its Mate series smartphones", "the Pixel
  line of phones") is ``Hardware``; a maker's name right before a device ("Huawei smartphones")
  is no product, so the line ("series", "line", "range") or a product-shaped name must be there;
- a number between a name and a modifier or a device is part of the name ("Mate 60 Pro", "Pura 70
  smartphone": ``model_number``), a chip when chips, processors or graphics cards follow ("RTX 5090");
- an operating system by its name ("HarmonyOS 5", "ChromeOS": a lowercase letter before "OS") or
  by the words after it ("the Harmony operating system") is ``Software``.

Checked after the words around a name (an apposition, "the X app") and before the chip codes.
"""
from __future__ import annotations

import re

# a modifier a product line puts last ("Pro", "Max") or before its number ("Ultra 9"); never first
_MODIFIER = re.compile(r"(?<=\S) (?:Pro|Max|Ultra|Plus|Mini|Lite|Fold|Flip|Ultimate|Air)(?= \d+\b|$)")
_DEVICE = (r"(?:smart)?(?:phones?|watch(?:es)?)|laptops?|notebooks?|tablets?|PCs?|computers?|handsets?|devices?|"
           r"consoles?|headsets?|servers?|wearables?")
_LINE_DEVICE = re.compile(r"^\s+(?:series|line|range|lineup|family)\s+(?:of\s+)?(?:[\w-]+\s+)?(?:" + _DEVICE + r")\b")
_DEVICE_AFTER = re.compile(r"^\s+(?:" + _DEVICE + r")\b")
_CHIP_TALK = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:chips?|processors?|CPUs?|GPUs?|SoCs?|accelerators?|graphics cards?)\b", re.I)
_OS_NAME = re.compile(r"^[A-Za-z]*[a-z]OS(?: \d[\d.]*)?$")
_OS_AFTER = re.compile(r"^\s+(?:operating system|OS)\b")


def product_shaped(label: str) -> bool:
    """A name a product line's modifier ends, or stands before its number."""
    return bool(_MODIFIER.search(label))


def product_kind(label: str, after: str) -> str | None:
    """``Hardware``, ``Software`` or ``Chip`` for a product the name or the words ``after`` it
    tell (see the module's description), else None."""
    if _OS_NAME.match(label) or _OS_AFTER.match(after):
        return "Software"
    if product_shaped(label):
        return "Chip" if _CHIP_TALK.match(after) else "Hardware"
    if re.search(r"\d$", label) and _CHIP_TALK.match(after):
        return "Chip"       # "the RTX 5090 graphics card"
    if _LINE_DEVICE.match(after):
        return "Hardware"
    if _DEVICE_AFTER.match(after) and re.search(r"(?<!\d)\d{1,2}$", label) and not label.isupper():
        return "Hardware"   # "the Mate 60 phone"
    return None


_NUMBER_THEN = re.compile(r"\s(?:(?:Pro|Max|Ultra|Plus|Mini|Lite|Fold|Flip|Air)\b|(?:smart)?phones?\b|laptops?\b|tablets?\b|"
                          r"handsets?\b|graphics cards?\b)")


def model_number(text: str, toks: list, k: int) -> bool:
    """Whether the number at token ``k`` is part of a product's name: right after a capitalised
    word and before a modifier or a device ("Mate 60 Pro", "Pura 70 smartphone", "RTX 5090 graphics card")."""
    t = toks[k]
    return bool(re.fullmatch(r"\d{1,4}", t.text)) and k > 0 and any(c.isupper() for c in toks[k - 1].text) \
        and t.start - toks[k - 1].end == 1 and bool(_NUMBER_THEN.match(text, t.end))
