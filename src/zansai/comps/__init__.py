"""Comparable sales (取引事例): MLIT's 不動産取引価格情報 and 成約価格情報, parsed strictly,
imported from the download CSV (or fetched from the 不動産情報ライブラリ API) into the app's SQLite
database and queried offline.

``record`` holds one transaction (``Comparable``), ``fields`` the strict parsers of the download
CSV's columns, ``csvfile`` the file (header, encoding), ``store`` the tables and the one-transaction
import, ``query`` the selection, ``client`` the API client (``api_fields`` its answers' shapes,
``fetch`` a span of quarters). Nothing here is imported at CLI start-up: only ``zansai comps`` and
the valuation import it.
"""
