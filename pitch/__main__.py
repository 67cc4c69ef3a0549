"""`python -m pitch` runs the command-line tool."""

from pitch.cli import main

raise SystemExit(main())
