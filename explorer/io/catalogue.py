"""The fixed words of the command line's documents, from the UI's own Qt catalogue.

Markdown procedures, the documentation set, Mermaid and ``explorer check``
speak a few words of their own ("From {source} to {target}", "setting"). They
are translated in the same catalogue as the window
(``resources/i18n/state_explorer_<lang>.ts``), each document in a context of
its own (:data:`CONTEXTS`), so one translator fixes one word in one place.

This module reads the ``.ts`` source itself (with ``defusedxml``) instead of
loading the compiled ``.qm`` through ``QTranslator``: the command line imports
no Qt. ``pyside6-lupdate`` extracts strings only from code it is given, and it
is given ``explorer/ui``; :mod:`explorer.ui.cli_words` therefore lists these
words with ``QT_TRANSLATE_NOOP`` so that lupdate keeps them, and the tests
check that the two lists agree and every word has a German translation.

English is the source language: an English word is its own translation, and a
language without a catalogue (or a word it lacks) falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from explorer import resources

#: The catalogue contexts of the command line's words, one per document kind.
MARKDOWN = "MarkdownWords"
DOCUMENTATION = "DocumentationWords"
MERMAID = "MermaidWords"
CHECK = "CheckWords"
CONTEXTS = (MARKDOWN, DOCUMENTATION, MERMAID, CHECK)
#: The base name of the catalogue files, as the UI's translator loads them.
CATALOGUE = "state_explorer"


def catalogue_file(lang: str) -> Path:
    """The ``.ts`` source of ``lang`` (it need not exist: English has none)."""
    return resources.translations_dir() / f"{CATALOGUE}_{lang}.ts"


@cache
def languages() -> tuple[str, ...]:
    """English and every language with a catalogue, by code (``("en", "de")``)."""
    prefix = f"{CATALOGUE}_"
    found = sorted(p.stem[len(prefix):] for p in resources.translations_dir().glob(f"{prefix}*.ts"))
    return ("en", *(lang for lang in found if lang != "en"))  # English's own file holds only plural forms


@cache
def _messages(lang: str) -> Mapping[tuple[str, str], str]:
    """(context, English source) -> finished translation, for every message of ``lang``'s catalogue."""
    path = catalogue_file(lang)
    if lang == "en" or not path.is_file():  # English is the source (its file holds only plural forms)
        return {}
    from defusedxml import ElementTree  # only when a translation is asked for: English output needs no XML

    out: dict[tuple[str, str], str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                continue  # counted UI strings (%n); the documents' words have none
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue  # Qt's translator ignores these too and shows the source
            if translation.text:
                out[(name, message.findtext("source") or "")] = translation.text
    return out


def translate(context: str, text: str, lang: str) -> str:
    """``text`` (English) in ``lang``, as the catalogue has it under ``context``; English when it has none."""
    return _messages(lang).get((context, text), text)


def words(context: str, english: Mapping[str, str], lang: str) -> dict[str, str]:
    """A table of English words (key -> word) in ``lang``: each word translated under ``context``."""
    return {key: translate(context, text, lang) for key, text in english.items()}
