"""The quiz model: questions over a walk, plausible choices, the score, the content language."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.errors import MachineError
from explorer.io.machine_yaml import load_machine
from explorer.io.scenario import load_scenario
from explorer.model import Machine, State, Text, Timeout, Transition
from explorer.quiz import MAX_CHOICES, Quiz
from explorer.tours import plan_tours

SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"


def _machine() -> Machine:
    def s(i: str) -> State:
        return State(i, Text.of({"en": i.upper(), "de": i.upper() + "-de"}))

    def t(i: str, a: str, b: str, trig: str, timeout: Timeout | None = None) -> Transition:
        return Transition(i, a, b, Text.of({"en": trig, "de": trig + " (de)"}), timeout=timeout)

    return Machine(
        "m", "a", tuple(s(x) for x in "abcdef"),
        (t("ab", "a", "b", "go"), t("ac", "a", "c", "stop"), t("bd", "b", "d", "on"),
         t("be", "b", "e", "off", Timeout(seconds=90)), t("ef", "e", "f", "end"), t("da", "d", "a", "back")),
        language="en",
    )


def test_each_step_is_a_question_with_the_target_among_plausible_choices() -> None:
    m = _machine()
    quiz = Quiz(m, "a", ["ab", "bd", "da", "ac"])
    assert [q.transition for q in quiz.questions] == ["ab", "bd", "da", "ac"]
    for q in quiz.questions:
        t = m.transition(q.transition)
        assert q.source == t.source and q.answer == t.target
        assert q.answer in q.choices and len(set(q.choices)) == len(q.choices) == MAX_CHOICES
    # The other target of the same state is always offered: the mistake a class makes.
    first = quiz.questions[0]
    assert "c" in first.choices


def test_choices_are_reproducible_and_depend_on_the_seed() -> None:
    m = _machine()
    walk = ["ab", "bd", "da", "ac"]
    same = [q.choices for q in Quiz(m, "a", walk, seed=7).questions]
    assert same == [q.choices for q in Quiz(m, "a", walk, seed=7).questions]
    others = {tuple(q.choices for q in Quiz(m, "a", walk, seed=s).questions) for s in range(10)}
    assert len(others) > 1


def test_answers_score_and_finish() -> None:
    quiz = Quiz(_machine(), "a", ["ab", "bd", "da"])
    q1 = quiz.current
    assert q1 is not None and quiz.score == (0, 0)
    assert quiz.answer(q1.answer)
    # A second answer does not change the first.
    wrong1 = next(c for c in q1.choices if c != q1.answer)
    assert quiz.answer(wrong1) and quiz.score == (1, 1)
    q2 = quiz.next()
    assert q2 is not None and q2.number == 2
    wrong = next(c for c in q2.choices if c != q2.answer)
    assert not quiz.answer(wrong)
    assert quiz.score == (1, 2)
    # Revealed without an answer: asked, not right.
    quiz.next()
    quiz.reveal()
    assert quiz.revealed and quiz.score == (1, 3)
    assert quiz.next() is None and quiz.finished
    assert quiz.score_text("en") == "Quiz done: 1 of 3 right."
    with pytest.raises(MachineError):
        quiz.answer("a")


def test_a_choice_not_offered_is_refused() -> None:
    quiz = Quiz(_machine(), "a", ["ab"])
    q = quiz.current
    assert q is not None
    outside = next(s.id for s in _machine().states if s.id not in q.choices)
    with pytest.raises(MachineError):
        quiz.answer(outside)


def test_a_walk_that_does_not_follow_the_machine_is_refused() -> None:
    with pytest.raises(MachineError):
        Quiz(_machine(), "a", ["ab", "ef"])


def test_questions_use_the_content_language_and_timeouts_ask_what_happens() -> None:
    quiz = Quiz(_machine(), "a", ["ab", "be"])
    q1, q2 = quiz.questions
    assert quiz.question_text(q1, "en") == "Where does “go” lead from “A”?"
    assert quiz.question_text(q1, "de") == "Wohin führt „go (de)“ aus „A-de“?"
    assert q2.timeout
    assert quiz.question_text(q2, "en") == "What happens after the timeout (90 s) in “B”?"
    quiz.answer(q1.answer)
    assert quiz.result_text(q1, "de") == "Richtig: „go (de)“ führt zu „B-de“."


def test_tours_quiz_asks_every_reachable_way_out_once() -> None:
    m = load_machine(BUNDLED_MACHINE)
    quiz = Quiz.from_tours(m)
    plan = plan_tours(m)
    taken = {tid for tour in plan.tours for tid in tour}
    assert sorted(q.transition for q in quiz.questions) == sorted(taken)
    assert quiz.start == plan.start


def test_scenario_quiz_follows_the_scenario_steps() -> None:
    m = load_machine(BUNDLED_MACHINE)
    scenario = load_scenario(SCENARIOS / "classroom_walk.yaml")
    quiz = Quiz.from_scenario(m, scenario)
    from explorer.replay import replay

    fired = [s.transition for r in replay(scenario, m).records for s in r.fired]
    assert [q.transition for q in quiz.questions] == fired
    assert quiz.questions
