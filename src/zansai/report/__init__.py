"""Renderings of results: the terminal report (and, later, HTML and PDF)."""
