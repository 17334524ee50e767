"""``python -m pybuildkite``: the same command as ``pybuildkite``."""

from pybuildkite.cli import main

if __name__ == "__main__":
    main()
