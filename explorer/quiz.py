"""A quiz for a class: where does each way out lead?

A trainer walks the class through a machine; the quiz turns each step of a
walk into a question, "Where does <trigger> lead from <state>?" (or "What
happens after the timeout in <state>?"), with the right target among up to
three plausible wrong ones: other targets of the same state first (the ones a
class confuses), then the neighbours (where those lead, where the state was
reached from), then any state. Choices are drawn with a seeded random
generator, so the same quiz comes out the same each run (a trainer can
prepare it, a test can check it).

The walk comes from a scenario (:meth:`Quiz.from_scenario`, replayed on the
machine) or from the generated tours (:meth:`Quiz.from_tours`), or is given as
transition ids. This module holds no Qt: the window's quiz panel shows a
:class:`Quiz` and restyles the canvas from its ids.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.errors import MachineError
from explorer.model import Machine

#: The most choices a question offers (keys 1-4 answer).
MAX_CHOICES = 4

#: The question texts, in the machine's content language (English when the language has none).
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ask": "Where does “{trigger}” lead from “{state}”?",
        "ask_timeout": "What happens after the timeout ({duration}) in “{state}”?",
        "right": "Right: “{trigger}” leads to “{target}”.",
        "wrong": "Not quite: “{trigger}” leads to “{target}”, not to “{picked}”.",
        "shown": "“{trigger}” leads to “{target}”.",
        "score": "{correct} of {asked} right",
        "done": "Quiz done: {correct} of {asked} right.",
    },
    "de": {
        "ask": "Wohin führt „{trigger}“ aus „{state}“?",
        "ask_timeout": "Was passiert nach Ablauf der Zeit ({duration}) in „{state}“?",
        "right": "Richtig: „{trigger}“ führt zu „{target}“.",
        "wrong": "Nicht ganz: „{trigger}“ führt zu „{target}“, nicht zu „{picked}“.",
        "shown": "„{trigger}“ führt zu „{target}“.",
        "score": "{correct} von {asked} richtig",
        "done": "Quiz beendet: {correct} von {asked} richtig.",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """The quiz sentence ``key`` in ``lang`` (English when ``lang`` has no sentences)."""
    return TEXTS.get(lang, TEXTS["en"])[key].format(**values)


@dataclass(frozen=True)
class Question:
    """One step of the walk, asked: where does ``transition`` lead from ``source``?"""

    #: 1-based position in the quiz.
    number: int
    source: str
    transition: str
    #: The right answer: the transition's target.
    answer: str
    #: State ids to pick from, the answer among them, in the order shown (keys 1-4).
    choices: tuple[str, ...]
    #: The way out is a timeout: the question asks what happens when time runs out.
    timeout: bool = False


def _distractors(machine: Machine, source: str, answer: str, rng: random.Random) -> list[str]:
    """Up to MAX_CHOICES - 1 wrong states, the plausible ones first.

    Each tier is shuffled on its own, so a class cannot learn the order; the
    tiers keep the wrong answers close to the question.
    """
    seen = {answer}
    out: list[str] = []

    def take(candidates: Iterable[str]) -> None:
        pool = [c for c in dict.fromkeys(candidates) if c not in seen]
        rng.shuffle(pool)
        for c in pool:
            if len(out) == MAX_CHOICES - 1:
                return
            seen.add(c)
            out.append(c)

    siblings = [t.target for t in machine.outgoing(source)]
    take(siblings)
    neighbours = [source]
    neighbours += [t.source for t in machine.incoming(source)]
    neighbours += [t.target for s in siblings for t in machine.outgoing(s)]
    neighbours += [t.target for t in machine.outgoing(answer)]
    take(neighbours)
    take(sorted(s.id for s in machine.states))
    return out


class Quiz:
    """Questions over a walk, the answers given so far and the score.

    ``walk`` is a list of transition ids; each must leave the state the walk
    is in (``start`` before the first), except that a step may begin a new
    walk from ``start`` (tours are several walks from the same start).
    ``once`` asks a way out only the first time the walk takes it.
    """

    def __init__(self, machine: Machine, start: str, walk: Sequence[str], *, seed: int = 0,
                 once: bool = True, name: str = "") -> None:
        if not machine.has_state(start):
            raise MachineError(f"the quiz starts in {start!r}, which the machine lacks")
        self.machine = machine
        self.start = start
        self.name = name
        rng = random.Random(seed)
        questions: list[Question] = []
        asked: set[str] = set()
        here = start
        for tid in walk:
            t = machine.transition(tid)
            if t.source != here and t.source != start:
                raise MachineError(f"the walk takes {tid!r} from {t.source!r}, but it is in {here!r}")
            here = t.target
            if once and tid in asked:
                continue
            asked.add(tid)
            choices = [t.target, *_distractors(machine, t.source, t.target, rng)]
            rng.shuffle(choices)
            questions.append(Question(len(questions) + 1, t.source, tid, t.target, tuple(choices), t.is_timeout))
        self.questions: tuple[Question, ...] = tuple(questions)
        self._index = 0
        #: The choice given to each question answered so far, by question number.
        self.picked: dict[int, str] = {}
        #: Questions whose answer was shown (answered or not).
        self._shown: set[int] = set()

    @classmethod
    def from_tours(cls, machine: Machine, *, seed: int = 0) -> Quiz:
        """A quiz over the generated tours (every reachable way out, asked once)."""
        from explorer.tours import plan_tours

        plan = plan_tours(machine)
        walk = [tid for tour in plan.tours for tid in tour]
        return cls(machine, plan.start, walk, seed=seed, name="tours")

    @classmethod
    def from_scenario(cls, machine: Machine, scenario: object, *, seed: int = 0,
                      default_timeout: float | None = None) -> Quiz:
        """A quiz over the steps a scenario takes (replayed: waits become the timeouts they fire).

        Raises the replay's ScenarioStepError when a step does not apply.
        """
        from explorer.replay import replay

        result = replay(scenario, machine, default_timeout=default_timeout)  # type: ignore[arg-type]
        walk = [step.transition for record in result.records for step in record.fired]
        name = getattr(scenario, "name", "") or ""
        return cls(machine, result.start, walk, seed=seed, once=False, name=name)

    # -- progress ------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        """The question being asked, or None when the quiz is done."""
        return self.questions[self._index] if self._index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self._index >= len(self.questions)

    @property
    def revealed(self) -> bool:
        """The current question's answer is shown (answered or revealed without an answer)."""
        q = self.current
        return q is not None and (q.number in self.picked or q.number in self._shown)

    def answer(self, choice: str) -> bool:
        """Answer the current question with state id ``choice``; True when right.

        Only the first answer counts: a second one is ignored (and returns
        whether the first was right), so the score cannot be improved by guessing.
        """
        q = self.current
        if q is None:
            raise MachineError("the quiz is done: there is no question to answer")
        if choice not in q.choices:
            raise MachineError(f"{choice!r} is not one of the choices of question {q.number}")
        if q.number not in self.picked and q.number not in self._shown:
            self.picked[q.number] = choice
        return self.picked.get(q.number) == q.answer

    def reveal(self) -> None:
        """Show the current answer without answering (it then counts as asked, not right)."""
        q = self.current
        if q is not None:
            self._shown.add(q.number)

    def next(self) -> Question | None:
        """On to the next question (the current one counts as asked); None when done."""
        if self.current is not None:
            self.reveal()
            self._index += 1
        return self.current

    @property
    def correct(self) -> int:
        return sum(1 for q in self.questions if self.picked.get(q.number) == q.answer)

    @property
    def asked(self) -> int:
        """Questions answered or revealed so far."""
        return len(set(self.picked) | self._shown)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, asked)."""
        return self.correct, self.asked

    # -- words ---------------------------------------------------------------

    def question_text(self, q: Question, lang: str) -> str:
        """The question in the content language ``lang``."""
        m = self.machine
        state = m.state_label(q.source, lang)
        t = m.transition(q.transition)
        if q.timeout and t.timeout is not None:
            from explorer import durations

            return text("ask_timeout", lang, state=state, duration=durations.compact(t.timeout.seconds))
        return text("ask", lang, trigger=m.trigger_label(q.transition, lang), state=state)

    def result_text(self, q: Question, lang: str) -> str:
        """What the reveal says: right, wrong (and what was picked), or just the answer."""
        m = self.machine
        values = {"trigger": m.trigger_label(q.transition, lang), "target": m.state_label(q.answer, lang)}
        picked = self.picked.get(q.number)
        if picked is None:
            return text("shown", lang, **values)
        if picked == q.answer:
            return text("right", lang, **values)
        return text("wrong", lang, picked=m.state_label(picked, lang), **values)

    def score_text(self, lang: str) -> str:
        key = "done" if self.finished else "score"
        return text(key, lang, correct=self.correct, asked=self.asked)
