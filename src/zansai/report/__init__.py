"""Renderings of results: the terminal (``terminal/``), the HTML report and results fragment (with
their SVG charts and templates), the PDF, and the JSON and CSV shapes the shells print or serve
(``*_json``, ``schedule_csv``). Rendering only: the figures are the engine's."""
