"""The printable report as HTML (相談用レポート).

A stand-in until the report's HTML moves here from ``zansai.web.templating`` (branch ``charts``):
the command line already imports it from this place.
"""

from zansai.web.templating import report_html

__all__ = ["report_html"]
