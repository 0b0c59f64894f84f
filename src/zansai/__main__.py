"""``python -m zansai`` runs the command line."""

from zansai.cli import main

main()
