"""Procedure steps in the reader's language, or in the other one with a small ``[de]`` tag."""

from __future__ import annotations

from explorer.io.doc_markdown import documentation_markdown
from explorer.io.markdown import machine_markdown, procedure_markdown
from collections.abc import Callable

from explorer.model import Machine, Text


def _mixed(make_machine: Callable[..., Machine]) -> Machine:
    """One way out whose steps are: both languages, German only, language-neutral."""
    return make_machine([("a", "b", {"de": "Los", "en": "Go"}, {"steps": [
        {"de": "Beide Sprachen.", "en": "Both languages."},
        {"de": "Nur Deutsch."},
        "Neutral step.",
    ]})], language="de")


def test_tagged_names_the_language_only_when_it_is_not_the_wanted_one() -> None:
    both = Text.of({"de": "Ja", "en": "Yes"})
    assert both.tagged("en", "de") == ("Yes", None)
    assert both.tagged("de", "de") == ("Ja", None)
    german = Text.of({"de": "Nur Deutsch."})
    assert german.tagged("en", "de") == ("Nur Deutsch.", "de")
    assert german.tagged_str("en", "de") == "Nur Deutsch. [de]"
    assert german.tagged_str("de", "de") == "Nur Deutsch."
    assert Text.of("Neutral.").tagged("en", "de") == ("Neutral.", None)
    # Without a fallback the first language stands in, and is named.
    assert Text.of({"fr": "Oui"}).tagged("en") == ("Oui", "fr")


def test_markdown_tags_a_step_that_lacks_the_language(machine_factory: Callable[..., Machine]) -> None:
    m = _mixed(machine_factory)
    tid = m.transitions[0].id
    for text in (procedure_markdown(m, [tid], "en"), machine_markdown(m, "en"), documentation_markdown(m, "en")):
        assert "Both languages." in text and "Beide Sprachen." not in text
        assert "Nur Deutsch. \\[de\\]" in text
        assert "Neutral step." in text and "Neutral step. \\[" not in text
    for text in (procedure_markdown(m, [tid], "de"), machine_markdown(m, "de"), documentation_markdown(m, "de")):
        assert "Beide Sprachen." in text and "Nur Deutsch." in text and "\\[de\\]" not in text


def test_the_bundled_machine_has_every_step_in_both_languages(bundled_machine: Machine) -> None:
    m = bundled_machine
    assert all(s.languages == {"de", "en"} for t in m.transitions for s in t.steps)
    for lang in ("de", "en"):
        other = "de" if lang == "en" else "en"
        for text in (machine_markdown(m, lang), documentation_markdown(m, lang)):
            assert f"\\[{other}\\]" not in text
    english = machine_markdown(m, "en")
    assert "The customer downloads the applet and runs it." in english
    assert "Der Kunde lädt das Applet herunter" not in english


def test_the_bundled_machine_has_every_remark_in_both_languages(bundled_machine: Machine) -> None:
    remarks = [t.description for t in bundled_machine.transitions if t.description is not None]
    assert len(remarks) >= 5
    assert all(r.languages == {"de", "en"} for r in remarks)
    remarked = [t.id for t in bundled_machine.transitions if t.description is not None]
    english = procedure_markdown(bundled_machine, [remarked[0]], "en")  # a procedure carries its remark
    german = procedure_markdown(bundled_machine, [remarked[0]], "de")
    assert "After one minute" in english and "After one minute" not in german and "In einer Minute" in german
