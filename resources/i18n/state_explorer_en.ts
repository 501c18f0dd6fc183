<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Showing the %n states around “%1” while the full picture is laid out…</source>
        <translation>
            <numerusform>Showing the %n state around “%1” while the full picture is laid out…</numerusform>
            <numerusform>Showing the %n states around “%1” while the full picture is laid out…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Laying out %n state(s)…</source>
        <translation>
            <numerusform>Laying out %n state…</numerusform>
            <numerusform>Laying out %n states…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n state(s)</source>
        <translation>
            <numerusform>%n state</numerusform>
            <numerusform>%n states</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transition(s)</source>
        <translation>
            <numerusform>%n transition</numerusform>
            <numerusform>%n transitions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeout edge(s)</source>
        <translation>
            <numerusform>%n timeout edge</numerusform>
            <numerusform>%n timeout edges</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n unreachable</numerusform>
            <numerusform>%n unreachable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dead end(s)</source>
        <translation>
            <numerusform>%n dead end</numerusform>
            <numerusform>%n dead ends</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n trap(s)</source>
        <translation>
            <numerusform>%n trap</numerusform>
            <numerusform>%n traps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ambiguous trigger(s)</source>
        <translation>
            <numerusform>%n ambiguous trigger</numerusform>
            <numerusform>%n ambiguous triggers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeout conflict(s)</source>
        <translation>
            <numerusform>%n timeout conflict</numerusform>
            <numerusform>%n timeout conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n self-loop(s)</source>
        <translation>
            <numerusform>%n self-loop</numerusform>
            <numerusform>%n self-loops</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missing label(s)</source>
        <translation>
            <numerusform>%n missing label</numerusform>
            <numerusform>%n missing labels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without steps</source>
        <translation>
            <numerusform>%n without steps</numerusform>
            <numerusform>%n without steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more (see Defects)</source>
        <translation>
            <numerusform>and %n more (see Defects)</numerusform>
            <numerusform>and %n more (see Defects)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n pages)</source>
        <translation>
            <numerusform>(%n page)</numerusform>
            <numerusform>(%n pages)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToursDialog</name>
    <message numerus="yes">
        <source>%n tour(s) from %1 take every reachable transition: %2 steps in all for %3 transitions (the lower bound; ratio %4).</source>
        <translation>
            <numerusform>%n tour from %1 takes every reachable transition: %2 steps in all for %3 transitions (the lower bound; ratio %4).</numerusform>
            <numerusform>%n tours from %1 take every reachable transition: %2 steps in all for %3 transitions (the lower bound; ratio %4).</numerusform>
        </translation>
    </message>
</context>
</TS>
