"""A real window under Xvfb: start the program as a user would, wait for its
window, replay a scenario, and take a screenshot of the screen.

The screenshot lands in tests/artifacts/ (not committed); look at it after a
change to the UI. These tests need Xvfb, xwininfo and ImageMagick's `import`,
which `make test` installs; they fail (not skip) when those are missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from explorer import BUNDLED_MACHINE
from explorer.ui.session_controller import DEFAULT_REPLAY_DELAY_MS

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent / "artifacts"
SCENARIO = HERE.parent / "fixtures" / "scenarios" / "classroom_walk.yaml"


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    assert number, "Xvfb did not report a display number"
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for_window(display: str, title: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                              capture_output=True, text=True).stdout
        if title in tree:
            return
        time.sleep(0.25)
    raise AssertionError(f"no window titled {title!r} appeared on {display}")


def _screenshot(display: str, out: Path) -> QImage:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True)
    image = QImage(str(out))
    assert not image.isNull()
    return image


def _wait_for_still_screen(display: str, out: Path, still_for: float, timeout: float = 90.0) -> QImage:
    """Screenshots until the screen has not changed for ``still_for`` seconds; the last one.

    A still screen means the program is done: the busy indicator of a layout
    moves, and a replay changes the picture at each step, so waiting out one
    replay interval without a change means the replay has ended.
    """
    deadline = time.monotonic() + timeout
    image = _screenshot(display, out)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        latest = _screenshot(display, out)
        if latest != image:
            image, since = latest, time.monotonic()
        elif time.monotonic() - since >= still_for:
            return image
    raise AssertionError(f"the screen of {display} kept changing for {timeout:.0f} s")


def _count_near(image: QImage, colour: QColor, step: int = 4, tolerance: int = 40) -> int:
    hits = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) + abs(c.green() - colour.green())
                    + abs(c.blue() - colour.blue())) < tolerance:
                hits += 1
    return hits


def _run_program(display: str, tmp_path: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # fresh settings: no geometry from earlier runs
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return subprocess.Popen([sys.executable, "-m", "explorer", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_window_on_bundled_machine_mid_session(xvfb_display: str, tmp_path: Path) -> None:
    from explorer.ui.style import CURRENT_FILL  # the colour that marks the current state

    proc = _run_program(xvfb_display, tmp_path, str(BUNDLED_MACHINE), "--full-screen",
                        "--scenario", str(SCENARIO), "--path-to", "deleted")
    try:
        _wait_for_window(xvfb_display, "State Explorer")
        # The scenario replays step by step, DEFAULT_REPLAY_DELAY_MS apart: still for longer means done.
        image = _wait_for_still_screen(xvfb_display, ARTIFACTS / "window_mid_session.png",
                                       still_for=DEFAULT_REPLAY_DELAY_MS / 1000 + 0.8)
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0].decode(errors="replace")
    assert (image.width(), image.height()) == (1920, 1080)
    # The current state is filled with its colour: the canvas and the panel both show it.
    assert _count_near(image, QColor(CURRENT_FILL)) > 200, out


def test_window_opens_default_machine_without_arguments(xvfb_display: str, tmp_path: Path) -> None:
    proc = _run_program(xvfb_display, tmp_path)
    try:
        _wait_for_window(xvfb_display, "Rescue")
        image = _wait_for_still_screen(xvfb_display, ARTIFACTS / "window_default.png", still_for=1.0)
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    # Something was drawn: many distinct colours, not a blank screen.
    colours = {image.pixel(x, y) for y in range(0, image.height(), 8) for x in range(0, image.width(), 8)}
    assert len(colours) > 20


def _xvfb(size: tuple[int, int]) -> tuple[subprocess.Popen, str]:
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    assert number, "Xvfb did not report a display number"
    return proc, f":{number}"


def _window_size(display: str, title: str) -> tuple[int, int]:
    """The largest window whose name holds ``title``, as xwininfo reports it."""
    import re

    tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True).stdout
    sizes = [(int(w), int(h)) for line in tree.splitlines() if title in line
             for w, h in re.findall(r"\)\s+(\d+)x(\d+)\+", line)]
    assert sizes, tree
    return max(sizes, key=lambda s: s[0] * s[1])


#: The README's three screen sizes (the label-ownership tests check the scene at the same ones).
README_SIZES = ((1280, 720), (1920, 1080), (2560, 1440))


@pytest.mark.parametrize("size", README_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_window_mid_session_at_three_screen_sizes(size: tuple[int, int], tmp_path: Path) -> None:
    """The README's pictures: the bundled machine mid-session, full screen at three sizes."""
    from explorer.ui.style import CURRENT_FILL

    from tests.ui.test_label_ownership import SIZES

    assert size in SIZES
    xvfb, display = _xvfb(size)
    try:
        proc = _run_program(display, tmp_path, str(BUNDLED_MACHINE), "--full-screen",
                            "--scenario", str(SCENARIO), "--path-to", "deleted")
        try:
            _wait_for_window(display, "State Explorer")
            image = _wait_for_still_screen(display, ARTIFACTS / f"window_{size[0]}x{size[1]}.png",
                                           still_for=DEFAULT_REPLAY_DELAY_MS / 1000 + 0.8)
            window = _window_size(display, "State Explorer")
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        finally:
            proc.terminate()
            out = proc.communicate(timeout=20)[0].decode(errors="replace")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    assert (image.width(), image.height()) == size
    # Full screen: the window covers the whole screen at this size, no more (nothing cut at the bottom).
    assert window == size, (window, out)
    # Mid-session: the current state is drawn in its colour, and the screen is no blank.
    assert _count_near(image, QColor(CURRENT_FILL), step=max(4, size[0] // 480)) > 100, out
    colours = {image.pixel(x, y) for y in range(0, image.height(), 8) for x in range(0, image.width(), 8)}
    assert len(colours) > 50


@pytest.mark.parametrize("size", ((1280, 720), (1920, 1080)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_control_of_the_session_panel_is_on_the_real_screen(size: tuple[int, int], tmp_path: Path) -> None:
    """Full screen mid-session under Xvfb: the window fits the screen, and no panel control is cut or squashed."""
    import json

    from PySide6.QtCore import QRect

    xvfb, display = _xvfb(size)
    report_file = tmp_path / "geometry.json"
    env = dict(os.environ)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    try:
        done = subprocess.run([sys.executable, str(HERE / "real_window_probe.py"), str(report_file),
                               str(BUNDLED_MACHINE), "--full-screen", "--scenario", str(SCENARIO),
                               "--path-to", "deleted"],
                              env=env, capture_output=True, text=True, timeout=120)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    assert done.returncode == 0 and report_file.exists(), done.stdout + done.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["settled"], report
    screen = QRect(*report["screen"])
    assert (screen.width(), screen.height()) == size
    # The window is the screen: not one pixel taller (the status bar is the window's last row).
    assert QRect(*report["window"]) == screen, report["window"]
    assert screen.contains(QRect(*report["status_bar"]))
    assert screen.contains(QRect(*report["panel"]))
    ways = QRect(*report["ways_viewport"])
    assert screen.contains(ways) and ways.height() >= 60
    controls = [c for c in report["controls"] if not c["way_out"]]
    assert len(controls) >= 8, controls  # Go to, Wait, Run, speed, timeout, Back, Forward, Restart at least
    for control in controls:
        rect = QRect(*control["rect"])
        assert screen.contains(rect), (control, size)
        for ancestor in control["ancestors"]:
            assert QRect(*ancestor).contains(rect), (control, ancestor, size)
        # Not squashed: as large as its words (or number, or arrow) need.
        assert rect.width() >= control["need"][0] and rect.height() >= control["need"][1], (control, size)
    # The ways out scroll inside their own area, which shows at least one whole button.
    buttons = [QRect(*c["rect"]) for c in report["controls"] if c["way_out"]]
    assert buttons and any(ways.contains(b) for b in buttons)
