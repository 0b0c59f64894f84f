"""Every rendering of a result: the terminal (``terminal/``), HTML (``html``) and PDF (``pdf``),
and the JSON and CSV shapes the shells print or serve (``*_json``, ``schedule_csv``)."""
