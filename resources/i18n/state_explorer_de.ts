<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Actors</name>
    <message>
        <source>technician</source>
        <extracomment>The actors of the bundled machine, named in the UI language; a machine&apos;s other actor ids show as they are.</extracomment>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>Blank</name>
    <message>
        <source>Blank screen</source>
        <translation>Schwarzer Bildschirm</translation>
    </message>
</context>
<context>
    <name>CheckWords</name>
    <message>
        <source>{states} states, {transitions} transitions, initial: {initial}</source>
        <translation>{states} Zustände, {transitions} Übergänge, Anfangszustand: {initial}</translation>
    </message>
    <message>
        <source>unreachable:</source>
        <translation>unerreichbar:</translation>
    </message>
    <message>
        <source>dead ends:</source>
        <translation>Sackgassen:</translation>
    </message>
    <message>
        <source>traps:</source>
        <translation>Fallen:</translation>
    </message>
    <message>
        <source>ambiguous:</source>
        <translation>mehrdeutig:</translation>
    </message>
    <message>
        <source>timeouts:</source>
        <translation>Zeitlimits:</translation>
    </message>
    <message>
        <source>findings:</source>
        <translation>Befunde:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>timeout: {duration}</source>
        <translation>Zeitlimit: {duration}</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>Einstellung</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>Not comparing.</source>
        <extracomment>Item data role holding a row&apos;s id in the new version (None for removed items). A row of an item of the open version was clicked (its id). &quot;Leave Compare&quot; was clicked.</extracomment>
        <translation>Kein Vergleich.</translation>
    </message>
    <message>
        <source>Leave Compare</source>
        <translation>Vergleich verlassen</translation>
    </message>
    <message>
        <source>Back to the normal view (Esc)</source>
        <translation>Zurück zur normalen Ansicht (Esc)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Defects introduced</source>
        <translation>Neue Mängel</translation>
    </message>
    <message>
        <source>Defects fixed</source>
        <translation>Behobene Mängel</translation>
    </message>
</context>
<context>
    <name>CoveragePanel</name>
    <message>
        <source>States</source>
        <extracomment>Item data role holding a row&apos;s state or transition id. Rows shown per list; more are summarised (a machine of thousands of states). A row was clicked: the state (or the source state of the transition) to show the path to. Reset Coverage was clicked.</extracomment>
        <translation>Zustände</translation>
    </message>
    <message>
        <source>Transitions</source>
        <translation>Übergänge</translation>
    </message>
    <message>
        <source>Every step of the session and of replayed scenarios counts.</source>
        <translation>Jeder Schritt der Sitzung und abgespielter Szenarien zählt.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Forget what was covered and start counting again (Session &gt; Reset Coverage)</source>
        <translation>Vergessen, was abgedeckt war, und neu zählen (Sitzung &gt; Abdeckung zurücksetzen)</translation>
    </message>
    <message>
        <source>States: no machine</source>
        <translation>Zustände: kein Automat</translation>
    </message>
    <message>
        <source>Transitions: no machine</source>
        <translation>Übergänge: kein Automat</translation>
    </message>
    <message>
        <source>States visited: %1 of %2 (%3 %)</source>
        <translation>Besuchte Zustände: %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>Transitions taken: %1 of %2 (%3 %)</source>
        <translation>Gegangene Übergänge: %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>States not visited</source>
        <translation>Nicht besuchte Zustände</translation>
    </message>
    <message>
        <source>%1: click to show the path there</source>
        <translation>%1: klicken, um den Weg dorthin zu zeigen</translation>
    </message>
    <message>
        <source>Transitions not taken</source>
        <translation>Nicht gegangene Übergänge</translation>
    </message>
    <message>
        <source>%1: click to show the path to %2</source>
        <translation>%1: klicken, um den Weg nach %2 zu zeigen</translation>
    </message>
    <message>
        <source>Every reachable state and transition is covered.</source>
        <translation>Jeder erreichbare Zustand und Übergang ist abgedeckt.</translation>
    </message>
</context>
<context>
    <name>DefectsPanel</name>
    <message>
        <source>Unreachable states</source>
        <extracomment>Item data role that holds a row&apos;s ids (a tuple) or a group&apos;s kind (a str). The group titles of :data:`explorer.findings.KINDS`, marked for lupdate (findings has no Qt).</extracomment>
        <translation>Unerreichbare Zustände</translation>
    </message>
    <message>
        <source>Dead ends</source>
        <translation>Sackgassen</translation>
    </message>
    <message>
        <source>Traps</source>
        <translation>Fallen</translation>
    </message>
    <message>
        <source>Ambiguous triggers</source>
        <translation>Mehrdeutige Auslöser</translation>
    </message>
    <message>
        <source>Timeout conflicts</source>
        <translation>Zeitlimit-Konflikte</translation>
    </message>
    <message>
        <source>Self-loops</source>
        <translation>Schleifen</translation>
    </message>
    <message>
        <source>Missing labels</source>
        <translation>Fehlende Beschriftungen</translation>
    </message>
    <message>
        <source>Transitions without steps</source>
        <translation>Übergänge ohne Schritte</translation>
    </message>
    <message>
        <source>No machine.</source>
        <extracomment>A finding&apos;s row was clicked or activated: the ids it concerns (tuple of str).</extracomment>
        <translation>Kein Automat.</translation>
    </message>
    <message>
        <source>Kinds</source>
        <translation>Arten</translation>
    </message>
    <message>
        <source>Choose which kinds of findings the list shows</source>
        <translation>Wählen, welche Arten von Befunden die Liste zeigt</translation>
    </message>
    <message>
        <source>No findings: nothing to review.</source>
        <extracomment>One checkable filter per kind of :data:`explorer.findings.KINDS`.</extracomment>
        <translation>Keine Befunde: nichts zu prüfen.</translation>
    </message>
    <message>
        <source>Looking for defects…</source>
        <translation>Suche nach Mängeln…</translation>
    </message>
