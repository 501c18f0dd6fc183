"""The Qt user interface: canvas (scene, view, legend, export) and the window.

Only this package and the CLI import PySide6. Everything here takes model
objects (``Machine``) and geometry (``Layout``) and turns ids into items.
"""
