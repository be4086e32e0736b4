"""Compile the paper reproducibly and inspect the resulting PDF.

:func:`compile_paper` runs ``latexmk`` (or, when it is missing, ``pdflatex``/``bibtex``
by hand) with ``SOURCE_DATE_EPOCH`` and ``FORCE_SOURCE_DATE=1`` set, so pdfTeX writes fixed
dates and a fixed document id and two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib
from collections.abc import Mapping
from pathlib import Path

from ..errors import EventStudyError

__all__ = [
    "DEBIAN_PACKAGES",
    "DEFAULT_SOURCE_DATE_EPOCH",
    "PaperBuildError",
    "LatexNotFoundError",
    "latex_available",
    "compile_paper",
    "pdf_page_count",
]

#: Debian/Ubuntu packages that provide everything the paper needs.
DEBIAN_PACKAGES = (
    "latexmk texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended"
)

#: Default build date (2025-03-01 00:00:00 UTC, after the last event studied) when
#: ``SOURCE_DATE_EPOCH`` is not set in the environment.
DEFAULT_SOURCE_DATE_EPOCH = 1740787200


class PaperBuildError(EventStudyError, RuntimeError):
    """LaTeX failed to compile the paper; the message carries the errors from the log."""


class LatexNotFoundError(PaperBuildError, FileNotFoundError):
    """Neither ``latexmk`` nor ``pdflatex`` is installed."""


def latex_available() -> bool:
    """Return True when ``pdflatex`` (needed by both build routes) is on the PATH."""
    return shutil.which("pdflatex") is not None


def _build_env(source_date_epoch: int | None, extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(int(source_date_epoch))
    else:
        env.setdefault("SOURCE_DATE_EPOCH", str(DEFAULT_SOURCE_DATE_EPOCH))
    env["FORCE_SOURCE_DATE"] = "1"
    env["TZ"] = "UTC"
    env.update(extra or {})
    return env


def _log_excerpt(log: Path, fallback: str, max_lines: int = 40) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else fallback
    lines = text.splitlines()
    errors = [i for i, ln in enumerate(lines) if ln.startswith("!") or "Error" in ln]
    if errors:
        picked: list[str] = []
        for i in errors[:5]:
            picked.extend(lines[i : i + 4])
        return "\n".join(picked[:max_lines])
    return "\n".join(lines[-max_lines:])


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float, log: Path) -> None:
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PaperBuildError(f"{' '.join(cmd)} timed out after {timeout:.0f} s in {cwd}") from exc
    if proc.returncode != 0:
        excerpt = _log_excerpt(log, proc.stdout + proc.stderr)
        raise PaperBuildError(
            f"{' '.join(cmd)} failed (exit {proc.returncode}) in {cwd}; see {log}.\n{excerpt}"
        )


def compile_paper(
    paper_dir: str | Path,
    main: str = "paper.tex",
    source_date_epoch: int | None = None,
    timeout: float = 600.0,
    use_latexmk: bool | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Compile ``paper_dir/main`` to PDF and return the PDF's path.

    Parameters
    ----------
    paper_dir : str or pathlib.Path
        Directory holding the paper (and its ``generated/`` and ``figures/`` inputs).
    main : str, default "paper.tex"
        The main LaTeX file, relative to ``paper_dir``.
    source_date_epoch : int, optional
        Build date in seconds since the epoch; by default ``$SOURCE_DATE_EPOCH`` or
        :data:`DEFAULT_SOURCE_DATE_EPOCH`. ``FORCE_SOURCE_DATE=1`` is always set, so ``\\today``
        and the PDF's dates and id do not depend on the clock.
    timeout : float, default 600
        Seconds allowed per command.
    use_latexmk : bool, optional
        Force (True) or avoid (False) latexmk; by default it is used when installed, else
        ``pdflatex``, ``bibtex``, ``pdflatex``, ``pdflatex``.
    env : Mapping[str, str], optional
        Extra environment variables.

    Returns
    -------
    pathlib.Path
        ``paper_dir/<main stem>.pdf``.

    Raises
    ------
    LatexNotFoundError
        Neither latexmk nor pdflatex is installed (the message names the Debian packages).
    PaperBuildError
        LaTeX stopped on an error; the message quotes the log.
    """
    root = Path(paper_dir).resolve()
    tex = root / main
    if not tex.is_file():
        raise FileNotFoundError(f"no {main} in {root}")
    stem = tex.stem
    latexmk = shutil.which("latexmk")
    pdflatex = shutil.which("pdflatex")
    if use_latexmk is None:
        use_latexmk = latexmk is not None
    if pdflatex is None or (use_latexmk and latexmk is None):
        missing = "latexmk" if pdflatex is not None else "pdflatex"
        raise LatexNotFoundError(
            f"{missing} is not installed, so the paper cannot be compiled. On Debian/Ubuntu: "
            f"sudo apt-get install {DEBIAN_PACKAGES}"
        )
    run_env = _build_env(source_date_epoch, env)
    log = root / f"{stem}.log"
    flags = ["-interaction=nonstopmode", "-halt-on-error"]
    if use_latexmk:
        _run([latexmk or "latexmk", "-pdf", *flags, tex.name], root, run_env, timeout, log)
    else:
        _run([pdflatex, *flags, tex.name], root, run_env, timeout, log)
        bibtex = shutil.which("bibtex")
        if bibtex is None:
            raise LatexNotFoundError(
                f"bibtex is not installed. On Debian/Ubuntu: sudo apt-get install {DEBIAN_PACKAGES}"
            )
        _run([bibtex, stem], root, run_env, timeout, root / f"{stem}.blg")
        for _ in range(2):
            _run([pdflatex, *flags, tex.name], root, run_env, timeout, log)
    pdf = root / f"{stem}.pdf"
    if not pdf.is_file():
        raise PaperBuildError(f"LaTeX finished without writing {pdf}")
    return pdf


_STREAM_RE = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_PAGES_RE = re.compile(rb"/Type\s*/Pages\b")
_OBJ_RE = re.compile(rb"<<(?:(?!<<|>>).|<<(?:(?!<<|>>).)*>>)*>>", re.S)
_COUNT_RE = re.compile(rb"/Count\s+(\d+)")


def pdf_page_count(path: str | Path) -> int:
    """Return the number of pages of a PDF, without third-party libraries.

    The page count is the largest ``/Count`` of a ``/Type /Pages`` dictionary (the root of the page
    tree), searched both in the file and inside Flate-compressed object streams (PDF 1.5+, as
    written by pdfTeX).

    Parameters
    ----------
    path : str or pathlib.Path
        The PDF file.

    Returns
    -------
    int
        Number of pages.

    Raises
    ------
    ValueError
        The file is not a PDF or has no page tree.
    """
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF"):
        raise ValueError(f"{path} is not a PDF file")
    chunks = [data]
    for m in _STREAM_RE.finditer(data):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    counts: list[int] = []
    for chunk in chunks:
        for d in _OBJ_RE.finditer(chunk):
            body = d.group(0)
            if _PAGES_RE.search(body):
                counts.extend(int(c) for c in _COUNT_RE.findall(body))
    if not counts:
        raise ValueError(f"{path}: no page tree found")
    return max(counts)
