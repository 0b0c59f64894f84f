"""Comparable sales (取引価格・成約価格) from MLIT's 不動産情報ライブラリ: API client, import, store."""
