"""The one owner of the content language: which language labels, procedures and messages are shown in.

The main window makes one :class:`ContentLanguage` and hands it to the canvas,
the session panel and the session controller; they read :attr:`~ContentLanguage.current`
when they need it and redraw on :attr:`~ContentLanguage.changed`. None of them
keeps a copy, so a switch (View > Language, Ctrl+L) reaches all of them at once.

The person's choice is kept apart from what is shown: a choice the open
machine has no labels for (``fr`` on a German/English machine) shows the
machine's own language, and comes back into effect with a machine that has it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from explorer.model import Machine

#: Shown before any machine is open and no language was chosen.
FALLBACK_LANGUAGE = "en"


class ContentLanguage(QObject):
    """The language content is shown in, resolved against the open machine's languages."""

    #: The language shown changed; carries the new :attr:`current`.
    changed = Signal(str)

    def __init__(self, machine: Machine | None = None, chosen: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._machine = machine
        self._chosen = chosen or None
        # Resolved once per change: labels ask for it thousands of times per drawing.
        self._current = self._resolve()

    @property
    def chosen(self) -> str | None:
        """What the person asked for (None: nothing yet); saved in the settings."""
        return self._chosen

    @property
    def machine(self) -> Machine | None:
        return self._machine

    @property
    def current(self) -> str:
        """The language to show: the choice when the machine has it, else the machine's own."""
        return self._current

    def _resolve(self) -> str:
        if self._machine is None:
            return self._chosen or FALLBACK_LANGUAGE
        if self._chosen in self._machine.languages:
            return self._chosen  # type: ignore[return-value]
        return self._machine.language

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the open machine has labels in (its own first); () without a machine."""
        return self._machine.languages if self._machine is not None else ()

    def set(self, lang: str | None) -> None:
        """Choose ``lang``; says :attr:`changed` when what is shown changes."""
        self._update(self._machine, lang or None)

    def set_machine(self, machine: Machine | None) -> None:
        """Resolve the choice against ``machine`` from now on (another file was opened)."""
        self._update(machine, self._chosen)

    def cycle(self) -> None:
        """Choose the machine's next language (after the last: the first again)."""
        langs = list(self.languages)
        if not langs:
            return
        current = self.current
        self.set(langs[(langs.index(current) + 1) % len(langs)] if current in langs else langs[0])

    def _update(self, machine: Machine | None, chosen: str | None) -> None:
        before = self._current
        self._machine, self._chosen = machine, chosen
        self._current = self._resolve()
        if self._current != before:
            self.changed.emit(self._current)
