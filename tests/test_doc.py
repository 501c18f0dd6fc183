"""``explorer doc``: the documentation set (Markdown, SVG pictures, an A4 PDF) of the bundled machine.

The PDF's first pages are also turned into PNG in tests/artifacts/ (doc-*.png)
so a person can look at them as a documentation writer would.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
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


# -- every text of the PDF at 7 pt or more (issue 8: exports made for documents) ---------------

#: DejaVu Sans' line box (ascent + descent) per point of font size: pdftotext's word boxes are this high.
_DEJAVU_LINE = 1.164


def _pdf_words(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, word, font size in points) of every word in ``pdf``, the size from its box height
    (``pdftotext -bbox-layout``, poppler-utils)."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    found = []
    for n, page in enumerate(html.split("<page ")[1:], start=1):
        for y0, y1, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                                       page):
            found.append((n, word, (float(y1) - float(y0)) / _DEJAVU_LINE))
    return found


@pytest.mark.parametrize("which", ["bundled", "generated-40"])
def test_doc_pdf_prints_every_text_at_seven_points_or_more(which: str, tmp_path: Path) -> None:
    from explorer.generate import generate_machine
    from explorer.ui.documents import write_documentation
    from explorer.ui.export import MIN_TEXT_PT

    machine = load_machine(BUNDLED_MACHINE) if which == "bundled" else generate_machine(40, seed=4)
    result = write_documentation(machine, tmp_path / "doc")
    words = _pdf_words(result.pdf)
    # The pictures are drawn as text, not pixels: every state's name is found in the PDF as words.
    assert len(words) > 1000
    # NFKC: the PDF's text has the font's ligatures ("Oﬄine").
    found = {unicodedata.normalize("NFKC", w) for _, w, _ in words}
    for state in machine.states:
        assert set(machine.state_label(state.id).split()) <= found, state.id
    small = [(page, word, round(size, 2)) for page, word, size in words if size < MIN_TEXT_PT * 0.97]
    assert small == []
    info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {result.pdf_pages}" in info
    # One legend, with the overview, explains the colours of every picture (the state pictures' ambiguous triggers).
    body = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True).stdout
    german = machine.language == "de"  # the legend speaks the documentation's language
    if ambiguous(machine):
        assert ("Mehrdeutiger Auslöser" if german else "Ambiguous trigger") in body
    assert ("Anfangszustand" if german else "Initial state") in body
    if which == "bundled":
        # Too large for the column at 7 pt, the overview has a landscape page of its own after the title page.
        sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", str(result.pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "Page    2 size:  842 x 595 pts" in sizes and "Page    3 size:  595 x 842 pts" in sizes
        ARTIFACTS.mkdir(exist_ok=True)
        for old in ARTIFACTS.glob("doc_a4-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-l", "6", str(result.pdf), str(ARTIFACTS / "doc_a4")],
                       check=True)
        assert len(list(ARTIFACTS.glob("doc_a4-*.png"))) == 6


def test_doc_of_a_small_machine_shows_the_whole_flow_on_the_title_page(tmp_path: Path) -> None:
    from explorer.model import Machine, State, Text, Transition
    from explorer.ui.documents import write_documentation
    from explorer.ui.export import MIN_TEXT_PT

    machine = Machine(name="Door", initial="closed", language="en",
                      states=(State(id="closed", label=Text.of("Closed")), State(id="open", label=Text.of("Open")),
                              State(id="gone", label=Text.of("Removed"), final=True)),
                      transitions=(Transition(id="t1", source="closed", target="open", trigger=Text.of("Push"),
                                              steps=(Text.of("Do it."),)),
                                   Transition(id="t2", source="open", target="closed", trigger=Text.of("Let go"),
                                              steps=(Text.of("Do it."),)),
                                   Transition(id="t3", source="open", target="gone", trigger=Text.of("Unscrew"),
                                              steps=(Text.of("Do it."),))))
    result = write_documentation(machine, tmp_path / "doc", lang="en")
    words = _pdf_words(result.pdf)
    assert [w for w in words if w[2] < MIN_TEXT_PT * 0.97] == []
    # It fits the column at 7 pt, labels and all: the title page shows every trigger, no page goes across.
    title_page = {unicodedata.normalize("NFKC", w) for page, w, _ in words if page == 1}
    body = subprocess.run(["pdftotext", "-l", "1", str(result.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "No defects found." in body  # so the triggers on the title page are the picture's
    for t in machine.transitions:
        assert set(machine.trigger_label(t.id, "en").split()) <= title_page, t.id
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(result.pdf_pages), str(result.pdf)],
                           capture_output=True, text=True, check=True).stdout
    assert "842 x 595" not in sizes
