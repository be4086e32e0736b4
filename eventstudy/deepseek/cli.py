"""Command-line entry point: ``eventstudy reproduce`` and ``eventstudy claims``."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main", "check_output_dir"]


def check_output_dir(value: str, flag: str) -> Path:
    """The directory ``value`` names, refused when it cannot be an output directory.

    Refused: an empty name (it would write into the current directory), an existing
    non-directory (a file, ``/dev/null``), a path under a file, or an unwritable location.

    Raises
    ------
    SpecificationError
        Naming the flag, the value and the fix.
    """
    from ..errors import SpecificationError

    if not str(value).strip():
        raise SpecificationError(
            f"{flag} is empty; name an output directory, e.g. {flag} results (use '.' for the current one)"
        )
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise SpecificationError(
            f"{flag} {str(value)!r} exists and is not a directory; name a directory (it is created if needed)"
        )
    parent = path
    while not parent.exists():  # the first existing ancestor must be a writable directory
        parent = parent.parent
    if not parent.is_dir():
        raise SpecificationError(
            f"{flag} {str(value)!r} lies under {str(parent)!r}, which is a file, not a directory; "
            "choose another location"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SpecificationError(
            f"{flag} {str(value)!r}: {str(parent)!r} is not writable; choose another location"
        )
    return path


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
    c = sub.add_parser("claims", help="evaluate every claim in the registry and print one verdict per claim")
    c.add_argument(
        "--format",
        choices=("md", "csv", "json"),
        default="md",
        help="md: the reader's report; csv/json: one row per claim (default: md)",
    )
    c.add_argument(
        "--all-readings",
        action="store_true",
        help="csv/json: every reading (primary, sensitivity and context rows) instead of one row per claim",
    )
    return p


#: Environment that fixes every BLAS/OpenMP pool to one thread *before* numpy loads: the
#: GARCH maximum likelihood is flat enough that OpenBLAS's one-thread kernels move its
#: estimates in the 7th digit, so ``reproduce`` always runs with these set.
PINNED_THREADS_ENV: dict[str, str] = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "BLIS_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}


def _reexec_with_pinned_threads() -> None:
    """From the command line, restart ``reproduce`` once with :data:`PINNED_THREADS_ENV` set.

    numpy (and so OpenBLAS) is already loaded when the entry point runs, and a BLAS pool
    set up with several threads computes differently from one started single-threaded even
    when limited to one thread later; only the environment at start-up makes reruns
    byte-identical on every machine.
    """
    if all(os.environ.get(k) == v for k, v in PINNED_THREADS_ENV.items()):
        return
    env = {**os.environ, **PINNED_THREADS_ENV}
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "eventstudy.deepseek", *sys.argv[1:]], env)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    if argv is None and args.command == "reproduce":  # a real command line, not an in-process call
        _reexec_with_pinned_threads()
    from ..errors import DataQualityWarning, EventStudyError, EventStudyWarning

    try:
        if args.command == "claims":
            from .claims import evaluate_claims
            from .claims_output import format_claims

            sys.stdout.write(
                format_claims(
                    evaluate_claims(data_dir=args.data_dir), args.format, all_readings=args.all_readings
                )
            )
            return 0
        out_dir = check_output_dir(args.out, "--out")
        paper_dir = None if args.no_paper else check_output_dir(args.paper, "--paper")
        from threadpoolctl import threadpool_limits

        from .pipeline import reproduce

        # one BLAS/OpenMP thread: reductions then run in one fixed order, so reruns are
        # byte-identical whatever the machine's core count (the GARCH rows differed in the
        # 8th digit between 1 and 2 OpenBLAS threads)
        with warnings.catch_warnings(), threadpool_limits(limits=1):
            if args.strict:
                warnings.simplefilter("error", DataQualityWarning)
            reproduce(
                out_dir=out_dir,
                paper_dir=paper_dir,
                compile_pdf=not args.no_pdf,
                data_dir=args.data_dir,
                strict=args.strict,
            )
        return 0
    except (EventStudyError, EventStudyWarning) as exc:  # a warning only when raised as an error
        print(f"eventstudy: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a disk full or a permission change mid-run: still a clean message
        print(f"eventstudy: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
