"""The dialog behind File > Export Picture…: where to, which paper, and whether to include the session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from explorer.ui.export import DEFAULT_DPI, FORMATS, PAPERS


class PictureExportDialog(QDialog):
    """Asks for the file, the paper (or natural size), orientation, PNG resolution, and the session."""

    def __init__(self, suggested: Path, parent: QWidget | None = None, *, has_session: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Picture"))
        self.path_edit = QLineEdit(str(suggested))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.paper_box = QComboBox()
        self.paper_box.addItem(self.tr("Natural size (one picture)"), None)
        for name in PAPERS:
            self.paper_box.addItem(name.upper() if name != "letter" else self.tr("Letter"), name)
        self.orientation_box = QComboBox()
        self.orientation_box.addItem(self.tr("Landscape"), "landscape")
        self.orientation_box.addItem(self.tr("Portrait"), "portrait")
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(72, 1200)
        self.dpi_box.setValue(round(DEFAULT_DPI))
        self.dpi_box.setSuffix(" dpi")
        #: Off by default: a document shows the flow, not where a walk happens to be.
        self.session_box = QCheckBox(self.tr("Include the session (steps taken, current state)"))
        self.session_box.setEnabled(has_session)
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Paper:"), self.paper_box)
        form.addRow(self.tr("Orientation:"), self.orientation_box)
        form.addRow(self.tr("PNG resolution:"), self.dpi_box)
        form.addRow(self.session_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export Picture"), self.path_edit.text(),
                                              "SVG (*.svg);;PNG (*.png);;PDF (*.pdf)")
        if name:
            self.path_edit.setText(name)

    def path(self) -> Path:
        path = Path(self.path_edit.text().strip())
        return path if path.suffix.lower() in FORMATS else path.with_suffix(".svg")

    def paper(self) -> str | None:
        return self.paper_box.currentData()

    def orientation(self) -> str:
        return str(self.orientation_box.currentData())

    def dpi(self) -> float:
        return float(self.dpi_box.value())

    def include_session(self) -> bool:
        return self.session_box.isEnabled() and self.session_box.isChecked()
