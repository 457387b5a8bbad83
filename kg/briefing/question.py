"""The words of a deck: the question on its title slide, signs, and the graph's version.

``question_for_measure("Limit foreign access to sensitive data centres")`` is "What does
limiting foreign access to sensitive data centres do?": the measure's leading verb becomes
its -ing form (a label that does not start with a verb is quoted instead).
"""
from __future__ import annotations

import datetime as _dt
import re

SIGN_WORDS = {"+": "+ increases", "-": "\u2212 decreases", "±": "\u00b1 mixed", None: "not reached"}
SIGN = {"+": "+", "-": "\u2212", "±": "\u00b1", None: "\u00b7"}

# leading words of measure labels that are verbs (imperatives); the rest are quoted as names
VERBS = {"act", "add", "adopt", "allow", "ban", "bar", "block", "build", "cap", "close", "control",
         "coordinate", "create", "cut", "deny", "detect", "end", "enforce", "expand", "extend", "fund",
         "impose", "improve", "increase", "invest", "keep", "levy", "limit", "lift", "loosen", "make",
         "monitor", "permit", "prevent", "prohibit", "promote", "protect", "raise", "reduce", "relax",
         "require", "restrict", "screen", "set", "share", "stop", "strengthen", "support", "tax",
         "tighten", "track", "widen"}
_DOUBLE = {"ban", "bar", "cap", "cut", "set", "stop", "control", "permit"}


def gerund(verb: str) -> str:
    """'limit' -> 'limiting', 'ban' -> 'banning', 'promote' -> 'promoting', 'deny' -> 'denying'."""
    v = verb.lower()
    if v in _DOUBLE:
        return v + v[-1] + "ing"
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        return v[:-1] + "ing"
    return v + "ing"


def measure_phrase(label: str) -> str:
    """'Limit foreign access to X' -> 'limiting foreign access to X'; a name is quoted."""
    words = label.strip().split()
    if words and words[0].lower() in VERBS:
        return " ".join([gerund(words[0]), *words[1:]])
    return f"\u201c{label.strip()}\u201d"


def question_for_measure(label: str) -> str:
    return f"What does {measure_phrase(label)} do?"


def question_for_focus(label: str, kind: str) -> str:
    if kind in ("Measure", "PolicyPackage"):
        return question_for_measure(label)
    return f"What is {label} connected to?"


def question_for_scenarios(a: str, b: str) -> str:
    return f"What changes between \u201c{a}\u201d and \u201c{b}\u201d?"


def version_line(store, settings=None) -> str:
    """'policy-kg 0.1.0 · data 1a2b3c4d5e6f · store generation 3'."""
    from importlib import metadata

    try:
        package = metadata.version("policy-kg")
    except metadata.PackageNotFoundError:
        from kg import __version__ as package
    bits = [f"policy-kg {package}"]
    if settings is not None:
        try:
            from kg.store.build import fingerprint
            bits.append(f"data {fingerprint(settings)[:12]}")
        except Exception:  # a store served from users' files may have no data folder
            pass
    bits.append(f"store generation {getattr(store, 'generation', 0)}")
    return " \u00b7 ".join(bits)


def today() -> str:
    return _dt.date.today().isoformat()


def short(text: str, words: int = 24) -> str:
    """At most ``words`` words of ``text`` (whitespace collapsed), with an ellipsis when cut."""
    parts = re.sub(r"\s+", " ", text).strip().split(" ")
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")
