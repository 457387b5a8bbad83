"""``python -m kg.cli.run``: the same as the ``kg`` console script."""
from kg.cli import main

if __name__ == "__main__":
    main()
