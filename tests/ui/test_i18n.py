"""The German UI: the catalogue is complete and compiled, and the window speaks it when asked.

The catalogue checks run Qt's own tools (``pyside6-lupdate``, ``pyside6-lrelease``)
on a temporary copy, so a string added to the code without a translation, an
unfinished translation, or a ``.qm`` not rebuilt from the ``.ts`` fails here.
To update after changing UI strings::

    .venv/bin/pyside6-lupdate explorer/ui/*.py -locations none -no-obsolete \\
        -source-language en -target-language de -ts resources/i18n/state_explorer_de.ts
    # the same with -pluralonly -target-language en -ts resources/i18n/state_explorer_en.ts;
    # translate the new <message>s (remove type="unfinished"), then for de and en
    .venv/bin/pyside6-lrelease resources/i18n/state_explorer_de.ts -qm resources/i18n/state_explorer_de.qm
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QTabBar,
                               QTreeWidget, QWidget)

from explorer import BUNDLED_MACHINE, cli
from explorer.io import catalogue
from explorer.io.machine_yaml import load_machine
from explorer.ui import cli_words, i18n
from explorer.ui.legend import legend_items
from explorer.ui.main_window import MainWindow
from explorer.ui.shortcuts import help_rows
from explorer.ui.texts import state_html

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
TS = I18N / "state_explorer_de.ts"
TOOLS = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = TOOLS / name
    return str(found) if found.exists() else name


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element, for every message of a .ts file."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message.find("translation")
    return out


def _lupdate(ts: Path, lang: str = "de") -> None:
    """lupdate as the README says; English's catalogue holds only the plural forms (-pluralonly)."""
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "explorer" / "ui").glob("*.py"))
    plural_only = ["-pluralonly"] if lang == "en" else []
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-locations", "none", *plural_only, "-source-language", "en",
                    "-target-language", lang, "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def _finished(translation: ET.Element | None) -> bool:
    """A translation that is done: not marked unfinished, and its text (or every plural form) not empty."""
    if translation is None or translation.get("type") is not None:
        return False
    forms = translation.findall("numerusform")
    if forms:
        return all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


@pytest.mark.parametrize(("lang", "at_least"), [("de", 300), ("en", 10)])
def test_every_ui_string_has_a_finished_translation(tmp_path: Path, lang: str, at_least: int) -> None:
    ts = I18N / f"state_explorer_{lang}.ts"
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    _lupdate(fresh, lang)  # keeps the committed translations, adds new strings, marks vanished ones obsolete
    committed, current = _messages(ts), _messages(fresh)
    live = {key for key, tr in current.items() if tr is not None and tr.get("type") not in ("obsolete", "vanished")}
    # German: the menus, legend, shortcuts, inspector and command-line words; English: the counted strings.
    assert len(live) >= at_least
    assert sorted(live - committed.keys()) == [], "strings in the code missing from the .ts: run lupdate"
    assert sorted(committed.keys() - live) == [], "the .ts holds strings the code no longer has: run lupdate"
    unfinished = sorted(key for key, tr in committed.items() if not _finished(tr))
    assert unfinished == [], f"{lang} translations unfinished or empty"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_committed_qm_is_what_lrelease_makes(tmp_path: Path, lang: str) -> None:
    ts, qm = I18N / f"state_explorer_{lang}.ts", I18N / f"state_explorer_{lang}.qm"
    built = tmp_path / qm.name
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(built)], check=True, capture_output=True)
    assert qm.exists(), "compile the .ts with pyside6-lrelease"
    # Byte for byte (file times mean nothing after a checkout): a .qm older than its .ts differs.
    assert qm.read_bytes() == built.read_bytes(), "the .qm is stale: rerun pyside6-lrelease"


@pytest.fixture
def german() -> Iterator[None]:
    """The UI in German as ``explorer --ui-lang de`` starts it; English again afterwards."""
    args = cli._window_parser().parse_args(["--ui-lang", "de"])
    assert i18n.install_translator(i18n.choose_ui_language(args.ui_lang))
    try:
        yield
    finally:
        i18n.remove_translator()


