"""The paper build is hermetic, and the install step names exactly the packages it needs.

- A failed build never blocks the next one (no stale ``.fdb_latexmk``/``.aux`` reaches it) and
  never touches the last good ``paper.pdf``.
- ``tools/debian-packages.txt`` (read by ``tools/install-system-deps.sh``) and
  ``paper_compile.DEBIAN_PACKAGES`` agree, and every LaTeX package ``paper.tex`` loads is shipped
  by one of those Debian packages or by a package they depend on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from eventstudy.deepseek import paper_compile as build

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
PAPER = ROOT / "paper" / "paper.tex"

needs_latex = pytest.mark.skipif(
    any(shutil.which(c) is None for c in ("pdflatex", "bibtex", "latexmk", "pdftotext")),
    reason="pdflatex/bibtex/latexmk/pdftotext not installed; " + build.APT_INSTALL,
)

_GOOD = (
    "\\documentclass{article}\\usepackage{zzlocal}\\begin{document}Hello \\zz.\\newpage Two."
    "\\nocite{k}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n"
)
_BIB = "@book{k, author={A. Author}, title={T}, year={2000}, publisher={P}}\n"


def _sources(d: Path, with_sty: bool = True) -> None:
    (d / "paper.tex").write_text(_GOOD)
    (d / "refs.bib").write_text(_BIB)
    if with_sty:
        (d / "zzlocal.sty").write_text("\\newcommand{\\zz}{world}\n")


def _listed_packages() -> list[str]:
    text = (TOOLS / "debian-packages.txt").read_text(encoding="utf-8")
    return [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]


# --------------------------------------------------------------------------- the package list


def test_package_list_has_one_source() -> None:
    listed = _listed_packages()
    assert listed == build.DEBIAN_PACKAGES.split()
    assert "lmodern" in listed and "latexmk" in listed
    assert build.APT_INSTALL.endswith("apt-get install -y --no-install-recommends " + " ".join(listed))
    out = subprocess.run(
        ["sh", str(TOOLS / "install-system-deps.sh"), "--print"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == listed


def test_install_step_is_a_no_op_when_skipped() -> None:
    out = subprocess.run(
        ["sh", str(TOOLS / "install-system-deps.sh")],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "SKIP_SYSTEM_DEPS": "1"},
    )
    assert out.stdout == "" and out.stderr == ""


@pytest.mark.skipif(
    shutil.which("kpsewhich") is None or shutil.which("dpkg-query") is None,
    reason="needs TeX Live from Debian packages (kpsewhich, dpkg)",
)
def test_every_latex_package_of_the_paper_comes_from_the_list() -> None:
    tex = PAPER.read_text(encoding="utf-8")
    files = ["article.cls", "plainnat.bst", "t1lmr.fd"]
    for opts_names in re.findall(r"\\usepackage(?:\[[^\]]*\])?\{([^}]*)\}", tex):
        files += [f"{n.strip()}.sty" for n in opts_names.split(",") if n.strip()]
    listed = _listed_packages()
    allowed = set(listed)
    for pkg in listed:  # their direct dependencies come with them
        deps = subprocess.run(
            ["dpkg-query", "-W", "-f=${Depends}", pkg], capture_output=True, text=True, check=False
        ).stdout
        allowed |= {d.split()[0].split(":")[0] for d in deps.split(",") if d.strip()}
    for f in files:
        path = subprocess.run(["kpsewhich", f], capture_output=True, text=True, check=False).stdout.strip()
        assert path, f"{f} (used by paper.tex) is not installed; {build.APT_INSTALL}"
        owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=False).stdout
        owners = {o.strip() for o in owner.split(":", 1)[0].split(",")}
        assert owners & allowed, f"{f} comes from {owners}, not from tools/debian-packages.txt"


# --------------------------------------------------------------------------- hermetic builds


@needs_latex
@pytest.mark.parametrize("use_latexmk", [True, False])
def test_failed_build_does_not_block_the_next_one(tmp_path: Path, use_latexmk: bool) -> None:
    _sources(tmp_path)
    good = build.compile_paper(tmp_path, use_latexmk=use_latexmk)
    first = good.read_bytes()
    assert build.pdf_page_count(good) == 2

    # 1. the package disappears (as lmodern did on a fresh machine): the build fails, names the
    #    missing file and the apt-get line, and leaves the last good PDF as it was
    (tmp_path / "zzlocal.sty").unlink()
    (tmp_path / "paper.tex").write_text(_GOOD.replace("Two.", "Two. Three."))
    with pytest.raises(build.PaperBuildError, match="zzlocal.sty") as info:
        build.compile_paper(tmp_path, use_latexmk=use_latexmk)
    assert build.APT_INSTALL in str(info.value)
    assert good.read_bytes() == first
    assert "zzlocal.sty" in (tmp_path / "paper.log").read_text(errors="replace")
    # nothing of the failed run is left beside the sources to poison the next one
    leftovers = {p.name for p in tmp_path.iterdir()} - {"paper.tex", "refs.bib", "paper.pdf", "paper.log"}
    assert leftovers == set()

    # 2. the package is installed again: the very next build succeeds, with the new text
    _sources(tmp_path)
    (tmp_path / "paper.tex").write_text(_GOOD.replace("Two.", "Two. Three."))
    again = build.compile_paper(tmp_path, use_latexmk=use_latexmk)
    assert again == good and again.read_bytes() != first
    text = subprocess.run(["pdftotext", str(again), "-"], capture_output=True, text=True).stdout
    assert "Hello world." in text and "Two. Three." in text


@needs_latex
def test_stale_latexmk_state_beside_the_sources_is_ignored(tmp_path: Path) -> None:
    """Artefacts an older in-place build left (a .fdb_latexmk remembering a failure, a broken
    .aux) are not copied into the build directory."""
    _sources(tmp_path)
    (tmp_path / "paper.aux").write_text("\\relax \\broken{\n")
    (tmp_path / "paper.fdb_latexmk").write_text('# Fdb version 3\n["pdflatex"] 0 "paper.tex" "paper.pdf"\n')
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.5 stale\n")
    pdf = build.compile_paper(tmp_path)
    assert build.pdf_page_count(pdf) == 2
