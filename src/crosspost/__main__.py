"""`python -m crosspost` runs the command line."""

from .cli import run

run()
