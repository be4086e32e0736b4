"""Compile the paper reproducibly, in a fresh build directory, and inspect the resulting PDF.

:func:`compile_paper` copies the paper's sources into a new temporary directory and runs
``latexmk`` (or, when it is missing, ``pdflatex``/``bibtex`` by hand) there, with
``SOURCE_DATE_EPOCH`` and ``FORCE_SOURCE_DATE=1`` set, so pdfTeX writes fixed dates and a fixed
document id and two builds of the same sources give the same bytes. Nothing a build leaves behind
(``.aux``, ``.bbl``, latexmk's ``.fdb_latexmk`` memory of a failed run) can reach the next build,
and ``paper.pdf`` in the paper directory is replaced only by a successful build.

The TeX side needs the Debian packages in :data:`DEBIAN_PACKAGES` (the same list as
``tools/debian-packages.txt``, which ``tools/install-system-deps.sh`` installs when run as root).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import EventStudyError

__all__ = [
    "APT_INSTALL",
    "DEBIAN_PACKAGES",
    "DEFAULT_SOURCE_DATE_EPOCH",
    "PaperBuildError",
    "LatexNotFoundError",
    "latex_available",
    "compile_paper",
    "pdf_page_count",
]

#: Debian 12 packages that provide everything the paper needs (installed with
#: ``--no-install-recommends``); the same list as ``tools/debian-packages.txt``.
DEBIAN_PACKAGES = (
    "latexmk texlive-latex-base texlive-latex-recommended lmodern texlive-latex-extra poppler-utils"
)

#: The exact command that installs :data:`DEBIAN_PACKAGES`.
APT_INSTALL = f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {DEBIAN_PACKAGES}"

#: Default build date (2025-03-01 00:00:00 UTC, after the last event studied) when
#: ``SOURCE_DATE_EPOCH`` is not set in the environment.
DEFAULT_SOURCE_DATE_EPOCH = 1740787200

#: Files a LaTeX build writes beside the main file; never copied into the build directory.
_ARTEFACTS = (
    "*.aux",
    "*.bbl",
    "*.blg",
    "*.fdb_latexmk",
    "*.fls",
    "*.log",
    "*.out",
    "*.toc",
    "*.lof",
    "*.lot",
    "*.synctex.gz",
)

_MISSING_FILE_RE = re.compile(r"! LaTeX Error: File `([^']+)' not found")


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
        excerpt = "\n".join(picked[:max_lines])
    else:
        excerpt = "\n".join(lines[-max_lines:])
    missing = sorted(set(_MISSING_FILE_RE.findall(text)))
    if missing:
        excerpt += (
            f"\nTeX cannot find {', '.join(missing)}: install the Debian packages the paper needs "
            f"with\n    {APT_INSTALL}"
        )
    return excerpt


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float, log: Path, shown: Path) -> None:
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
        raise PaperBuildError(f"{' '.join(cmd)} timed out after {timeout:.0f} s; see {shown}") from exc
    if proc.returncode != 0:
        excerpt = _log_excerpt(log, proc.stdout + proc.stderr)
        raise PaperBuildError(f"{' '.join(cmd)} failed (exit {proc.returncode}); see {shown}.\n{excerpt}")


def _ignore_artefacts(top: Path, pdf_name: str) -> Callable[[str, list[str]], set[str]]:
    """``copytree`` filter: skip LaTeX artefacts everywhere and the old PDF at the top level."""
    patterns = shutil.ignore_patterns(*_ARTEFACTS)

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = set(patterns(directory, names))
        if Path(directory) == top:
            skipped |= {n for n in names if n == pdf_name or n.startswith(".")}
        return skipped

    return ignore


def compile_paper(
    paper_dir: str | Path,
    main: str = "paper.tex",
    source_date_epoch: int | None = None,
    timeout: float = 600.0,
    use_latexmk: bool | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Compile ``paper_dir/main`` to PDF in a fresh build directory and return the PDF's path.

    The sources (``main``, the bibliography, ``latexmkrc``, ``generated/``, ``figures/``; every
    file of ``paper_dir`` except LaTeX's own artefacts and the old PDF) are copied into a new
    temporary directory and compiled there, so a failed or interrupted build never blocks the
    next one. The log is copied back to ``paper_dir/<main stem>.log`` after every build; the
    PDF replaces ``paper_dir/<main stem>.pdf`` (atomically) only when the build succeeds.

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
    FileNotFoundError
        ``paper_dir/main`` does not exist.
    LatexNotFoundError
        Neither latexmk nor pdflatex is installed (the message gives the apt-get line,
        :data:`APT_INSTALL`).
    PaperBuildError
        LaTeX stopped on an error; the message quotes the log (and the apt-get line when a
        ``.sty`` or font file is missing). ``paper_dir/<main stem>.pdf`` is left as it was.
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
            f"{missing} is not installed, so the paper cannot be compiled. On Debian/Ubuntu, "
            f"install the packages the paper needs (as root: tools/install-system-deps.sh):\n    {APT_INSTALL}"
        )
    bibtex = shutil.which("bibtex")
    if not use_latexmk and bibtex is None:
        raise LatexNotFoundError(f"bibtex is not installed. On Debian/Ubuntu:\n    {APT_INSTALL}")
    run_env = _build_env(source_date_epoch, env)
    pdf = root / f"{stem}.pdf"
    shown_log = root / f"{stem}.log"
    flags = ["-interaction=nonstopmode", "-halt-on-error"]
    with tempfile.TemporaryDirectory(prefix="eventstudy-paper-") as tmp:
        build = Path(tmp) / "build"
        shutil.copytree(root, build, ignore=_ignore_artefacts(root, pdf.name))
        log = build / f"{stem}.log"
        try:
            if use_latexmk:
                _run(
                    [latexmk or "latexmk", "-pdf", *flags, tex.name], build, run_env, timeout, log, shown_log
                )
            else:
                _run([pdflatex, *flags, tex.name], build, run_env, timeout, log, shown_log)
                _run([bibtex or "bibtex", stem], build, run_env, timeout, build / f"{stem}.blg", shown_log)
                for _ in range(2):
                    _run([pdflatex, *flags, tex.name], build, run_env, timeout, log, shown_log)
        finally:
            if log.is_file():
                shutil.copyfile(log, shown_log)
        built = build / pdf.name
        if not built.is_file():
            raise PaperBuildError(f"LaTeX finished without writing {pdf.name}; see {shown_log}")
        staged = root / f".{pdf.name}.partial"
        shutil.copyfile(built, staged)
        os.replace(staged, pdf)
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
