"""`python -m avimcrawl` is the `avimcrawl` command."""

from avimcrawl.cli import main

main()