</context>
<context>
    <name>DocumentationWords</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Mängel</translation>
    </message>
    <message>
        <source>No defects found.</source>
        <translation>Keine Mängel gefunden.</translation>
    </message>
    <message>
        <source>States</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>initial state</source>
        <translation>Anfangsstatus</translation>
    </message>
    <message>
        <source>final state</source>
        <translation>Endstatus</translation>
    </message>
    <message>
        <source>Ways in</source>
        <translation>Wege hinein</translation>
    </message>
    <message>
        <source>Ways out</source>
        <translation>Wege hinaus</translation>
    </message>
    <message>
        <source>None: only the start leads here.</source>
        <translation>Keine: nur der Start führt hierher.</translation>
    </message>
    <message>
        <source>None: the flow ends here.</source>
        <translation>Keine: der Ablauf endet hier.</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>From the start to every end</source>
        <translation>Vom Start zu jedem Ende</translation>
    </message>
    <message>
        <source>From {source} to {target}</source>
        <translation>Von {source} nach {target}</translation>
    </message>
    <message>
        <source>**{target}** cannot be reached from **{source}**.</source>
        <translation>**{target}** ist von **{source}** aus nicht erreichbar.</translation>
    </message>
    <message>
        <source>Ways in and out of {state}</source>
        <translation>Wege hinein und hinaus: {state}</translation>
    </message>
    <message>
        <source>No procedure steps are written for this way out.</source>
        <translation>Für diesen Weg sind keine Schritte beschrieben.</translation>
    </message>
    <message>
        <source>→ Status: **{state}**</source>
        <translation>→ Status: **{state}**</translation>
    </message>
    <message>
        <source>from {state}</source>
        <translation>von {state}</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>⚠ ambiguous</source>
        <translation>⚠ mehrdeutig</translation>
    </message>
    <message>
        <source>{name}: documentation</source>
        <translation>{name}: Dokumentation</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>{state} cannot be reached: no transitions lead there from {initial}.</source>
        <extracomment>The sentences of :data:`explorer.findings.TEMPLATES`, marked for lupdate (tests/ui/test_i18n.py checks that the two agree): a finding&apos;s message is shown translated by its sentence and blanks.</extracomment>
        <translation>{state} ist nicht erreichbar: Von {initial} führt kein Übergang dorthin.</translation>
    </message>
    <message>
        <source>{state} is a dead end: it is not final and has no way out to another state.</source>
        <translation>{state} ist eine Sackgasse: kein Endzustand und kein Weg in einen anderen Zustand.</translation>
    </message>
    <message>
        <source>{state} is a trap: no final state can be reached from it.</source>
        <translation>{state} ist eine Falle: Von dort ist kein Endzustand erreichbar.</translation>
    </message>
    <message>
        <source>From {state}, {trigger} can lead to {count} states: {targets} ({ids}).</source>
        <translation>Aus {state} kann {trigger} zu {count} Zuständen führen: {targets} ({ids}).</translation>
    </message>
    <message>
        <source>{state} has {count} timeouts due at the same time (after {duration}): {ids}; only {first} (first in the file) ever fires.</source>
        <translation>{state} hat {count} gleichzeitig fällige Zeitüberschreitungen (nach {duration}): {ids}; nur {first} (die erste in der Datei) tritt je ein.</translation>
    </message>
    <message>
        <source>{state} has {count} timeouts due at the same time (after the configured timeout): {ids}; only {first} (first in the file) ever fires.</source>
        <translation>{state} hat {count} gleichzeitig fällige Zeitüberschreitungen (nach dem eingestellten Zeitlimit): {ids}; nur {first} (die erste in der Datei) tritt je ein.</translation>
    </message>
    <message>
        <source>{id}: {trigger} leads from {state} back to itself.</source>
        <translation>{id}: {trigger} führt von {state} zurück zu sich selbst.</translation>
    </message>
    <message>
        <source>{state} has no label in {languages}.</source>
        <translation>{state} hat keine Beschriftung in {languages}.</translation>
    </message>
    <message>
        <source>The trigger of {edge} has no text in {languages}.</source>
        <translation>Der Auslöser von {edge} hat keinen Text in {languages}.</translation>
    </message>
    <message>
        <source>{edge} has no steps: its procedure is not written down.</source>
        <translation>{edge} hat keine Schritte: Sein Ablauf ist nicht beschrieben.</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Canvas</source>
        <extracomment>Zoom factor of one wheel notch or one zoom_in()/zoom_out(). Zoom limits: far enough out for 3000 states, close enough to read a label. Margin around the scene when fitting, in screen pixels. The overview map&apos;s longer side, in pixels. The zoom (scale factor, 1.0 = 100 %) changed. Tab put the keyboard on a way out of the current state (its transition id; &quot;&quot; when it left them). Enter or Return on the focused way out: fire it (its transition id).</extracomment>
        <translation>Zeichenfläche</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Current state</source>
        <extracomment>Swatch and row metrics, in pixels. Legend text size. &quot;state&quot; or &quot;transition&quot;: which kind of swatch to draw. The overlay (a row of style.OVERLAYS) this row belongs to (None: always shown). The rows every legend shows, in reading order; the overlays&apos; rows follow.</extracomment>
        <translation>Aktueller Zustand</translation>
    </message>
    <message>
        <source>Way out (click to step)</source>
        <translation>Ausgang (klicken zum Weitergehen)</translation>
    </message>
    <message>
        <source>Path to the chosen target</source>
        <translation>Weg zum gewählten Ziel</translation>
    </message>
    <message>
        <source>Taken, with step numbers</source>
        <translation>Gegangen, mit Schrittnummern</translation>
    </message>
    <message>
        <source>Initial state</source>
        <translation>Anfangszustand</translation>
    </message>
    <message>
        <source>Final state</source>
        <translation>Endzustand</translation>
    </message>
    <message>
        <source>Unreachable state</source>
        <extracomment>The font Graphviz measures with and Qt draws with, so boxes fit their text. State label size; matches LayoutOptions.node_font_size. Trigger label size; matches LayoutOptions.edge_font_size. Smallest size a state label may shrink to before it is elided. Labels that matter now are drawn at least this many *screen* pixels high, however far the view is zoomed out (a projector at fit-to-window). ...but never blown up more than this, so they stay near their edge. Calm trigger labels appear from this zoom (level of detail) on. Clickable width around an edge, in scene units. State box corner radius. Gap between the two borders of a final state. The palette in use: &quot;light&quot; or &quot;dark&quot;. The current state&apos;s fill, for checks that look for it in screenshots (set by use_palette). The focus a new user gets: the story stands out, the rest stays easy to read. Reachable, not visited by the walks so far (coverage overlay). New in this version (compare). Differs from the other version (compare). Lost a transition the other version had (compare: an endpoint of a removed item). A state the class may pick as the answer (quiz). The right answer, once revealed (quiz). The state the class picked wrongly (quiz). Context while a session has light focus. Context while a session has strong focus. Reachable, not taken by the walks so far (coverage overlay). The way out the quiz asks about: its label stands out, its line stays calm (quiz). The asked way out once its answer is revealed (quiz). Stable name: the key of its ids in a Highlight, of its menu action and its legend row. The legend row&apos;s caption. The View &gt; Overlays entry (with its &amp; mnemonic); it and ``legend`` are English, translated where shown. Computes the marked ids (see explorer.overlays). Shown until the user switches it off. Whether focus may calm an item marked by it (timeouts: yes, the dash and clock stay; defects: no, a reviewer must see them at once). QSettings key of the switch (&quot;&quot; = view/overlay_&lt;name&gt;). Every overlay, in legend and menu order. Read it as ``style.OVERLAYS`` at call time (not imported by name), so one table serves every reader.</extracomment>
        <translation>Unerreichbarer Zustand</translation>
    </message>
    <message>
        <source>Dead end (no way out)</source>
        <translation>Sackgasse (kein Ausgang)</translation>
    </message>
    <message>
        <source>Trap (no way to a final state)</source>
        <translation>Falle (kein Weg zu einem Endzustand)</translation>
    </message>
    <message>
        <source>Timeout (fires when time passes)</source>
        <translation>Zeitablauf (schaltet, wenn Zeit vergeht)</translation>
    </message>
    <message>
        <source>Ambiguous trigger</source>
        <translation>Mehrdeutiger Auslöser</translation>
    </message>
    <message>
        <source>Not visited yet (coverage)</source>
        <translation>Noch nicht besucht (Abdeckung)</translation>
    </message>
    <message>
        <source>Not taken yet (coverage)</source>
        <translation>Noch nicht gegangen (Abdeckung)</translation>
    </message>
    <message>
        <source>Added state (compare)</source>
        <translation>Neuer Zustand (Vergleich)</translation>
    </message>
    <message>
        <source>Added transition (compare)</source>
        <translation>Neuer Übergang (Vergleich)</translation>
    </message>
    <message>
        <source>Changed state (compare)</source>
        <translation>Geänderter Zustand (Vergleich)</translation>
    </message>
    <message>
        <source>Changed transition (compare)</source>
        <translation>Geänderter Übergang (Vergleich)</translation>
    </message>
    <message>
        <source>Lost a transition (compare; see the list)</source>
        <translation>Hat einen Übergang verloren (Vergleich; siehe Liste)</translation>
    </message>
    <message>
        <source>Asked way out (quiz)</source>
        <translation>Gefragter Ausgang (Quiz)</translation>
    </message>
    <message>
        <source>A choice (quiz)</source>
        <translation>Eine Antwortmöglichkeit (Quiz)</translation>
    </message>
    <message>
        <source>Right answer (quiz)</source>
        <translation>Richtige Antwort (Quiz)</translation>
    </message>
    <message>
        <source>Where it leads (quiz)</source>
        <translation>Wohin er führt (Quiz)</translation>
    </message>
    <message>
        <source>Wrong pick (quiz)</source>
        <translation>Falsche Wahl (Quiz)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Session</source>
        <extracomment>Above this many states an uncached layout first shows the neighbourhood view. Files larger than this are read off the UI thread (about 250 states). Above this many states the analysis and its findings run off the UI thread (at 1,000 states they take about 0.1 s; at 20,000 seconds). Smaller machines are analysed at once, so their first picture already shows the defects. The analysis while it is computed: no defects marked yet. The machine&apos;s inspector names at most this many states per kind of defect. A machine was loaded and shown (its path). A scenario was read and given to the session panel (its path). A layout was drawn (full or neighbourhood). A layout was requested (its LayoutOptions): every Graphviz run of the window starts here. The requested layout ended: True when it was drawn, False when it failed or was cancelled. The analysis of a big machine went to the background (the machine&apos;s path); the defects panel and overlays fill in at :attr:`analysis_finished`. The analysis of the open machine arrived (small machines: at once, while it loads). An export asked Graphviz for a layout (its LayoutOptions); it runs as a background job. An error for the user: (title, message, details). :meth:`show_error` shows it in a dialog; tests disconnect that and read the signal instead. A full layout laid out before the analysis arrived: stored in the open cache once it does. While an export runs: its cancel flag, what the status bar says, and its running layout job. Overlay ids computed outside the analysis (coverage, diff, tours), by overlay name. The analysis&apos;s findings (the defects panel and the status bar read them). (machine, analysis, language, path) the findings were worded for. What the walks of this window have covered (every step of every session and replay). A path between two chosen states shown instead of the session&apos;s (Path Between States). The other version while comparing: (its path, its machine, the diff), else None. The open review dialogs and the last tour plan (None until asked for). The one owner of the content language; the scene, panel and controller share it. Whole opens (machine, analysis, layout) beside the layouts; its ``stats`` say what it did. (inode, mtime, size) of the open file when last read; a folder change reloads only if it differs.</extracomment>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legende</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Mängel</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Abdeckung</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <extracomment>&quot;Analysing N states…&quot; while a big machine&apos;s analysis runs in the background.</extracomment>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;Export Picture…</source>
        <translation>Bild &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;Documentation…</source>
        <translation>&amp;Dokumentation exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;Mermaid…</source>
        <translation>&amp;Mermaid exportieren…</translation>
    </message>
    <message>
        <source>Export Mark&amp;down Table…</source>
        <translation>Mark&amp;down-Tabelle exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;As…</source>
        <translation>Exportieren &amp;als…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Off</source>
        <extracomment>One checkable action per row of style.OVERLAYS, by overlay name. View &gt; Focus on Session: how strongly a session calms the rest of the flow.</extracomment>
        <translation>&amp;Aus</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Strong</source>
        <translation>&amp;Stark</translation>
    </message>
    <message>
        <source>Toggle &amp;Focus</source>
        <extracomment>One key switches focus off and back to the strength chosen before.</extracomment>
        <translation>&amp;Fokus ein/aus</translation>
    </message>
    <message>
        <source>Show All Trigger &amp;Labels</source>
        <translation>Alle Auslöser-&amp;Beschriftungen zeigen</translation>
    </message>
    <message>
        <source>&amp;Hub States as Stubs</source>
        <extracomment>View &gt; Hub States as Stubs: transitions into a state many lead to end at small boxes named after it (explorer.layout.hub_states); on by default, it halves the crossings.</extracomment>
        <translation>Sammel&amp;zustände als Verweise</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>Next Label &amp;Language</source>
        <translation>Nächste Beschriftungs&amp;sprache</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <source>Follow &amp;Current State</source>
        <extracomment>On by default for machines above NEIGHBOURHOOD_THRESHOLD states (set when one loads).</extracomment>
        <translation>Aktuellem &amp;Zustand folgen</translation>
    </message>
    <message>
        <source>Ce&amp;ntre on Current State</source>
        <translation>Auf aktuellen Zustand &amp;zentrieren</translation>
    </message>
    <message>
        <source>Overview &amp;Map</source>
        <translation>Über&amp;sichtskarte</translation>
    </message>
    <message>
        <source>&amp;Automatic (as the Desktop)</source>
        <extracomment>View &gt; Theme: the colours of resources/palette.&lt;theme&gt;.json; &quot;auto&quot; follows the desktop.</extracomment>
        <translation>&amp;Automatisch (wie der Desktop)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About State Explorer</source>
        <translation>Ü&amp;ber State Explorer</translation>
    </message>
    <message>
        <source>&amp;Find State…</source>
        <translation>Zustand &amp;suchen…</translation>
    </message>
    <message>
        <source>&amp;Go to State…</source>
        <translation>&amp;Gehe zu Zustand…</translation>
    </message>
    <message>
        <source>Compare &amp;With…</source>
        <translation>Vergleichen &amp;mit…</translation>
    </message>
    <message>
        <source>&amp;Leave Compare</source>
        <translation>Vergleich &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Path Between States…</source>
        <translation>&amp;Weg zwischen Zuständen…</translation>
    </message>
    <message>
        <source>Copy Path as &amp;Procedure</source>
        <translation>Weg als &amp;Vorgehen kopieren</translation>
    </message>
    <message>
        <source>&amp;Tours…</source>
        <translation>&amp;Rundgänge…</translation>
    </message>
    <message>
        <source>Reset &amp;Coverage</source>
        <translation>&amp;Abdeckung zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Quiz…</source>
        <translation>&amp;Quiz…</translation>
    </message>
    <message>
        <source>Quiz over the T&amp;ours</source>
        <translation>Quiz über die Rund&amp;gänge</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Overlays</source>
        <translation>&amp;Einblendungen</translation>
    </message>
    <message>
        <source>&amp;Focus on Session</source>
        <translation>&amp;Fokus auf die Sitzung</translation>
    </message>
    <message>
        <source>Layout &amp;Engine</source>
        <translation>&amp;Layout-Verfahren</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>&amp;Direction</source>
        <translation>&amp;Richtung</translation>
    </message>
    <message>
        <source>Left to Right</source>
        <translation>Von links nach rechts</translation>
    </message>
    <message>
        <source>Top to Bottom</source>
        <translation>Von oben nach unten</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Beschriftungs&amp;sprache</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Vorwärts</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>Wait for Next Timeout</source>
        <translation>Auf nächsten Zeitablauf warten</translation>
    </message>
    <message>
        <source>Run / Pause Clock</source>
        <translation>Uhr starten / anhalten</translation>
    </message>
    <message>
        <source>Copy Trace as Markdown</source>
        <translation>Verlauf als Markdown kopieren</translation>
    </message>
    <message>
        <source>Open Scenario…</source>
        <translation>Szenario öffnen…</translation>
    </message>
    <message>
        <source>Save Scenario…</source>
        <translation>Szenario speichern…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Interface Language</source>
        <translation>Sprache der &amp;Oberfläche</translation>
    </message>
    <message>
        <source>Interface language: %1</source>
        <translation>Sprache der Oberfläche: %1</translation>
    </message>
    <message>
        <source>The interface will be in %1 from the next start</source>
        <translation>Die Oberfläche erscheint ab dem nächsten Start auf %1</translation>
    </message>
    <message>
        <source>Reloaded %1</source>
        <translation>%1 neu geladen</translation>
    </message>
    <message>
        <source>%1 could not be opened</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 changed on disk but has errors; showing the last good version (see Problems)</source>
        <translation>%1 wurde auf der Festplatte geändert, enthält aber Fehler; die letzte fehlerfreie Fassung bleibt sichtbar (siehe Probleme)</translation>
    </message>
    <message>
        <source>Analysing %1 states…</source>
        <translation>%1 Zustände werden analysiert…</translation>
    </message>
    <message numerus="yes">
        <source>Showing the %n states around “%1” while the full picture is laid out…</source>
        <translation>
            <numerusform>Der %n Zustand um „%1“ wird gezeigt, während das ganze Bild angeordnet wird…</numerusform>
            <numerusform>Die %n Zustände um „%1“ werden gezeigt, während das ganze Bild angeordnet wird…</numerusform>
        </translation>
    </message>
    <message>
        <source>Neighbourhood view failed: %1</source>
        <translation>Nachbarschaftsansicht fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Opened from the cache (laid out with %1)</source>
        <translation>Aus dem Zwischenspeicher geöffnet (Layout mit %1)</translation>
    </message>
    <message>
        <source>Laid out with %1 in %2 s</source>
        <translation>Layout mit %1 in %2 s</translation>
    </message>
    <message>
        <source>Layout failed</source>
        <translation>Anordnung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Layout cancelled</source>
        <translation>Layout abgebrochen</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Machine summary</source>
        <translation>Übersicht des Automaten</translation>
    </message>
    <message>
        <source>Show Path to “%1”</source>
        <translation>Weg nach „%1“ zeigen</translation>
    </message>
    <message>
        <source>Start Session Here</source>
        <translation>Sitzung hier beginnen</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <source>Clear Path</source>
        <translation>Weg löschen</translation>
    </message>
    <message>
        <source>Compare With</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>%1 could not be compared</source>
        <translation>%1 konnte nicht verglichen werden</translation>
    </message>
    <message>
        <source>The scenario cannot be quizzed</source>
        <translation>Das Szenario taugt nicht für ein Quiz</translation>
    </message>
    <message>
        <source>Find State</source>
        <translation>Zustand suchen</translation>
    </message>
    <message numerus="yes">
        <source>Laying out %n state(s)…</source>
        <translation>
            <numerusform>%n Zustand wird angeordnet…</numerusform>
            <numerusform>%n Zustände werden angeordnet…</numerusform>
        </translation>
    </message>
    <message>
        <source>no defects</source>
        <translation>keine Mängel</translation>
    </message>
    <message numerus="yes">
        <source>%n state(s)</source>
        <translation>
            <numerusform>%n Zustand</numerusform>
            <numerusform>%n Zustände</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transition(s)</source>
        <translation>
            <numerusform>%n Übergang</numerusform>
            <numerusform>%n Übergänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeout edge(s)</source>
        <translation>
            <numerusform>%n Zeitlimit-Kante</numerusform>
            <numerusform>%n Zeitlimit-Kanten</numerusform>
        </translation>
    </message>
    <message>
        <source>neighbourhood view</source>
        <translation>Nachbarschaftsansicht</translation>
    </message>
    <message>
        <source>Findings by kind: see View &gt; Defects</source>
        <translation>Befunde nach Art: siehe Ansicht &gt; Mängel</translation>
    </message>
    <message numerus="yes">
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n unerreichbar</numerusform>
            <numerusform>%n unerreichbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dead end(s)</source>
        <translation>
            <numerusform>%n Sackgasse</numerusform>
            <numerusform>%n Sackgassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n trap(s)</source>
        <translation>
            <numerusform>%n Falle</numerusform>
            <numerusform>%n Fallen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ambiguous trigger(s)</source>
        <translation>
            <numerusform>%n mehrdeutiger Auslöser</numerusform>
            <numerusform>%n mehrdeutige Auslöser</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeout conflict(s)</source>
        <translation>
            <numerusform>%n Zeitlimit-Konflikt</numerusform>
            <numerusform>%n Zeitlimit-Konflikte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n self-loop(s)</source>
        <translation>
            <numerusform>%n Schleife</numerusform>
            <numerusform>%n Schleifen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missing label(s)</source>
        <translation>
            <numerusform>%n fehlende Beschriftung</numerusform>
            <numerusform>%n fehlende Beschriftungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without steps</source>
        <translation>
            <numerusform>%n ohne Schritte</numerusform>
            <numerusform>%n ohne Schritte</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Unreachable:</source>
        <translation>Unerreichbar:</translation>
    </message>
    <message>
        <source>Dead ends:</source>
        <translation>Sackgassen:</translation>
    </message>
    <message>
        <source>Traps:</source>
        <translation>Fallen:</translation>
    </message>
    <message>
        <source>Ambiguous triggers:</source>
        <translation>Mehrdeutige Auslöser:</translation>
    </message>
    <message>
        <source>Timeout edges:</source>
        <translation>Zeitlimit-Kanten:</translation>
    </message>
    <message>
        <source>%1 states, %2 transitions.</source>
        <translation>%1 Zustände, %2 Übergänge.</translation>
    </message>
    <message>
        <source>Looking for defects…</source>
        <translation>Suche nach Mängeln…</translation>
    </message>
    <message numerus="yes">
        <source>and %n more (see Defects)</source>
        <translation>
            <numerusform>und %n weiterer (siehe Mängel)</numerusform>
            <numerusform>und %n weitere (siehe Mängel)</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a state or a transition to inspect it.</source>
        <translation>Klicken Sie auf einen Zustand oder Übergang, um ihn zu prüfen.</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weiterer</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>The machine that was open stays open.</source>
        <translation>Der bisher geöffnete Automat bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Open Machine</source>
        <translation>Automat öffnen</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>(%n pages)</source>
        <translation>
            <numerusform>(%n Seite)</numerusform>
            <numerusform>(%n Seiten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>An export is still running; wait for it or cancel it first.</source>
        <translation>Ein Export läuft noch; warten Sie darauf oder brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <source>Export Documentation into</source>
        <translation>Dokumentation exportieren nach</translation>
    </message>
    <message>
        <source>Documentation written: %1, %2</source>
        <translation>Dokumentation geschrieben: %1, %2</translation>
    </message>
    <message>
        <source>Export Mermaid</source>
        <translation>Mermaid exportieren</translation>
    </message>
    <message>
        <source>Export Markdown</source>
        <translation>Markdown exportieren</translation>
    </message>
    <message>
        <source>Export As</source>
        <translation>Exportieren als</translation>
    </message>
    <message>
        <source>Exported %1 (%2)</source>
        <translation>%1 exportiert (%2)</translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>Szenarien (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Save Scenario</source>
        <translation>Szenario speichern</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Saved scenario %1</source>
        <translation>Szenario %1 gespeichert</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>About State Explorer</source>
        <translation>Über State Explorer</translation>
    </message>
</context>
<context>
    <name>MarkdownWords</name>
    <message>
        <source>From {source} to {target}</source>
        <extracomment>(context, English word) of every fixed word of the command line&apos;s documents.</extracomment>
        <translation>Von {source} nach {target}</translation>
    </message>
    <message>
        <source>Start: **{state}**</source>
        <translation>Start: **{state}**</translation>
    </message>
    <message>
        <source>→ Status: **{state}**</source>
        <translation>→ Status: **{state}**</translation>
    </message>
    <message>
        <source>Already in **{state}**; nothing to do.</source>
        <translation>Bereits in **{state}**; nichts zu tun.</translation>
    </message>
    <message>
        <source>wait {duration}</source>
        <translation>{duration} warten</translation>
    </message>
    <message>
        <source>wait for the configured timeout</source>
        <translation>bis zur eingestellten Zeitüberschreitung warten</translation>
    </message>
    <message>
        <source>Wait {duration}</source>
        <translation>{duration} warten</translation>
    </message>
    <message>
        <source>nothing happens</source>
        <translation>nichts geschieht</translation>
    </message>
    <message>
        <source>at {clock}</source>
        <translation>bei {clock}</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Final state: **{state}** at {clock}.</source>
        <translation>Endstatus: **{state}** bei {clock}.</translation>
    </message>
    <message>
        <source>Expected: **{state}** ✓</source>
        <translation>Erwartet: **{state}** ✓</translation>
    </message>
    <message>
        <source>**Stopped at step {step}:** {message}</source>
        <translation>**Abgebrochen bei Schritt {step}:** {message}</translation>
    </message>
    <message>
        <source>**Failed:** {message}</source>
        <translation>**Fehlgeschlagen:** {message}</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>States</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Transitions</source>
        <translation>Übergänge</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>Anfang</translation>
    </message>
    <message>
        <source>final</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>⚠ This trigger can also lead to {states}.</source>
        <translation>⚠ Dieser Auslöser kann auch zu {states} führen.</translation>
    </message>
</context>
<context>
    <name>MermaidWords</name>
    <message>
        <source>setting</source>
        <translation>Einstellung</translation>
    </message>
</context>
<context>
    <name>Overlays</name>
    <message>
        <source>&amp;Unreachable States</source>
        <translation>&amp;Unerreichbare Zustände</translation>
    </message>
    <message>
        <source>&amp;Dead Ends</source>
        <translation>&amp;Sackgassen</translation>
    </message>
    <message>
        <source>T&amp;raps</source>
        <translation>&amp;Fallen</translation>
    </message>
    <message>
        <source>&amp;Timeout Edges</source>
        <translation>&amp;Zeitablauf-Kanten</translation>
    </message>
    <message>
        <source>&amp;Ambiguous Triggers</source>
        <translation>&amp;Mehrdeutige Auslöser</translation>
    </message>
    <message>
        <source>Not &amp;Visited States (Coverage)</source>
        <translation>Nicht &amp;besuchte Zustände (Abdeckung)</translation>
    </message>
    <message>
        <source>Not Ta&amp;ken Transitions (Coverage)</source>
        <translation>Nicht &amp;gegangene Übergänge (Abdeckung)</translation>
    </message>
    <message>
        <source>Added States (Compare)</source>
        <translation>Neue Zustände (Vergleich)</translation>
    </message>
    <message>
        <source>Added Transitions (Compare)</source>
        <translation>Neue Übergänge (Vergleich)</translation>
    </message>
    <message>
        <source>Changed States (Compare)</source>
        <translation>Geänderte Zustände (Vergleich)</translation>
    </message>
    <message>
        <source>Changed Transitions (Compare)</source>
        <translation>Geänderte Übergänge (Vergleich)</translation>
    </message>
    <message>
        <source>Ends of Removed Items (Compare)</source>
        <translation>Enden entfernter Elemente (Vergleich)</translation>
    </message>
    <message>
        <source>Asked Way Out (Quiz)</source>
        <translation>Gefragter Ausgang (Quiz)</translation>
    </message>
    <message>
        <source>Choices (Quiz)</source>
        <translation>Antwortmöglichkeiten (Quiz)</translation>
    </message>
    <message>
        <source>Right Answer (Quiz)</source>
        <translation>Richtige Antwort (Quiz)</translation>
    </message>
    <message>
        <source>Revealed Way Out (Quiz)</source>
        <translation>Aufgedeckter Ausgang (Quiz)</translation>
    </message>
    <message>
        <source>Wrong Pick (Quiz)</source>
        <translation>Falsche Wahl (Quiz)</translation>
    </message>
</context>
<context>
    <name>OverviewMap</name>
    <message>
        <source>Overview map</source>
        <extracomment>The way out the keyboard is on (Tab), or None. Draw a soft ring around the item under the pointer (presentation).</extracomment>
        <translation>Übersichtskarte</translation>
    </message>
    <message>
        <source>Where the view is: click to look there</source>
        <translation>Wo die Ansicht ist: klicken, um dorthin zu schauen</translation>
    </message>
</context>
<context>
    <name>PathBetweenDialog</name>
    <message>
        <source>Path Between States</source>
        <extracomment>Show this path on the canvas: (from state, to state, transition ids); ids None when there is none.</extracomment>
        <translation>Weg zwischen Zuständen</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Nach:</translation>
    </message>
    <message>
        <source>Show on Canvas</source>
        <translation>Auf der Zeichenfläche zeigen</translation>
    </message>
    <message>
        <source>Copy as Procedure</source>
        <translation>Als Vorgehen kopieren</translation>
    </message>
</context>
<context>
    <name>PictureExportDialog</name>
    <message>
        <source>Export Picture</source>
        <translation>Bild exportieren</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Natural size (one picture)</source>
        <translation>Natürliche Größe (ein Bild)</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter (US)</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Querformat</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Hochformat</translation>
    </message>
    <message>
        <source>Include the session (steps taken, current state)</source>
        <extracomment>Off by default: a document shows the flow, not where a walk happens to be.</extracomment>
        <translation>Sitzung einbeziehen (gegangene Schritte, aktueller Zustand)</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation>Papier:</translation>
    </message>
    <message>
        <source>Orientation:</source>
        <translation>Ausrichtung:</translation>
    </message>
    <message>
        <source>PNG resolution:</source>
        <translation>PNG-Auflösung:</translation>
    </message>
</context>
<context>
    <name>QuizPanel</name>
    <message>
        <source>Quiz</source>
        <extracomment>The panel&apos;s own words (the UI language; the questions follow the content language), marked for lupdate and translated where shown, so the translator installed at start applies.</extracomment>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Tours: every way out once</source>
        <translation>Touren: jeder Ausgang einmal</translation>
    </message>
    <message>
        <source>Scenario: {name}</source>
        <translation>Szenario: {name}</translation>
    </message>
    <message>
        <source>Question {number} of {total}</source>
        <translation>Frage {number} von {total}</translation>
    </message>
    <message>
        <source>Reveal (Space)</source>
        <translation>Auflösen (Leertaste)</translation>
    </message>
    <message>
        <source>Next (Space)</source>
        <translation>Weiter (Leertaste)</translation>
    </message>
    <message>
        <source>Finish (Space)</source>
        <translation>Beenden (Leertaste)</translation>
    </message>
    <message>
        <source>Leave quiz (Esc)</source>
        <translation>Quiz verlassen (Esc)</translation>
    </message>
    <message>
        <source>This walk asks nothing: the start has no way out.</source>
        <translation>Dieser Durchgang fragt nichts: Der Start hat keinen Ausgang.</translation>
    </message>
    <message>
        <source>Choice %1</source>
        <extracomment>The quiz ended and the panel let go of the canvas (Esc, the button, or a new machine). A question was answered or revealed: (question number, right or not; False when only revealed). One button per choice; key n answers with button n.</extracomment>
        <translation>Antwort %1</translation>
    </message>
    <message>
        <source>Choice %1: %2</source>
        <translation>Antwort %1: %2</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Session bar</source>
        <extracomment>Text height in presentation mode: the screen&apos;s height divided by this (24 px at 1080, 16 px at 720). Never smaller than this, whatever the screen.</extracomment>
        <translation>Sitzungsleiste</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Aktueller Zustand</translation>
    </message>
    <message>
        <source>Session time</source>
        <translation>Sitzungszeit</translation>
    </message>
    <message>
        <source>Way out on the keyboard</source>
        <translation>Ausgang auf der Tastatur</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>{target} cannot be reached from here.</source>
        <extracomment>How often the running clock advances simulated time (milliseconds of real time). The speeds the panel offers (simulated seconds per real second). A tick never advances more real time than this: after the machine was busy or suspended, the clock resumes instead of jumping over several timeouts. Pause between two steps of an automatic replay. The plain sentences this module says, in English (the source language), marked for lupdate and said in the UI language through Qt&apos;s translator; the names in them follow the content language.</extracomment>
        <translation>{target} ist von hier aus nicht erreichbar.</translation>
    </message>
    <message>
        <source>You are at {target}.</source>
        <translation>Sie sind bei {target}.</translation>
    </message>
    <message>
        <source>Time ran out: {trigger} → {target}.</source>
        <translation>Zeit abgelaufen: {trigger} → {target}.</translation>
    </message>
    <message>
        <source>{state} has no timeout to wait for.</source>
        <translation>{state} hat keine Zeitüberschreitung, auf die man warten könnte.</translation>
    </message>
    <message>
        <source>Nothing to go back to: this is the start.</source>
        <translation>Kein Schritt zurück: Dies ist der Anfang.</translation>
    </message>
    <message>
        <source>Nothing to go forward to.</source>
        <translation>Kein Schritt vorwärts.</translation>
    </message>
    <message>
        <source>Scenario stopped: {error}</source>
        <translation>Szenario angehalten: {error}</translation>
    </message>
    <message>
        <source>Scenario finished, but: {error}</source>
        <translation>Szenario beendet, aber: {error}</translation>
    </message>
    <message>
        <source>Scenario replayed: {count} steps, ended in {state}.</source>
        <translation>Szenario abgespielt: {count} Schritte, Ende in {state}.</translation>
    </message>
    <message>
        <source>No scenario is loaded.</source>
        <translation>Kein Szenario geladen.</translation>
    </message>
    <message>
        <source>Replay stopped: you took over.</source>
        <translation>Abspielen beendet: Sie haben übernommen.</translation>
    </message>
    <message>
        <source>Replaying {name}.</source>
        <translation>Spiele {name} ab.</translation>
    </message>
    <message>
        <source>Clock paused, so the steps ahead stay available.</source>
        <translation>Uhr angehalten, damit die Schritte voraus erhalten bleiben.</translation>
    </message>
    <message>
        <source>Clock running at {speed}×.</source>
        <translation>Uhr läuft mit {speed}×.</translation>
    </message>
    <message>
        <source>{state} is a final state: the session is over and the clock stops.</source>
        <translation>{state} ist ein Endzustand: Die Sitzung ist zu Ende, die Uhr steht.</translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>Go to state</source>
        <extracomment>Session time as mm:ss (h:mm:ss from one hour on, 2d 03:15:00 from a day on); rounded down. Time left as m:ss (2d 03:15:00 from a day on), rounded up so a countdown shows 0:00 only when it fires. The mouse entered it or the keyboard focused it (the transition id). The mouse left it or the keyboard focus did (the transition id). The user asked to open a scenario file (the window shows the dialog, then calls set_scenario). The user asked to save the trace as a scenario (the window asks where, then saves). A plain sentence for the status bar (the panel&apos;s own, e.g. &quot;trace copied&quot;). A way-out button is pointed at or focused (its transition id), or none is any more (&quot;&quot;). (machine, language, words) the target list was last filled for: refilled only when one changes.</extracomment>
        <translation>Gehe zu Zustand</translation>
    </message>
    <message>
        <source>Clock speed</source>
        <translation>Uhrgeschwindigkeit</translation>
    </message>
    <message>
        <source>No session. Open a machine to start one.</source>
        <extracomment>Base text size: readable from the back of a classroom. The current state&apos;s name. The session clock. Captions and hints. The least height of the ways-out area and of the tabs (each scrolls inside); 30 px less when short of room. Number keys that fire ways out (1..9; a tenth way out is clicked). The panel&apos;s fixed words, in English (the source language), marked for lupdate and shown in the UI language through Qt&apos;s translator (resources/i18n/); names of states and triggers and the procedure steps are the machine&apos;s and follow the content language (Ctrl+L) instead.</extracomment>
        <translation>Keine Sitzung. Öffnen Sie eine Maschine, um eine zu beginnen.</translation>
    </message>
    <message>
        <source>◎ Final state: the session ends here</source>
        <translation>◎ Endzustand: Die Sitzung endet hier</translation>
    </message>
    <message>
        <source>in this state for {time}</source>
        <translation>seit {time} in diesem Zustand</translation>
    </message>
    <message>
        <source>No way out of this state.</source>
        <translation>Aus diesem Zustand führt kein Weg hinaus.</translation>
    </message>
    <message>
        <source>◷ {time}</source>
        <translation>◷ {time}</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Point at or tab to a way out to read its procedure here.</source>
        <translation>Zeigen Sie auf einen Ausgang oder wählen Sie ihn mit Tab, um hier seinen Ablauf zu lesen.</translation>
    </message>
    <message>
        <source>Fires by itself after {duration}.</source>
        <translation>Geschieht von selbst nach {duration}.</translation>
    </message>
    <message>
        <source>next on the path</source>
        <translation>nächster Schritt zum Ziel</translation>
    </message>
    <message>
        <source>Go to…</source>
        <translation>Gehe zu…</translation>
    </message>
    <message>
        <source>— no target —</source>
        <translation>— kein Ziel —</translation>
    </message>
    <message>
        <source>Choose a target state to see the shortest way there.</source>
        <translation>Wählen Sie einen Zielzustand, um den kürzesten Weg zu sehen.</translation>
    </message>
    <message>
        <source>You are there.</source>
        <translation>Sie sind am Ziel.</translation>
    </message>
    <message>
        <source>{count} steps to {target}. Next: {next}.</source>
        <translation>{count} Schritte bis {target}. Nächster: {next}.</translation>
    </message>
    <message>
        <source>1 step to {target}: {next}.</source>
        <translation>1 Schritt bis {target}: {next}.</translation>
    </message>
    <message>
        <source>{target} cannot be reached from here.</source>
        <translation>{target} ist von hier aus nicht erreichbar.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Next timeout in {time}: {trigger} → {target}</source>
        <translation>Nächste Zeitüberschreitung in {time}: {trigger} → {target}</translation>
    </message>
    <message>
        <source>This state has no timeout.</source>
        <translation>Dieser Zustand hat keine Zeitüberschreitung.</translation>
    </message>
    <message>
        <source>Wait for next timeout</source>
        <translation>Auf nächste Zeitüberschreitung warten</translation>
    </message>
    <message>
        <source>Run clock</source>
        <translation>Uhr starten</translation>
    </message>
    <message>
        <source>Pause clock</source>
        <translation>Uhr anhalten</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Forward ▶</source>
        <translation>Vor ▶</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>0.  00:00  Start: {state}</source>
        <translation>0.  00:00  Start: {state}</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>Open scenario…</source>
        <translation>Szenario öffnen…</translation>
    </message>
    <message>
        <source>Save scenario…</source>
        <translation>Szenario speichern…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Stop replay</source>
        <translation>Abspielen stoppen</translation>
    </message>
    <message>
        <source>Step replay</source>
        <translation>Schrittweise abspielen</translation>
    </message>
    <message>
        <source>Copy trace as Markdown</source>
        <translation>Verlauf als Markdown kopieren</translation>
    </message>
    <message>
        <source>Trace copied as Markdown ({count} steps).</source>
        <translation>Verlauf als Markdown kopiert ({count} Schritte).</translation>
    </message>
    <message>
        <source>No scenario loaded.</source>
        <translation>Kein Szenario geladen.</translation>
    </message>
    <message>
        <source>Note for step {step} (saved with the scenario)</source>
        <translation>Notiz zu Schritt {step} (wird im Szenario gespeichert)</translation>
    </message>
    <message>
        <source>Loaded: {name} ({count} steps)</source>
        <translation>Geladen: {name} ({count} Schritte)</translation>
    </message>
    <message>
        <source>Timeouts set by an administrator last</source>
        <translation>Vom Administrator eingestellte Zeitlimits dauern</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>{count} ways out: Tab chooses, PageDown takes it</source>
        <translation>{count} Ausgänge: Tab wählt, Bild↓ nimmt ihn</translation>
    </message>
    <message>
        <source>One way out: PageDown takes it</source>
        <translation>Ein Ausgang: Bild↓ nimmt ihn</translation>
    </message>
    <message>
        <source>PgDn ▶  PgUp ◀  B blank  Esc</source>
        <translation>Bild↓ ▶  Bild↑ ◀  B dunkel  Esc</translation>
    </message>
    <message>
        <source>step {number}: {trigger}</source>
        <translation>Schritt {number}: {trigger}</translation>
    </message>
    <message>
        <source>Note for this step</source>
        <translation>Notiz zu diesem Schritt</translation>
    </message>
    <message>
        <source>Ways out</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>Procedure, trace and scenario</source>
        <translation>Ablauf, Verlauf und Szenario</translation>
    </message>
    <message>
        <source>Session time</source>
        <translation>Sitzungszeit</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Aktueller Zustand</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Open a machine</source>
        <extracomment>The name code looks the row up by (:func:`keys_for`). Written keys (&quot;Ctrl+T&quot;) or Qt standard keys, in the order the help lists them. What the keys do, as the help says it (English; :func:`help_rows` gives it in the UI language). How the help writes the keys when listing them one by one would be long (&quot;1 … 9&quot;). The table, in the order the help lists it.</extracomment>
        <translation>Einen Automaten öffnen</translation>
    </message>
    <message>
        <source>Reload the machine from disk</source>
        <translation>Den Automaten neu von der Festplatte laden</translation>
    </message>
    <message>
        <source>Export the picture (SVG, PNG, PDF)</source>
        <translation>Das Bild exportieren (SVG, PNG, PDF)</translation>
    </message>
    <message>
        <source>Fire the numbered way out of the current state</source>
        <translation>Den Ausgang mit dieser Nummer aus dem aktuellen Zustand nehmen</translation>
    </message>
    <message>
        <source>Back one step</source>
        <translation>Einen Schritt zurück</translation>
    </message>
    <message>
        <source>Forward one step</source>
        <translation>Einen Schritt vorwärts</translation>
    </message>
    <message>
        <source>Restart the session</source>
        <translation>Die Sitzung neu beginnen</translation>
    </message>
    <message>
        <source>Wait for the next timeout</source>
        <translation>Auf den nächsten Zeitablauf warten</translation>
    </message>
    <message>
        <source>Run / pause the session clock</source>
        <translation>Die Uhr der Sitzung starten / anhalten</translation>
    </message>
    <message>
        <source>Find a state by name</source>
        <translation>Einen Zustand nach Namen suchen</translation>
    </message>
    <message>
        <source>Go to a state: show the shortest path</source>
        <translation>Zu einem Zustand: den kürzesten Weg zeigen</translation>
    </message>
    <message>
        <source>Copy the trace as Markdown</source>
        <translation>Den Verlauf als Markdown kopieren</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>An das Fenster anpassen</translation>
    </message>
    <message>
        <source>Switch label language</source>
        <translation>Sprache der Beschriftungen wechseln</translation>
    </message>
    <message>
        <source>Show all trigger labels</source>
        <translation>Alle Auslöser-Beschriftungen zeigen</translation>
    </message>
    <message>
        <source>Focus on the session (dim the rest)</source>
        <translation>Fokus auf die Sitzung (den Rest abblenden)</translation>
    </message>
    <message>
        <source>Full screen (projector)</source>
        <translation>Vollbild (Beamer)</translation>
    </message>
    <message>
        <source>Leave the compare view or presentation mode</source>
        <translation>Vergleichsansicht oder Präsentationsmodus verlassen</translation>
    </message>
    <message>
        <source>Presentation mode: canvas and session bar only, text sized for the room</source>
        <translation>Präsentationsmodus: nur Zeichenfläche und Sitzungsleiste, Schrift groß genug für den Raum</translation>
    </message>
    <message>
        <source>Centre on the current state</source>
        <translation>Auf den aktuellen Zustand zentrieren</translation>
    </message>
    <message>
        <source>Move through the ways out of the current state on the canvas (Enter takes one)</source>
        <translation>Durch die Ausgänge des aktuellen Zustands auf der Zeichenfläche gehen (Enter nimmt einen)</translation>
    </message>
    <message>
        <source>Presenting: next step of the loaded scenario, else take the chosen way out</source>
        <translation>Beim Präsentieren: nächster Schritt des geladenen Szenarios, sonst den gewählten Ausgang nehmen</translation>
    </message>
    <message>
        <source>Presenting: back one step</source>
        <translation>Beim Präsentieren: einen Schritt zurück</translation>
    </message>
    <message>
        <source>Presenting: blank the screen (any key shows it again)</source>
        <translation>Beim Präsentieren: Bildschirm schwarz schalten (jede Taste zeigt ihn wieder)</translation>
    </message>
    <message>
        <source>Quiz: answer with choice 1 to 4</source>
        <translation>Quiz: mit Antwort 1 bis 4 antworten</translation>
    </message>
    <message>
        <source>Quiz: reveal the answer, then the next question (Esc leaves the quiz)</source>
        <translation>Quiz: Antwort aufdecken, dann die nächste Frage (Esc beendet das Quiz)</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Diese Liste</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>fires after the configured time (an administrator&apos;s setting)</source>
        <extracomment>The ways a description is shown. &quot;inspector&quot;: a heading, the other languages&apos; names, every fact, the id; &quot;tooltip&quot;: the same facts in a line or two each; &quot;panel&quot;: the trigger and where it leads, then the procedure (ids are no use on a projector).</extracomment>
        <translation>schaltet nach der eingestellten Zeit (eine Einstellung der Administration)</translation>
    </message>
    <message>
        <source>fires after %1</source>
        <translation>schaltet nach %1</translation>
    </message>
    <message>
        <source>Actor:</source>
        <translation>Akteur:</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Vorgehen</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitablauf:</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>unerreichbar</translation>
    </message>
    <message>
        <source>dead end</source>
        <translation>Sackgasse</translation>
    </message>
    <message>
        <source>trap: no final state reachable</source>
        <translation>Falle: kein Endzustand erreichbar</translation>
    </message>
    <message>
        <source>initial state</source>
        <translation>Anfangszustand</translation>
    </message>
    <message>
        <source>final state</source>
        <translation>Endzustand</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 hinein · %2 hinaus</translation>
    </message>
    <message>
        <source>Ways out</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>Ways in</source>
        <translation>Eingänge</translation>
    </message>
</context>
<context>
    <name>ToursDialog</name>
    <message>
        <source>Tours</source>
        <extracomment>Play the tour with this index (0-based) through the session.</extracomment>
        <translation>Rundgänge</translation>
    </message>
    <message numerus="yes">
        <source>%n tour(s) from %1 take every reachable transition: %2 steps in all for %3 transitions (the lower bound; ratio %4).</source>
        <translation>
            <numerusform>%n Tour ab %1 nimmt jeden erreichbaren Übergang: insgesamt %2 Schritte für %3 Übergänge (die Untergrenze; Verhältnis %4).</numerusform>
            <numerusform>%n Touren ab %1 nehmen jeden erreichbaren Übergang: insgesamt %2 Schritte für %3 Übergänge (die Untergrenze; Verhältnis %4).</numerusform>
        </translation>
    </message>
    <message>
        <source>Not coverable (their source cannot be reached from the initial state): %1.</source>
        <translation>Nicht abdeckbar (ihr Ausgangszustand ist vom Anfangszustand aus nicht erreichbar): %1.</translation>
    </message>
    <message>
        <source>Every transition can be covered.</source>
        <translation>Jeder Übergang kann abgedeckt werden.</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
</context>
</TS>
