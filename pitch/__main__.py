"""`python -m pitch` runs the command-line tool."""

from pitch.cli import run

if __name__ == "__main__":
    run()
