"""Quiz mode in the window: questions over the tours, keys answer, the canvas shows the answer by restyling.

The screenshot goes to tests/artifacts/quiz.png (1920x1080, a question answered
wrongly and revealed): look at it as a trainer would.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from explorer.quiz import Quiz
from explorer.tours import plan_tours
from explorer.ui import style as st
from explorer.ui.main_window import MainWindow
from explorer.ui.style import StateRole, TransitionRole

from .conftest import no_layouts, open_window

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "classroom_walk.yaml"


def _open(qtbot, make_window, width: int = 1600, height: int = 1000) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, make_window, width, height)


def _quiz(window: MainWindow) -> Quiz:
    quiz = window.quiz_panel.quiz
    assert quiz is not None
    return quiz


def _press(window: MainWindow, key: Qt.Key) -> None:
    QTest.keyClick(window.view, key)


def test_a_tours_quiz_asks_hides_the_answer_and_counts_the_score(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    machine = window.machine
    assert machine is not None and window.scene is not None
    with no_layouts(window, monkeypatch):  # a quiz only restyles
        assert window.start_quiz("tours", seed=3)
        assert window.quiz_dock.isVisible() and window.quiz_panel.active
        quiz = _quiz(window)
        plan = plan_tours(machine)
        assert len(quiz.questions) == len({t for tour in plan.tours for t in tour})
        q = quiz.current
        assert q is not None
        lang = window.content_language.current
        assert window.quiz_panel.question_text == quiz.question_text(q, lang)
        assert machine.trigger_label(q.transition, lang) in window.quiz_panel.question_text
        assert window.controller is not None and window.controller.session.current == q.source

        # Open question: the asked way out stands out, its target is not marked as a way out's target.
        scene = window.scene
        assert TransitionRole.QUIZ_ASKED in scene.item_for_transition[q.transition].roles
        assert TransitionRole.AVAILABLE not in scene.item_for_transition[q.transition].roles
        assert StateRole.AVAILABLE_TARGET not in scene.item_for_state[q.answer].roles
        for choice in q.choices:
            assert StateRole.QUIZ_CHOICE in scene.item_for_state[choice].roles
        assert StateRole.QUIZ_ANSWER not in scene.item_for_state[q.answer].roles

        # Right answer with its number key (the fire keys do not fire meanwhile).
        right = q.choices.index(q.answer) + 1
        _press(window, Qt.Key(Qt.Key.Key_1 + right - 1))
        assert quiz.score == (1, 1)
        assert window.controller.session.current == q.source
        answer_item = scene.item_for_state[q.answer]
        assert StateRole.QUIZ_ANSWER in answer_item.roles
        assert answer_item.style is st.state_style(answer_item.roles)
        assert TransitionRole.QUIZ_REVEALED in scene.item_for_transition[q.transition].roles
        assert window.quiz_panel.score_text == quiz.score_text(lang) and "1" in quiz.score_text(lang)

        # Space takes the way out and asks the next question.
        _press(window, Qt.Key.Key_Space)
        q2 = quiz.current
        assert q2 is not None and q2.number == 2
        assert window.controller.session.current == q2.source
        assert StateRole.QUIZ_ANSWER not in scene.item_for_state[q.answer].roles or q.answer == q2.answer

        # Wrong answer: counted, the pick marked, the right state still shown.
        wrong = next(n for n, c in enumerate(q2.choices, start=1) if c != q2.answer)
        _press(window, Qt.Key(Qt.Key.Key_1 + wrong - 1))
        assert quiz.score == (1, 2)
        picked = q2.choices[wrong - 1]
        assert StateRole.QUIZ_WRONG in scene.item_for_state[picked].roles
        assert StateRole.QUIZ_ANSWER in scene.item_for_state[q2.answer].roles
        assert window.quiz_panel.score_text == quiz.score_text(lang) == ("1 von 2 richtig" if lang == "de" else "1 of 2 right")
        assert window.quiz_panel.result_text == quiz.result_text(q2, lang)

        # Esc leaves: the marks go, the session's ways out come back.
        _press(window, Qt.Key.Key_Escape)
        assert not window.quiz_panel.active and not window.quiz_dock.isVisible()
        assert all(not roles_have_quiz(scene.item_for_state[s.id].roles) for s in machine.states)
        current = window.controller.session.current
        outs = machine.outgoing(current)
        assert all(TransitionRole.AVAILABLE in scene.item_for_transition[t.id].roles for t in outs)


def roles_have_quiz(roles: frozenset) -> bool:  # type: ignore[type-arg]
    return any(r.value.startswith("quiz_") for r in roles)


def test_revealing_without_an_answer_and_finishing_shows_the_score(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    window.session_panel.set_scenario(window.controller.load_scenario(SCENARIO))  # type: ignore[union-attr]
    assert window.start_quiz(seed=1)  # a loaded scenario: the quiz walks it
    quiz = _quiz(window)
    assert quiz.name != "tours" and quiz.questions
    total = len(quiz.questions)
    first = quiz.questions[0]
    _press(window, Qt.Key.Key_Return)  # reveal without answering
    assert quiz.score == (0, 1)
    assert StateRole.QUIZ_ANSWER in window.scene.item_for_state[first.answer].roles  # type: ignore[union-attr]
    _press(window, Qt.Key.Key_Return)
    while quiz.current is not None:
        q = quiz.current
        window.quiz_panel.answer_numbered(q.choices.index(q.answer) + 1)
        window.quiz_panel.reveal_or_next()
    assert quiz.score == (total - 1, total)
    text = window.quiz_panel.question_text
    assert f"{total - 1}" in text and f"{total}" in text
    assert window.quiz_panel.score_text == quiz.score_text(window.content_language.current)
    # The walk ended where the scenario ends.
    assert window.controller is not None and window.controller.session.current == quiz.questions[-1].answer
    _press(window, Qt.Key.Key_Space)  # the last Space leaves
    assert not window.quiz_panel.active


def test_questions_follow_the_content_language(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    assert window.start_quiz("tours", seed=0)
    window.content_language.set("de")
    assert window.quiz_panel.question_text.startswith(("Wohin führt", "Was passiert"))
    window.content_language.set("en")
    assert window.quiz_panel.question_text.startswith(("Where does", "What happens"))
    window.quiz_panel.leave()


def test_quiz_screenshot(qtbot, make_window, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window, 1920, 1080)
    window.setGeometry(0, 0, 1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    window.content_language.set("en")
    assert window.start_quiz("tours", seed=5)
    quiz = _quiz(window)
    qtbot.wait(50)
    assert window.grab().save(str(artifacts_dir / "quiz_question.png"))  # the question open, nothing given away
    _press(window, Qt.Key.Key_Space)  # reveal the first question
    _press(window, Qt.Key.Key_Space)  # on to the second
    q = quiz.current
    assert q is not None
    wrong = next(n for n, c in enumerate(q.choices, start=1) if c != q.answer)
    window.quiz_panel.answer_numbered(wrong)
    qtbot.wait(50)
    assert window.grab().save(str(artifacts_dir / "quiz.png"))
    assert (artifacts_dir / "quiz.png").stat().st_size > 10_000


def test_presenting_keeps_the_question_of_a_running_quiz_on_screen(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    assert window.start_quiz("tours", seed=3)
    window.presentation_action.setChecked(True)
    # Everything else goes (menus, the other docks); the class still reads the question.
    assert window.presentation.active and not window.menuBar().isVisible()
    assert window.quiz_dock.isVisible()
    assert not any(d.isVisible() for d in window.docks() if d is not window.quiz_dock)
    window.presentation_action.setChecked(False)
    window.quiz_panel.leave()
    window.presentation_action.setChecked(True)
    assert not any(d.isVisible() for d in window.docks())  # no quiz: canvas and session bar only
    window.presentation_action.setChecked(False)
