"""Command-line entry point: ``eventstudy reproduce`` and ``eventstudy claims``."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eventstudy", description="Event studies of the DeepSeek market claims.")
    p.add_argument(
        "--data-dir", default=None, help="snapshot directory (default: $EVENTSTUDY_DATA or ../shared/data)"
    )
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser(
        "reproduce", help="run the DeepSeek study: results/, figures, generated tables and the paper"
    )
    r.add_argument("--out", default="results", help="output directory for results (default: results)")
    r.add_argument("--paper", default="paper", help="paper directory (default: paper)")
    r.add_argument("--no-paper", action="store_true", help="skip the figures, generated tables and PDF")
    r.add_argument(
        "--no-pdf", action="store_true", help="write generated tables and figures but do not compile"
    )
    r.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="turn every data-quality warning into an error (default: on)",
    )
    c = sub.add_parser("claims", help="evaluate every claim in the registry and print the table")
    c.add_argument("--format", choices=("md", "csv", "json"), default="md")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    from ..errors import DataQualityWarning, EventStudyError

    try:
        if args.command == "claims":
            from .claims import evaluate_claims
            from .claims_output import format_claims

            sys.stdout.write(format_claims(evaluate_claims(data_dir=args.data_dir), args.format))
            return 0
        from .pipeline import reproduce

        with warnings.catch_warnings():
            if args.strict:
                warnings.simplefilter("error", DataQualityWarning)
            reproduce(
                out_dir=Path(args.out),
                paper_dir=None if args.no_paper else Path(args.paper),
                compile_pdf=not args.no_pdf,
                data_dir=args.data_dir,
                strict=args.strict,
            )
        return 0
    except (EventStudyError, DataQualityWarning) as exc:
        print(f"eventstudy: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
