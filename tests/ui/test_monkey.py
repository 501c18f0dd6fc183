"""The monkey test: 2,000 random actions on the real window, from a fixed seed, and not one failure.

Menus, number keys, back and forward, language/engine/direction switches,
clicks and right-clicks anywhere on the canvas (also while a layout runs),
the clock, and saves of the open file that alternate between good and
broken versions. Failures are counted through ``sys.excepthook`` and Qt's
message handler (see explorer.ui.monkey); the longer run with memory per
1,000 actions is ``python -m explorer.ui.bench_hooks monkey``.
"""

from __future__ import annotations

from pathlib import Path

from explorer.ui.monkey import WEIGHTS, Monkey

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONSOLE_TEXT = (FIXTURES / "good" / "console.yaml").read_text(encoding="utf-8")

#: Good and broken versions of the open file, in the order the monkey saves them.
VERSIONS = [
    "# saved again\n" + CONSOLE_TEXT,
    "name: [unclosed\n",
    # The second step of most walks (waiting -> active) now leaves another state: traces are cut.
    CONSOLE_TEXT.replace("  - id: pick-up\n    from: waiting\n", "  - id: pick-up\n    from: connecting\n"),
    CONSOLE_TEXT.replace("    to: deleted\n", "    to: nowhere\n", 1),  # an unknown state
    # Other ids: the picture still shown while this version is laid out names states that are gone.
    CONSOLE_TEXT.replace("active", "running").replace("waiting", "queued"),
    CONSOLE_TEXT,
]
ACTIONS = 2000
SEED = 9


def test_two_thousand_random_actions_raise_nothing(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert all(v != CONSOLE_TEXT for v in VERSIONS[:5])
    window, record = make_window()
    window.resize(1000, 700)
    window.show()
    window.activateWindow()
    path = tmp_path / "console.yaml"
    path.write_text(CONSOLE_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(path)

    monkey = Monkey(window, path, VERSIONS, seed=SEED)
    report = monkey.run(ACTIONS)
    assert monkey.settle()

    assert report.actions == ACTIONS
    assert report.exceptions == [] and report.qt_errors == [], report.summary()
    # The run did what it claims: every kind of action, clicks during layouts, broken files shown.
    assert set(report.kinds) == set(WEIGHTS)
    assert min(report.kinds.values()) >= 20, report.summary()
    assert report.clicks_during_layout > 0, report.summary()
    errors = record.take_errors()
    assert any("could not be opened" in title for title, _, _ in errors), report.summary()
    # The window still works: the file as it is now is open and drawn, and a click selects.
    path.write_text(CONSOLE_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.reload()
    assert window.machine is not None and window.scene is not None and not window.scene.retired
    assert set(window.scene.item_for_state) == {s.id for s in window.machine.states}
    record.take_errors()


def test_the_bench_option_reports_exceptions_and_memory(qtbot) -> None:  # type: ignore[no-untyped-def]
    from explorer.ui.bench_hooks import run_option

    text = run_option(["monkey", "--actions", "40", "--seed", "3"])
    assert text.startswith("40 actions, 0 exceptions, 0 Qt errors")
    assert "memory (MiB) every 1,000 actions: " in text
