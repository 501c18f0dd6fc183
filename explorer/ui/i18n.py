"""The language of the user interface (menus, legend, inspector, dialogs), through Qt's translations.

English is the source language: the strings in the code are the English UI.
Its only file, ``state_explorer_en.qm``, holds the plural forms of counted
strings (``self.tr("%n dead end(s)", "", n)``, made with ``lupdate
-pluralonly``); it is in effect whenever no other language is, so English
says "1 dead end", "2 dead ends". Other languages are compiled Qt
translations ``resources/i18n/state_explorer_<lang>.qm``, made from the
``.ts`` sources by ``pyside6-lrelease`` (tests/ui/test_i18n.py checks that
they are complete and up to date).

The UI language is independent of the content language (the machine's label
language, Ctrl+L): a German trainer may show an English machine and the other
way round. It is chosen, first match wins, by ``--ui-lang``, by the
View > Interface Language menu (kept in QSettings), and by the system locale.

Tables built at import time (the legend's rows, the shortcuts' sentences, the
overlays' names) mark their strings with :func:`QT_TRANSLATE_NOOP` so that
``pyside6-lupdate`` finds them, and translate them where they are shown
(``QCoreApplication.translate(context, text)``; lupdate only reads calls
spelt that way or ``self.tr``), so a translator installed after import still applies.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from explorer import resources

__all__ = ["QT_TRANSLATE_NOOP", "SETTINGS_KEY", "UI_LANGUAGES", "choose_ui_language", "current_ui_language",
           "ensure_translator", "format_number", "install_translator", "remove_translator", "translation_file",
           "ui_locale"]

#: The languages the UI speaks, English (the source) first.
UI_LANGUAGES: tuple[str, ...] = ("en", "de")
#: How the Interface Language menu names each language (in its own language, as menus usually do).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "de": "Deutsch"}
#: QSettings key of the menu's choice ("" or missing: follow the system locale).
SETTINGS_KEY = "ui/language"
#: The base name of the translation files: state_explorer_<lang>.qm.
CATALOGUE = "state_explorer"

# The translator in use, kept alive here (Qt does not own it) so it can be removed again.
_installed: QTranslator | None = None
_installed_lang = "en"
# Qt's own words (a dialog's Cancel, a line edit's context menu) in the same language, when Qt ships them.
_qt_installed: QTranslator | None = None


def system_ui_language() -> str:
    """The UI language the system locale asks for: one of :data:`UI_LANGUAGES`, else English."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in UI_LANGUAGES:
            return code
    return "en"


def choose_ui_language(requested: str | None = None, settings: QSettings | None = None) -> str:
    """The UI language to use: ``requested`` (``--ui-lang``), else the saved menu choice, else the locale."""
    if requested:
        if requested not in UI_LANGUAGES:
            raise ValueError(f"unknown interface language {requested!r} (one of {', '.join(UI_LANGUAGES)})")
        return requested
    saved = str((settings or QSettings()).value(SETTINGS_KEY, "") or "")
    return saved if saved in UI_LANGUAGES else system_ui_language()


def translation_file(lang: str) -> str:
    """The path of the compiled translation for ``lang`` (English's holds only plural forms)."""
    return str(resources.translations_dir() / f"{CATALOGUE}_{lang}.qm")


def _load(lang: str) -> QTranslator | None:
    translator = QTranslator()
    return translator if translator.load(translation_file(lang)) else None


def install_translator(lang: str) -> bool:
    """Make ``lang`` the UI language of the running application; False if its translation would not load.

    Widgets read their texts when they are built, so install before the
    window is made. English installs only its plural forms (the code's strings are English).
    """
    global _installed, _installed_lang
    translator = _load(lang)
    if translator is None:
        return False
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
    QCoreApplication.installTranslator(translator)
    _installed, _installed_lang = translator, lang
    _install_qt_words(lang)
    return True


def _install_qt_words(lang: str) -> None:
    """Qt's own translation (``qtbase_<lang>.qm`` from Qt's folder) for the buttons Qt names itself."""
    global _qt_installed
    if _qt_installed is not None:
        QCoreApplication.removeTranslator(_qt_installed)
        _qt_installed = None
    if lang == "en":
        return
    translator = QTranslator()
    if translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(translator)
        _qt_installed = translator


def ensure_translator() -> None:
    """English plural forms when no UI language was installed yet (a window made without :func:`install_translator`)."""
    if _installed is None:
        install_translator("en")


def remove_translator() -> None:
    """Back to the English UI."""
    global _installed, _installed_lang
    if not install_translator("en") and _installed is not None:
        QCoreApplication.removeTranslator(_installed)  # no plural file: the bare source strings
        _installed, _installed_lang = None, "en"


def current_ui_language() -> str:
    """The language of the installed translation ("en" when none is installed)."""
    return _installed_lang


def ui_locale() -> QLocale:
    """The locale of the UI language, for numbers shown in the UI ("0,09 s" in German, "0.09 s" in English)."""
    return QLocale(QLocale.Language.German if _installed_lang == "de" else QLocale.Language.English)


def format_number(value: float, decimals: int | None = None) -> str:
    """``value`` as the UI language writes it: ``decimals`` places, or as few as it needs (like ``:g``).

    No group separators: a number here is a duration or a factor, read at a glance.
    """
    locale = ui_locale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    if decimals is None:
        return locale.toString(float(value), "g", 6)
    return locale.toString(float(value), "f", decimals)
