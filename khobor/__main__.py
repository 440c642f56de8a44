"""`python -m khobor`: the same command line as `khobor`."""

from khobor.cli import app

if __name__ == "__main__":
    app(prog_name="khobor")