def test_the_window_in_german(german: None, make_window) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    assert _menu_titles(window) == ["Datei", "Ansicht", "Sitzung", "Hilfe"]
    assert window.open_action.text() == "Ö&ffnen…"
    assert window.reload_action.text() == "&Neu laden"
    assert window.full_screen_action.text() == "&Vollbild"
    assert window.legend_dock.windowTitle() == "Legende"
    # The dock's saved name stays English, so a window state saved in one language restores in the other.
    assert window.legend_dock.objectName() == "dock-legend"
    captions = [entry.caption for entry in legend_items()]
    assert captions[0] == "Aktueller Zustand" and "Endzustand" in captions
    # Qt's own catalogue names the keys as a German keyboard does.
    assert ("Strg+L", "Sprache der Beschriftungen wechseln") in help_rows()
    assert window.ui_language_group.checkedAction().data() == "de"
    # The review docks' fixed words too.
    assert window.defects_dock.windowTitle() == "Mängel" and window.coverage_dock.windowTitle() == "Abdeckung"
    assert window.defects_panel.summary.text() == "Kein Automat."


def test_the_inspector_says_its_fixed_words_in_german(german: None) -> None:
    machine = load_machine(BUNDLED_MACHINE)
    text = state_html(machine, machine.initial, machine.language)
    assert "Ausgänge" in text and "Anfangszustand" in text
    assert "Ways out" not in text


def test_english_is_unchanged(make_window) -> None:  # type: ignore[no-untyped-def]
    assert i18n.install_translator("en")
    window, _ = make_window()
    assert _menu_titles(window) == ["File", "View", "Session", "Help"]
    assert window.open_action.text() == "&Open…"
    assert window.legend_dock.windowTitle() == "Legend"
    assert legend_items()[0].caption == "Current state"
    assert window.ui_language_group.checkedAction().data() == "en"


def test_the_ui_language_is_chosen_by_option_then_menu_then_locale(tmp_path: Path,
                                                                   make_window) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "choice.ini"), QSettings.Format.IniFormat)
    assert i18n.choose_ui_language(None, settings) == i18n.system_ui_language()
    settings.setValue(i18n.SETTINGS_KEY, "de")
    assert i18n.choose_ui_language(None, settings) == "de"
    assert i18n.choose_ui_language("en", settings) == "en"  # --ui-lang wins over the menu
    with pytest.raises(ValueError):
        i18n.choose_ui_language("fr", settings)
    # The menu keeps the choice for the next start and says so.
    window, _ = make_window("menu.ini")
    german_action = next(a for a in window.ui_language_group.actions() if a.data() == "de")
    german_action.trigger()
    saved = QSettings(str(tmp_path / "menu.ini"), QSettings.Format.IniFormat)
    assert saved.value(i18n.SETTINGS_KEY) == "de"
    assert "Deutsch" in window.statusBar().currentMessage()


def test_the_ui_language_is_independent_of_the_label_language(german: None,
                                                              make_window) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    assert window.open_file(BUNDLED_MACHINE)
    window.set_language("en")
    assert _menu_titles(window)[0] == "Datei"
    assert i18n.current_ui_language() == "de"


def test_screenshot_of_the_german_window(german: None, qtbot, make_window,
                                         artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.layout_finished, timeout=60000):
        assert window.open_file(BUNDLED_MACHINE)
    window.select(window.machine.initial)  # the inspector shows its German fixed words
    qtbot.wait(100)
    # The legend's German rows fit their dock: no caption wider than the widget.
    legend = window.legend
    assert legend.sizeHint().width() <= legend.width() or legend.minimumSizeHint().width() <= legend.width()
    assert window.grab().save(str(artifacts_dir / "ui_de.png"))
    assert "Ausgänge" in window.inspector.toHtml()


# -- the command line's words (Markdown, documentation, Mermaid, check) come from the same catalogue ----------

def _cli_tables() -> dict[str, dict[str, str]]:
    from explorer.io import doc_markdown, markdown, mermaid

    return {catalogue.MARKDOWN: markdown.WORDS, catalogue.DOCUMENTATION: doc_markdown.WORDS,
            catalogue.MERMAID: mermaid.WORDS, catalogue.CHECK: cli.CHECK_WORDS}


def test_every_cli_word_is_marked_for_lupdate_and_translated_in_the_catalogue() -> None:
    tables = _cli_tables()
    assert set(tables) == set(catalogue.CONTEXTS)
    used = {(context, word) for context, table in tables.items() for word in table.values()}
    # cli_words marks exactly these (lupdate keeps only marked words), and the catalogue translates each.
    assert set(cli_words.MARKED) == used
    committed = _messages(TS)
    for context, word in sorted(used):
        translation = committed.get((context, word))
        assert translation is not None and translation.get("type") is None and translation.text, (context, word)
        assert catalogue.translate(context, word, "de") == translation.text
        # The placeholders survive translation, else .format() would fail on German text.
        assert sorted(re.findall(r"{\w+}", translation.text)) == sorted(re.findall(r"{\w+}", word)), word
    assert catalogue.translate(catalogue.MARKDOWN, "Trigger", "en") == "Trigger"
    assert catalogue.translate(catalogue.MARKDOWN, "Trigger", "fr") == "Trigger"  # no catalogue: English


