"""explorer.ui.texts: one description of a state and of a transition, for the inspector, tooltips and the panel."""

from __future__ import annotations

import html

import pytest

from explorer.analysis import analyse
from explorer.model import Machine
from explorer.ui.texts import state_html, transition_html


@pytest.fixture
def procedure_edge(bundled_machine: Machine):  # type: ignore[no-untyped-def]
    """A timeout edge with a procedure of several steps."""
    return next(t for t in bundled_machine.transitions if len(t.steps) > 1 and t.timeout is not None)


@pytest.mark.parametrize("kind", ["inspector", "tooltip", "panel"])
def test_every_kind_tells_trigger_target_procedure_and_timeout(bundled_machine: Machine, procedure_edge,  # type: ignore[no-untyped-def]
                                                              kind: str) -> None:
    m, t = bundled_machine, procedure_edge
    for lang in m.languages:
        text = transition_html(m, t.id, lang, kind=kind)
        assert html.escape(m.trigger_label(t.id, lang)) in text
        assert html.escape(m.state_label(t.target, lang)) in text
        assert text.count("<li") == len(t.steps)
        assert all(html.escape(s.get(lang, m.language)) in text for s in t.steps)
        assert "fires after" in text
    assert (f"id: {t.id}" in transition_html(m, t.id, m.language, kind=kind)) == (kind != "panel")


def test_the_panel_says_the_timeout_in_its_own_words(bundled_machine: Machine, procedure_edge) -> None:  # type: ignore[no-untyped-def]
    text = transition_html(bundled_machine, procedure_edge.id, "de", kind="panel", timeout_text="Nach 1:00.")
    assert "Nach 1:00." in text and "fires after" not in text


def test_a_tooltip_shows_every_language_and_the_inspector_the_ways(bundled_machine: Machine) -> None:
    m = bundled_machine
    tip = state_html(m, "deleted", m.language, kind="tooltip")
    assert all(html.escape(text) in tip for _, text in m.state("deleted").label.values)
    assert "Final state" in tip and f"{len(m.incoming('deleted'))} in" in tip
    inspector = state_html(m, "connecting", "en", analysis=analyse(m))
    assert "<h2>" in inspector and f"Ways out ({len(m.outgoing('connecting'))})" in inspector
    assert all(html.escape(m.trigger_label(t.id, "en")) in inspector for t in m.outgoing("connecting"))
    assert "Initial state" in inspector


def test_the_analysis_names_defects(bundled_machine: Machine) -> None:
    a = analyse(bundled_machine)
    lost = sorted(a.unreachable)[0]
    assert "Unreachable" in state_html(bundled_machine, lost, "en", analysis=a)
    assert "Unreachable" not in state_html(bundled_machine, lost, "en")


def test_a_step_without_the_language_carries_a_small_tag(machine_factory) -> None:  # type: ignore[no-untyped-def]
    m = machine_factory([("a", "b", "go", {"steps": [{"de": "Nur Deutsch."}, {"de": "Ja.", "en": "Yes."}, "Neutral."]})],
                        language="de")
    tid = m.transitions[0].id
    for kind in ("inspector", "tooltip", "panel"):
        english = transition_html(m, tid, "en", kind=kind)
        assert "Nur Deutsch. <small>[de]</small>" in english
        assert "Yes." in english and "Ja." not in english
        assert "Neutral.</li>" in english
        assert "<small>[de]</small>" not in transition_html(m, tid, "de", kind=kind)


def test_the_bundled_machine_in_english_has_no_german_tags(bundled_machine: Machine) -> None:
    m = bundled_machine
    for t in m.transitions:
        for kind in ("inspector", "panel"):
            assert "[de]" not in transition_html(m, t.id, "en", kind=kind)
            assert "[en]" not in transition_html(m, t.id, "de", kind=kind)
