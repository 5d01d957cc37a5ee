"""The language of the checks' messages: English, or Simplified Chinese for the Chinese notebooks.

``use_language("zh_CN")`` (one line in the Chinese notebooks' imports cell) makes every
message of ``l10_utils.checks`` Chinese. ``tr`` translates one message through the gettext
catalogue ``locale/<language>/LC_MESSAGES/l10_utils.po`` shipped in the package. An entry
whose msgid holds ``{placeholders}`` translates every message of that shape (the first such
entry in the catalogue that fits the whole message: wrappers come first); a placeholder
ending in ``_``, or ``{where}`` (a case), holds prose translated in turn as far as the
catalogue goes; the others (names, numbers, code) are kept as they are.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

_LOCALE = Path(__file__).with_name("locale")
_FIELD = re.compile(r"\{(\w+)\}")
_language = "en"
_catalogues: dict[str, tuple[dict[str, str], list[tuple[re.Pattern, str]]]] = {}


def use_language(language: str) -> None:
    """Write the checks' messages in ``language``: ``"zh_CN"`` (Simplified Chinese) or ``"en"``."""
    known = ["en", *sorted(p.name for p in _LOCALE.iterdir() if p.is_dir())]
    if language not in known:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(known)}")
    global _language
    _language = language


def tr(message: str, strict: bool = False) -> str:
    """``message`` in the language in use (as it is in English, or without an entry; with
    ``strict``, a missing entry raises ``KeyError``: the tests' way to find one)."""
    if _language == "en" or not message.strip():
        return message
    exact, shapes = _catalogue(_language)
    if message in exact:
        return exact[message]
    for pattern, msgstr in shapes:
        if match := pattern.fullmatch(message):
            pieces = match.groupdict()  # prose inside is translated as far as it can be
            return msgstr.format(**{k: tr(v) if k.endswith("_") or k == "where" else v
                                    for k, v in pieces.items()})  # fmt: skip
    if strict:
        raise KeyError(f"no {_language} translation of {message!r}")
    return message


def _catalogue(language: str) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    if language not in _catalogues:
        entries = read_po(_LOCALE / language / "LC_MESSAGES" / "l10_utils.po")
        exact = {k: v for k, v in entries.items() if not _FIELD.search(k)}
        # in the catalogue's order: the first shape that matches wins (the wrappers first)
        shapes = [(_pattern(k), v) for k, v in entries.items() if _FIELD.search(k)]
        _catalogues[language] = exact, shapes
    return _catalogues[language]


#: What a field of these names matches; any other field, the shortest text that fits.
_FIELDS = {
    "where": r"\((?:[^()]|\([^()]*\))*\)",  # one case in parentheses (nested once at most)
    "kind": r"\w+",
    "number": r"-?\d[\d.e+-]*",
    "code": "[0-9a-f]{6}",
}


def _pattern(msgid: str) -> re.Pattern:
    """A regular expression for messages of the shape ``msgid``."""
    parts, seen = [], set()
    for k, piece in enumerate(_FIELD.split(msgid)):
        if k % 2 == 0:
            parts.append(re.escape(piece))
        elif piece in seen:
            parts.append(f"(?P={piece})")
        else:
            seen.add(piece)
            parts.append(f"(?P<{piece}>{_FIELDS.get(piece, '.*?')})")
    return re.compile("".join(parts), re.DOTALL)


def read_po(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of a gettext catalogue: translated entries only, none fuzzy or obsolete."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    key, fuzzy = "", False

    def close() -> None:
        if fields.get("msgid") and fields.get("msgstr") and not fuzzy:
            entries[fields["msgid"]] = fields["msgstr"]

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            close()
            fields, key, fuzzy = {}, "", False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        else:
            key, _, text = line.partition(" ")
            fields[key] = ast.literal_eval(text)
    return entries
