"""The quiz dock: a class guesses where each way out leads, the canvas shows the answer.

The panel shows a :class:`explorer.quiz.Quiz` (Qt-free) one question at a
time and drives the window's session along the walk: before each question
the session stands in the asked state, and moving on takes the asked way
out. While a question is open the canvas does not give the answer away: the
window drops the session's ways out and path from its highlight
(:meth:`QuizPanel.session_changes`, also after a reveal: the
other ways out may be the next questions), the asked way out's label stands out
with a calm line, and the choices are outlined. Answering or revealing
restyles the canvas (the quiz rows of ``style.OVERLAYS``, fed through
``MainWindow.set_overlay_ids``): the right state filled and ringed, the way
out drawn to it, a wrong pick marked. Nothing is laid out again.

Keys (while the quiz runs, wherever the focus is in the window): 1-4 answer,
Space or Enter reveal and then go on, Esc leaves. Questions and answers use
the machine's content language (the window's ContentLanguage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from explorer.quiz import MAX_CHOICES, Question, Quiz
from explorer.ui import style as st
from explorer.ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

#: The panel's own words (the UI language; the questions follow the content language), marked for lupdate
#: and translated where shown, so the translator installed at start applies.
_WORDS = {
    "title": QT_TRANSLATE_NOOP("QuizPanel", "Quiz"),
    "source_tours": QT_TRANSLATE_NOOP("QuizPanel", "Tours: every way out once"),
    "source_scenario": QT_TRANSLATE_NOOP("QuizPanel", "Scenario: {name}"),
    "progress": QT_TRANSLATE_NOOP("QuizPanel", "Question {number} of {total}"),
    "reveal": QT_TRANSLATE_NOOP("QuizPanel", "Reveal (Space)"),
    "next": QT_TRANSLATE_NOOP("QuizPanel", "Next (Space)"),
    "finish": QT_TRANSLATE_NOOP("QuizPanel", "Finish (Space)"),
    "leave": QT_TRANSLATE_NOOP("QuizPanel", "Leave quiz (Esc)"),
    "empty": QT_TRANSLATE_NOOP("QuizPanel", "This walk asks nothing: the start has no way out."),
}


def _word(key: str) -> str:
    """The panel's word ``key`` in the UI language."""
    return QCoreApplication.translate("QuizPanel", _WORDS[key])


