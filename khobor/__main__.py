"""`khobor` and `python -m khobor`: the command line, with the signal handler installed before
anything heavy is imported (`khobor.system.interrupts`), so a signal during the imports is handled
as
one during the command."""

from __future__ import annotations

import sys


def main() -> None:
    from khobor.system import interrupts

    interrupts.install_for_command()
    try:
        from khobor.cli.commands import app
    except interrupts.Interrupted as stop:

        def say(message: str) -> None:
            sys.stderr.write(f"khobor: {message}\n")

        interrupts.hold()
        say(interrupts.stop_message(stop.signum))
        interrupts.finish(stop.exit_code, say)
        raise SystemExit(stop.exit_code) from None
    app(prog_name="khobor")


if __name__ == "__main__":
    main()
