"""``python -m newsclean`` is the command-line tool."""

from .cli import main

raise SystemExit(main())