def test_german_documents_take_their_words_from_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    from explorer.io.markdown import machine_markdown
    from explorer.io.mermaid import machine_to_mermaid

    machine = load_machine(BUNDLED_MACHINE)
    assert machine.language == "de"
    german = machine_markdown(machine)
    for word in ("Transitions", "Trigger", "Procedure"):
        assert f" {catalogue.translate(catalogue.MARKDOWN, word, 'de')} " in german or \
            f"## {catalogue.translate(catalogue.MARKDOWN, word, 'de')}" in german
    assert "| Trigger |" not in german and "| Procedure |" not in german
    assert "| Trigger |" in machine_markdown(machine, "en")
    assert "setting" not in machine_to_mermaid(machine)
    assert catalogue.translate(catalogue.MERMAID, "setting", "de") in machine_to_mermaid(machine)
    # check: English by default (as before), German words with --lang de.
    assert cli.main(["check", str(BUNDLED_MACHINE)]) == 0
    assert "dead ends:" in capsys.readouterr().out
    assert cli.main(["check", str(BUNDLED_MACHINE), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert catalogue.translate(catalogue.CHECK, "dead ends:", "de") in out and "dead ends" not in out


# -- nothing the German window shows is left in English --------------------------------------------------------

def _english_sources() -> set[str]:
    """The catalogue's English strings whose German differs (a word such as "Quiz" is the same in both)."""
    out = set()
    for (context, source), translation in _messages(TS).items():
        if context in catalogue.CONTEXTS or translation is None or translation.findall("numerusform"):
            continue  # the documents' words follow the content language; counted strings hold a number
        if _plain(translation.text or "") != _plain(source):
            out.add(_plain(source))
    return out


def _plain(text: str) -> str:
    """What a reader sees: no mnemonic &, no rich-text tags, no shortcut after a tab, trimmed."""
    text = re.sub(r"<[^>]+>", " ", text.split("\t")[0]).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def _shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every visible widget under ``root``: texts, titles, tooltips, accessible names, items."""
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        name = f"{type(w).__name__}:{w.objectName()}"
        texts = [w.toolTip(), w.accessibleName(), w.windowTitle() if w.isWindow() or isinstance(w, QDockWidget) else ""]
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            items = [w.topLevelItem(i) for i in range(w.topLevelItemCount())]
            texts += [re.sub(r" \(\d+\)$", "", item.text(0)) for item in items if item is not None]
            texts += [item.toolTip(0) for item in items if item is not None]
        for action in w.actions():
            texts += [action.text(), action.toolTip()]
            if action.menu() is not None:
                texts += [a.text() for a in action.menu().actions()]
        out += [(name, _plain(t)) for t in texts if _plain(t)]
    return out


def _left_in_english(texts: list[tuple[str, str]], content: set[str], english: set[str]) -> list[tuple[str, str]]:
    return sorted({(where, text) for where, text in texts if text not in content and text in english})


def test_nothing_the_german_window_shows_is_left_in_english(german: None, qtbot,  # type: ignore[no-untyped-def]
                                                           make_window, artifacts_dir: Path) -> None:
    from explorer.ui.export_dialog import PictureExportDialog
    from explorer.ui.review_dialogs import PathBetweenDialog, ToursDialog
    from explorer.tours import plan_tours
    from .conftest import open_window

    window = open_window(qtbot, make_window, 1600, 1000)
    machine = window.machine
    assert machine is not None
    # State and trigger names are content (the machine is German), never UI words.
    content = {_plain(text.get(lang, lang)) for s in machine.states for text in [s.label] for lang in machine.languages}
    content |= {_plain(t.trigger.get(lang, lang)) for t in machine.transitions for lang in machine.languages}
    english = _english_sources()
    assert "Ways out" in english and "Current state" in english  # the scan knows what English looks like
    for dock in (window.defects_dock, window.coverage_dock):
        dock.show()
    window.defects_panel.show()
    qtbot.wait(50)
    found = _left_in_english(_shown_texts(window), content, english)
    # The inspector's page (the machine's summary before anything is clicked): no English sentence in it.
    summary = _plain(window.inspector.toPlainText())
    assert "Unerreichbar" in summary
    found += [("inspector", source) for source in english if len(source) >= 12 and source in summary]
    # Menus are not shown but their actions are what the user reads.
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        found += _left_in_english([("menu", _plain(a.text())) for a in menu.actions()], content, english)
    dialogs = [PathBetweenDialog(machine, machine.language, parent=window),
               ToursDialog(machine, plan_tours(machine), machine.language, parent=window),
               PictureExportDialog(artifacts_dir / "x.svg", window, has_session=True)]
    for dialog in dialogs:
        dialog.show()
        found += _left_in_english(_shown_texts(dialog), content, english)
        dialog.close()
    window.presentation_action.setChecked(True)
    qtbot.wait(50)
    found += _left_in_english(_shown_texts(window), content, english)
    window.presentation_action.setChecked(False)
    assert found == [], f"English words in the German UI: {found}"


def test_counts_have_plural_forms_in_both_languages(make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    def count(n: int) -> str:
        return QCoreApplication.translate("MainWindow", "%n dead end(s)", None, n)

    window, _ = make_window()  # a window puts English's plural forms in place even if nobody chose a language
    assert (count(1), count(2)) == ("1 dead end", "2 dead ends")
    assert i18n.install_translator("de")
    try:
        assert (count(1), count(2)) == ("1 Sackgasse", "2 Sackgassen")
    finally:
        i18n.remove_translator()
    assert count(1) == "1 dead end"
    assert window.counts_label.text() == ""  # nothing open: nothing counted


def test_the_findings_sentences_marked_for_lupdate_are_those_findings_says() -> None:
    from explorer.findings import TEMPLATES
    from explorer.ui import defects_panel

    assert defects_panel._MESSAGES == TEMPLATES  # one sentence changed in one place only: the other must follow


def test_german_ui_over_english_content_says_no_english_fixed_word(german: None, qtbot,  # type: ignore[no-untyped-def]
                                                                   make_window) -> None:
    """Ctrl+L to English in a German UI: names turn English, the panel, findings, actors and numbers stay German."""
    from explorer.findings import TEMPLATES

    from .conftest import open_window

    window = open_window(qtbot, make_window, 1280, 720)
    machine = window.machine
    controller = window.controller
    assert machine is not None and controller is not None
    layout_message = window.statusBar().currentMessage()
    window.set_language("en")
    controller.fire(next(t.id for t in machine.outgoing(controller.session.current) if t.target == "waiting"))
    panel = window.session_panel
    english = _english_sources()
    content = {_plain(t.get("en", "en")) for t in [*(s.label for s in machine.states),
                                                    *(t.trigger for t in machine.transitions)]}
    found = _left_in_english(_shown_texts(panel), content, english)
    assert found == [], f"English words in the German panel: {found}"
    words = "\n".join(text for _, text in _shown_texts(panel))
    assert "Ausgänge" in words and "Nächste Zeitüberschreitung in" in words
    assert machine.state_label("waiting", "en") in words  # the names follow the content language
    # Actors in the UI language on the ways out: "Kunde", "Zeit", never the ids.
    names = " ".join(b.accessibleName() for b in panel.way_out_buttons)
    actors = {t.actor for t in machine.outgoing("waiting") if t.actor}
    assert actors and not any(f"({actor})" in names for actor in actors), names
    assert "(Zeit)" in names or "(Kunde)" in names or "(Techniker)" in names
    # Findings: each row of the defects list in German (no sentence of the English templates).
    tree = window.defects_panel.tree
    rows = [tree.topLevelItem(i).child(j).text(0) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]
    assert rows
    fixed = [re.sub(r"\{[a-z]+\}", "\0", sentence).split("\0") for sentence in TEMPLATES.values()]
    for row in rows:
        for parts in fixed:
            assert not any(len(part.strip()) > 8 and part.strip() in row for part in parts), row
    # Numbers as German writes them: the layout's seconds with a decimal comma.
    seconds = re.findall(r"(\d+[.,]\d+) s", layout_message)
    assert all("," in number for number in seconds), layout_message
    speeds = [panel.findChildren(QComboBox)[i] for i in range(len(panel.findChildren(QComboBox)))]
    assert not any(re.search(r"\d\.\d", box.itemText(i)) for box in speeds for i in range(box.count()))
    # The tours dialog's summary: German words, the ratio with a decimal comma.
    from explorer.tours import plan_tours
    from explorer.ui.review_dialogs import ToursDialog

    plan = plan_tours(machine)
    dialog = ToursDialog(machine, plan, "en", parent=window)
    summary = dialog.summary.text()
    assert "Übergänge" in summary and "take every" not in summary
    assert f"{plan.ratio:.2f}".replace(".", ",") in summary, summary
    assert machine.state_label(plan.start, "en") in summary
    dialog.close()
