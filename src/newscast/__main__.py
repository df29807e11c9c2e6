"""``python -m newscast`` runs the CLI."""

from .cli import main

main()
