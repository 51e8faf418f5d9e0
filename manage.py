#!/usr/bin/env python
"""Django's usual entry point; `alongside` (the console script) does the same."""

from alongside.cli import main

if __name__ == "__main__":
    main()
