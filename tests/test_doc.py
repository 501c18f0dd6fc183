"""``explorer doc``: the documentation set (Markdown, SVG pictures, an A4 PDF) of the bundled machine.

The PDF's first pages are also turned into PNG in tests/artifacts/ (doc-*.png)
so a person can look at them as a documentation writer would.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.analysis import ambiguous, shortest_path
from explorer.cli import main
from explorer.io.doc_markdown import documentation_markdown, picture_names
from explorer.io.machine_yaml import load_machine

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_doc_writes_markdown_pictures_and_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    machine = load_machine(BUNDLED_MACHINE)
    out = tmp_path / "doc"
    assert main(["doc", str(BUNDLED_MACHINE), "-o", str(out)]) == 0
    md = out / "rescue_session_status.md"
    text = md.read_text(encoding="utf-8")
    # One section per state, each with its picture, in file order.
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    for state in machine.states:
        assert any(h.startswith(machine.state_label(state.id)) for h in headings), state.id
    overview, pictures = picture_names(machine)
    assert f"({overview})" in text
    for sid, name in pictures.items():
        assert f"({name})" in text
        svg = out / name
        root = ET.parse(svg).getroot()
        texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
        assert machine.state_label(sid).split("\n")[0].split()[0] in texts
    # Every way out has its numbered procedure under the state's table.
    for t in machine.transitions:
        for step in t.steps:
            assert step.get(machine.language).split("\n")[0][:40] in text.replace("\\", "")
    # The defects on the title part, the ambiguous steps marked.
    assert "## Mängel" in text and "cannot be reached" in text
    assert text.count("⚠") >= len(ambiguous(machine))
    # The shortest path to every final state, as a numbered procedure.
    finals = [s.id for s in machine.states if s.final]
    assert finals
    for sid in finals:
        path = shortest_path(machine, machine.initial, sid)
        assert path is not None
        assert f"### Von {machine.state_label(machine.initial)} nach {machine.state_label(sid)}" in text
    # The PDF: A4, several pages, fonts embedded.
    pdf = out / "rescue_session_status.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages > len(machine.states) and "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and " no  no " not in fonts
    body = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Wege hinaus" in body and machine.state_label("incoming") in body
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("doc-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-l", "4", str(pdf), str(ARTIFACTS / "doc")], check=True)
    assert len(list(ARTIFACTS.glob("doc-*.png"))) == 4
    assert "pages" in capsys.readouterr().out


def test_doc_markdown_in_english_without_pictures() -> None:
    machine = load_machine(BUNDLED_MACHINE)
    text = documentation_markdown(machine, "en", defects=["one defect"])
    assert "## Defects" in text and "- one defect" in text
    assert "**Ways out:**" in text and "| # | Trigger | Actor | Timeout | Target |" in text
    assert "![" not in text
    assert "From the start to every end" in text


def test_doc_needs_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["doc", str(BUNDLED_MACHINE)])
    assert e.value.code == 2
    assert "-o" in capsys.readouterr().err
