"""Generated machines for benchmarks and scale tests.

:func:`generate_machine` builds a seeded :class:`~explorer.model.Machine` of
any size that looks like a real one to Graphviz and to the canvas: German and
English labels of realistic length (two to five words for states, three to six
for triggers), a few final states, some timeout edges, about three transitions
per state. Two shapes:

- ``structured``: transitions mostly join states a few steps apart, with a
  forward spine, as in real flows (dot lays these out quickly);
- ``random``: uniform targets, the worst case for dot's crossing reduction.

The bench writes a generated machine with the one machine writer,
:func:`explorer.io.machine_yaml.dump_machine`, to measure loading the same
machine from text.
"""

from __future__ import annotations

import random
from typing import Literal

from explorer.io.machine_yaml import dump_machine
from explorer.model import Machine, State, Text, Timeout, Transition

Shape = Literal["structured", "random"]
SHAPES: tuple[Shape, ...] = ("structured", "random")

# Word pairs (German, English) with German's longer compounds, so wrapping
# and box sizes are as uneven as in the real console machine.
_NOUNS = (
    ("Verbindung", "connection"), ("Sitzung", "session"), ("Warteschlange", "queue"),
    ("Technikerkonsole", "technician console"), ("Kunde", "customer"), ("Applet", "applet"),
    ("Bildschirmfreigabe", "screen sharing"), ("Dateiübertragung", "file transfer"),
    ("Einladung", "invitation"), ("Zeitüberschreitung", "timeout"), ("Sicherheitsabfrage", "security prompt"),
    ("Berechtigung", "permission"), ("Protokoll", "log"), ("Anfrage", "request"), ("Gerät", "device"),
    ("Neustart", "restart"), ("Übergabe", "handover"), ("Rückruf", "callback"), ("Kanal", "channel"),
)
_VERBS = (
    ("wird hergestellt", "is being established"), ("wartet", "waits"), ("gelöscht", "deleted"),
    ("angenommen", "accepted"), ("abgelehnt", "rejected"), ("beendet", "ended"), ("gestartet", "started"),
    ("übertragen", "transferred"), ("unterbrochen", "interrupted"), ("bestätigt", "confirmed"),
    ("pausiert", "paused"), ("wiederhergestellt", "restored"),
)
_ADJECTIVES = (
    ("aktive", "active"), ("neue", "new"), ("private", "private"), ("geteilte", "shared"),
    ("getrennte", "disconnected"), ("offene", "open"), ("ferne", "remote"),
)
_ACTORS = ("technician", "customer", "administrator")
#: Timeout durations as in the seed article; None: an administrator's setting.
_TIMEOUTS = (60.0, 180.0, 300.0, 480.0, None)


def _phrase(rng: random.Random, words: int) -> Text:
    """A label of ``words`` words: adjectives and nouns, ending in a verb."""
    de: list[str] = []
    en: list[str] = []
    for i in range(words - 1):
        pool = _ADJECTIVES if i == 0 and words > 2 and rng.random() < 0.4 else _NOUNS
        d, e = rng.choice(pool)
        de.append(d)
        en.append(e)
    d, e = rng.choice(_VERBS)
    de.append(d)
    en.append(e)
    return Text.of({"de": " ".join(de), "en": " ".join(en).capitalize()})


def _target(rng: random.Random, source: int, n: int, shape: Shape, first: bool) -> int:
    if shape == "random":
        return rng.randrange(n)
    if first:
        # The spine: every state leads on to the next, so the flow reads as one.
        return min(source + 1, n - 1)
    roll = rng.random()
    if roll < 0.65:
        offset = rng.randint(1, 4)
    elif roll < 0.9:
        offset = -rng.randint(1, 3)
    elif roll < 0.95:
        offset = 0  # a self-loop, like "retry"
    else:
        offset = rng.randint(5, 12)
    return max(0, min(n - 1, source + offset))


def generate_machine(
    n_states: int,
    shape: Shape = "structured",
    seed: int = 0,
    transitions_per_state: int = 3,
) -> Machine:
    """A seeded machine of ``n_states`` states in the given ``shape``.

    The same arguments always give the same machine. About one state in
    twenty (at least one) is final; final states have no way out, so the
    average over non-final states is ``transitions_per_state``, plus or minus one per state.
    """
    if n_states < 2:
        raise ValueError("a generated machine needs at least two states")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (structured or random)")
    rng = random.Random(f"{shape}:{n_states}:{seed}:{transitions_per_state}")
    width = len(str(n_states - 1))
    ids = [f"s{i:0{width}d}" for i in range(n_states)]
    n_final = max(1, n_states // 20)
    if shape == "structured":
        # Ends of flows sit at the end, as in a real table.
        finals = set(range(n_states - n_final, n_states))
    else:
        finals = set(rng.sample(range(1, n_states), n_final))
    states = tuple(
        State(id=ids[i], label=_phrase(rng, rng.randint(2, 5)), final=i in finals) for i in range(n_states)
    )
    transitions: list[Transition] = []
    for i in range(n_states):
        if i in finals:
            continue
        count = max(1, transitions_per_state + rng.randint(-1, 1))
        for k in range(count):
            j = _target(rng, i, n_states, shape, first=k == 0)
            timeout = Timeout(rng.choice(_TIMEOUTS)) if rng.random() < 0.08 else None
            steps = tuple(_phrase(rng, rng.randint(4, 8)) for _ in range(rng.randint(0, 2)))
            transitions.append(
                Transition(
                    id=f"t{len(transitions):0{width + 1}d}",
                    source=ids[i],
                    target=ids[j],
                    trigger=_phrase(rng, rng.randint(3, 6)),
                    actor="time" if timeout else rng.choice(_ACTORS),
                    steps=steps,
                    timeout=timeout,
                )
            )
    return Machine(
        name=f"Generated {shape} machine ({n_states} states, seed {seed})",
        initial=ids[0],
        states=states,
        transitions=tuple(transitions),
        language="de",
    )


#: Kept for callers of the old name; the one machine writer is :func:`explorer.io.machine_yaml.dump_machine`.
machine_to_yaml = dump_machine
