"""Work that scales with the machine runs off the UI thread: a big machine's analysis, an export's layout.

Each test observes the background work through the window's signals and its
``analysis_pending`` property (a job's result is delivered through the event
loop, so right after the call that started it the job cannot have reported
yet); none measures time.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

import explorer.layout
import explorer.ui.jobs
from explorer.analysis import analyse
from explorer.errors import LayoutCancelled
from explorer.findings import findings
from explorer.generate import generate_machine, machine_to_yaml
from explorer.model import Machine
from explorer.ui.main_window import BACKGROUND_ANALYSIS_STATES

from .conftest import open_window

#: Big enough for the background analysis, small enough for a quick test.
BIG = 2000


def _write(path: Path, machine: Machine) -> Path:
    path.write_text(machine_to_yaml(machine), encoding="utf-8")
    return path


@pytest.fixture
def slow_graphviz(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Graphviz that answers only when cancelled (a slow layout): the tests look at everything else.

    Returns the engines it was asked to run, in order.
    """
    asked: list[str] = []

    def wait_for_cancel(source: str, engine: str, cancel: threading.Event | None = None,
                        timeout: float | None = None) -> dict[str, object]:
        asked.append(engine)
        assert cancel is not None, "every layout of the window can be cancelled"
        cancel.wait(120)
        raise LayoutCancelled("layout cancelled")

    monkeypatch.setattr(explorer.layout, "run_graphviz", wait_for_cancel)
    return asked


def _settle(window) -> None:  # type: ignore[no-untyped-def]
    """Stop the layouts still running and let every job of the pool end, then deliver what they said."""
    window.cancel_layout()
    assert QThreadPool.globalInstance().waitForDone(60000)
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


def test_a_big_machine_is_analysed_in_the_background(qtbot, make_window, tmp_path: Path,
                                                    slow_graphviz: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert BIG > BACKGROUND_ANALYSIS_STATES
    machine = generate_machine(BIG, "random", 3)
    path = _write(tmp_path / "big.yaml", machine)
    window, record = make_window()
    started: list[str] = []
    window.analysis_started.connect(started.append)

    # Read on the UI thread here, so that open_file returns with the machine shown.
    assert window.open_file(path, background=False)
    assert window.machine is not None and len(window.machine.states) == BIG
    assert started == [str(path.resolve())]
    assert window.analysis_pending and window.analysis is None
    assert record.layouts  # the layout was asked for too, and runs beside the analysis
    assert window.defects_panel.findings == ()
    assert not window.analysis_label.isHidden()  # the status bar says the machine is being analysed
    assert str(BIG) in window.analysis_label.text().replace(",", "")

    with qtbot.waitSignal(window.analysis_finished, timeout=60000):
        pass
    expected = analyse(window.machine)
    assert window.analysis == expected
    assert window.findings == findings(window.machine, expected, window.language())
    assert window.defects_panel.findings == window.findings and window.findings
    assert not window.analysis_pending and window.analysis_label.isHidden()
    _settle(window)


def test_a_small_machine_is_analysed_at_once(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    machine = generate_machine(40, "random", 3)
    path = _write(tmp_path / "small.yaml", machine)
    window, _record = make_window()
    started: list[str] = []
    window.analysis_started.connect(started.append)
    assert window.open_file(path, background=False)
    assert started == [] and not window.analysis_pending
    assert window.analysis == analyse(window.machine)
    assert window.defects_panel.findings == window.findings
    _settle(window)


def test_a_reload_during_the_analysis_drops_the_stale_result(qtbot, make_window, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              slow_graphviz: list[str]) -> None:  # type: ignore[no-untyped-def]
    size = BACKGROUND_ANALYSIS_STATES + 100  # analysed in the background, and quick to read
    first = generate_machine(size, "structured", 1)
    second = generate_machine(size + 7, "random", 2)
    path = _write(tmp_path / "machine.yaml", first)
    # The first version's analysis waits until the second is shown and analysed.
    release = threading.Event()
    real = explorer.ui.jobs.analyse
    held: list[Machine] = []

    def slow_for_the_first(machine: Machine):  # type: ignore[no-untyped-def]
        if len(machine.states) == size:
            held.append(machine)
            release.wait(60)
        return real(machine)

    monkeypatch.setattr(explorer.ui.jobs, "analyse", slow_for_the_first)
    window, _record = make_window()
    arrived: list[object] = []
    window.analysis_finished.connect(lambda: arrived.append(window.analysis))
    assert window.open_file(path, background=False)
    assert window.analysis_pending

    _write(path, second)
    with qtbot.waitSignal(window.machine_loaded, timeout=60000):
        assert window.reload()
    assert window.machine is not None and len(window.machine.states) == size + 7
    with qtbot.waitSignal(window.analysis_finished, timeout=60000):
        pass
    release.set()
    _settle(window)  # the first version's job has ended and reported: dropped
    assert held and len(held[0].states) == size
    assert arrived == [analyse(window.machine)]
    assert window.analysis == analyse(window.machine)
    assert all(window.machine.has_state(i) or window.machine.has_transition(i)
               for f in window.findings for i in f.ids)


def test_an_export_runs_its_layouts_as_jobs_off_the_ui_thread(qtbot, make_window, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, make_window, activate=False)
    real = explorer.layout.run_graphviz
    threads: list[bool] = []

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(explorer.layout, "run_graphviz", recording)
    asked: list[object] = []
    busy_while_laying_out: list[bool] = []

    def on_started(options: object) -> None:
        asked.append(options)
        busy_while_laying_out.append(window.export_running and not window.cancel_button.isHidden())

    window.export_layout_started.connect(on_started)
    out = tmp_path / "picture.svg"
    assert window.export_document_picture(out)
    assert out.stat().st_size > 0
    assert asked and all(busy_while_laying_out)
    assert threads and not any(threads)  # every Graphviz run of the export ran in a worker thread
    assert not window.export_running and window.cancel_button.isHidden()


def test_an_export_can_be_cancelled(qtbot, make_window, tmp_path: Path, slow_graphviz: list[str]) -> None:  # type: ignore[no-untyped-def]
    from explorer import BUNDLED_MACHINE
    from explorer.io.machine_yaml import load_machine

    window, record = make_window()
    machine = load_machine(BUNDLED_MACHINE)
    path = _write(tmp_path / "machine.yaml", machine)
    assert window.open_file(path, background=False)
    # Cancel as a user would: the status bar's Cancel button, once the export's layout is running.
    window.export_layout_started.connect(lambda _options: window.cancel_button.click())
    out = tmp_path / "picture.pdf"
    assert not window.export_document_picture(out, paper="a4")
    assert not out.exists()
    assert record.errors == []  # cancelled is not a failure
    assert not window.export_running
    assert window.statusBar().currentMessage() == "Export cancelled"
    assert slow_graphviz  # the export's layout did start, in the background, before it was cancelled
    _settle(window)
