"""Renderings of results: the terminal report, the HTML report and results fragment (with their
SVG charts and templates), the PDF, and the JSON wrappers. Rendering only: the figures are the
engine's."""