class QuizPanel(QWidget):
    """Asks the questions of a quiz and shows the answers on the window's canvas."""

    #: The quiz ended and the panel let go of the canvas (Esc, the button, or a new machine).
    left = Signal()
    #: A question was answered or revealed: (question number, right or not; False when only revealed).
    answered = Signal(int, bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.quiz: Quiz | None = None
        self._keys = _QuizKeys(self)

        box = QVBoxLayout(self)
        self._source_label = QLabel(self)
        self._progress_label = QLabel(self)
        self._question_label = QLabel(self)
        self._question_label.setWordWrap(True)
        font = self._question_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._question_label.setFont(font)
        box.addWidget(self._source_label)
        box.addWidget(self._progress_label)
        box.addWidget(self._question_label)
        #: One button per choice; key n answers with button n.
        self.choice_buttons: list[QPushButton] = []
        for n in range(1, MAX_CHOICES + 1):
            button = QPushButton(self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys answer; focus would let Space click
            button.setStyleSheet("text-align: left; padding: 6px;")
            button.setFont(font)
            button.setAccessibleName(self.tr("Choice %1").replace("%1", str(n)))
            button.clicked.connect(lambda _c=False, n=n: self.answer_numbered(n))
            self.choice_buttons.append(button)
            box.addWidget(button)
        self._result_label = QLabel(self)
        self._result_label.setWordWrap(True)
        self._result_label.setFont(font)
        box.addWidget(self._result_label)
        self._score_label = QLabel(self)
        score_font = self._score_label.font()
        score_font.setPointSizeF(score_font.pointSizeF() * 1.3)
        self._score_label.setFont(score_font)
        box.addWidget(self._score_label)
        row = QHBoxLayout()
        self._next_button = QPushButton(_word("reveal"), self)
        self._next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._next_button.clicked.connect(self.reveal_or_next)
        self._leave_button = QPushButton(_word("leave"), self)
        self._leave_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._leave_button.clicked.connect(self.leave)
        row.addWidget(self._next_button)
        row.addWidget(self._leave_button)
        box.addLayout(row)
        box.addStretch(1)
        for widget, name in ((self._question_label, "Quiz question"), (self._result_label, "Quiz answer"),
                             (self._score_label, "Quiz score"), (self._next_button, "Reveal or next question"),
                             (self._leave_button, "Leave the quiz")):
            widget.setAccessibleName(name)
        window.content_language.changed.connect(lambda _lang: self._show())

    # -- state -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """A quiz is running (the panel owns the quiz keys and the quiz marks)."""
        return self.quiz is not None

    @property
    def score_text(self) -> str:
        return self._score_label.text()

    @property
    def question_text(self) -> str:
        return self._question_label.text()

    @property
    def result_text(self) -> str:
        return self._result_label.text()

    def session_changes(self) -> dict[str, object]:
        """What the window's highlight leaves out while a question is asked: the ways
        out and a path would point at the answer (and, once it is revealed, at the
        answers of the questions still to come from the same state)."""
        if self.quiz is None or self.quiz.current is None:
            return {}
        return {"available": frozenset(), "path": (), "path_target": None}

    def _lang(self) -> str:
        return self._window.content_language.current

    # -- running -------------------------------------------------------------------------

    def start(self, quiz: Quiz) -> None:
        """Ask ``quiz`` from its first question; the session walks along."""
        if self.quiz is not None:
            self._release()
        self.quiz = quiz
        w = self._window
        for name in st.QUIZ_OVERLAYS:
            w.overlay_actions[name].setChecked(True)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._keys)
        self._source_label.setText(_word("source_tours") if quiz.name == "tours"
                                   else _word("source_scenario").format(name=quiz.name or "—"))
        self._go_to_question()

    def answer_numbered(self, n: int) -> bool | None:
        """Answer with choice ``n`` (1-based); whether it was right (None: no such choice now)."""
        q = self._question()
        if q is None or not 1 <= n <= len(q.choices) or self.quiz is None or self.quiz.revealed:
            return None
        right = self.quiz.answer(q.choices[n - 1])
        self.answered.emit(q.number, right)
        self._show()
        return right

    def reveal_or_next(self) -> None:
        """Space/Enter: show the answer, or, once shown, take the way out and ask the next question."""
        quiz = self.quiz
        q = self._question()
        if quiz is None:
            return
        if q is None:
            self.leave()  # the score has been read: Space after the last question ends the quiz
            return
        if not quiz.revealed:
            quiz.reveal()
            self.answered.emit(q.number, False)
            self._show()
            return
        self._stand_in(q.source)
        controller = self._window.controller
        if controller is not None:
            controller.fire(q.transition)
        quiz.next()
        self._go_to_question()

    def leave(self) -> None:
        """End the quiz: the canvas and the keys go back to the session."""
        if self.quiz is None:
            return
        self._release()
        self.left.emit()

    def _release(self) -> None:
        self.quiz = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._keys)
        w = self._window
        for name in st.QUIZ_OVERLAYS:
            w.overlay_actions[name].setChecked(False)
        w.set_overlay_id_sets(dict.fromkeys(st.QUIZ_OVERLAYS))

    # -- showing ---------------------------------------------------------------------------

    def _question(self) -> Question | None:
        if self.quiz is None:
            return None
        if self._window.machine is not self.quiz.machine:
            # A new machine (or a reload) came: the questions name ids it may not have.
            self.leave()
            return None
        return self.quiz.current

    def _stand_in(self, state_id: str) -> None:
        """Put the session in ``state_id`` (a tour starts again from the start; the user may have clicked)."""
        controller = self._window.controller
        if controller is None or controller.session.current != state_id:
            self._window.start_session_at(state_id)

    def _go_to_question(self) -> None:
        q = self._question()
        if q is not None:
            self._stand_in(q.source)
        self._show()

    def _show(self) -> None:
        quiz = self.quiz
        if quiz is None:
            return
        lang = self._lang()
        m = quiz.machine
        q = quiz.current
        total = len(quiz.questions)
        if q is None:
            self._progress_label.setText("")
            self._question_label.setText(quiz.score_text(lang) if total else _word("empty"))
            for button in self.choice_buttons:
                button.hide()
            self._result_label.setText("")
            self._score_label.setText(quiz.score_text(lang))
            self._next_button.setText(_word("leave"))
            self._set_marks(asked=None, choices=None, answer=None, wrong=None)
            return
        self._progress_label.setText(_word("progress").format(number=q.number, total=total))
        self._question_label.setText(quiz.question_text(q, lang))
        revealed = quiz.revealed
        picked = quiz.picked.get(q.number)
        for n, button in enumerate(self.choice_buttons, start=1):
            if n > len(q.choices):
                button.hide()
                continue
            choice = q.choices[n - 1]
            mark = ""
            if revealed and choice == q.answer:
                mark = "  ✓"
            elif revealed and choice == picked:
                mark = "  ✗"
            button.setText(f"{n}   {m.state_label(choice, lang)}{mark}")
            button.setAccessibleName(self.tr("Choice %1: %2").replace("%1", str(n)).replace("%2", m.state_label(choice, lang)))
            button.setEnabled(not revealed or choice in (q.answer, picked))
            button.show()
        self._result_label.setText(quiz.result_text(q, lang) if revealed else "")
        self._score_label.setText(quiz.score_text(lang))
        self._next_button.setText(_word("reveal") if not revealed
                                  else _word("finish") if q.number == total else _word("next"))
        if revealed:
            wrong = picked if picked is not None and picked != q.answer else None
            self._set_marks(asked=None, choices=None, answer=q.answer, wrong=wrong, revealed=q.transition)
        else:
            self._set_marks(asked=q.transition, choices=q.choices, answer=None, wrong=None)

    def _set_marks(self, *, asked: str | None, choices: tuple[str, ...] | None, answer: str | None,
                   wrong: str | None, revealed: str | None = None) -> None:
        self._window.set_overlay_id_sets({
            "quiz_asked": {asked} if asked else None,
            "quiz_choices": set(choices) if choices else None,
            "quiz_answer": {answer} if answer else None,
            "quiz_wrong": {wrong} if wrong else None,
            "quiz_revealed": {revealed} if revealed else None,
        })


class _QuizKeys(QObject):
    """Takes the quiz keys before the window's shortcuts (1-9 would fire a way out) while a quiz runs."""

    def __init__(self, panel: QuizPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        panel = self._panel
        if not panel.active or not isinstance(watched, QWidget) or watched.window() is not panel._window:
            return False
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        action = None
        if Qt.Key.Key_1 <= key < Qt.Key.Key_1 + MAX_CHOICES:
            action = lambda: panel.answer_numbered(key - Qt.Key.Key_0)  # noqa: E731
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            action = panel.reveal_or_next
        elif key == Qt.Key.Key_Escape:
            action = panel.leave
        if action is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
            action()
        return True
