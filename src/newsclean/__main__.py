"""``python -m newsclean`` is the command-line tool."""

from .cli.main import main

raise SystemExit(main())
