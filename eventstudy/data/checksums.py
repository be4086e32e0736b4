"""sha256 of data files and the manifest of expected values in ``SOURCES.md``.

``SOURCES.md`` records one line per file::

    sha256 of `prices_daily.csv`: `957343ca...`

:func:`expected_sha256` reads that line; :func:`verify_sha256` compares it with the file's
actual hash and raises :class:`~eventstudy.errors.ChecksumError` on a mismatch.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import ChecksumError

__all__ = [
    "sha256_file",
    "sha256_bytes",
    "read_verified",
    "manifest_sha256",
    "expected_sha256",
    "verify_sha256",
]

_LINE = re.compile(r"sha256 of `([^`]+)`\s*:\s*`([0-9a-fA-F]{64})`")


def sha256_file(path: str | Path, chunk_size: int = 1 << 20) -> str:
    """Return the hex sha256 digest of a file.

    Parameters
    ----------
    path : str or Path
        File to hash.
    chunk_size : int, default 1 MiB
        Read size.

    Returns
    -------
    str
        64 lower-case hex characters.
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_size):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _check(path: str | Path, actual: str, expected: str) -> str:
    if actual != expected.lower():
        raise ChecksumError(
            f"sha256 mismatch for {path}: expected {expected.lower()}, got {actual}. "
            "The file was modified or truncated; restore the original snapshot file "
            "(or update the manifest if the change is intended)."
        )
    return actual


def read_verified(path: str | Path, expected: str | None = None) -> tuple[bytes, str]:
    """Read a file's bytes once, hash them and check the digest.

    Callers parse exactly the bytes returned (``io.BytesIO(data)``), so a file replaced
    between hashing and parsing can never be read unchecked.

    Parameters
    ----------
    path : str or Path
        File to read.
    expected : str, optional
        Expected hex sha256; ``None`` only computes the digest.

    Returns
    -------
    (bytes, str)
        The content and its hex sha256.

    Raises
    ------
    ChecksumError
        On a mismatch.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    digest = sha256_bytes(data)
    if expected is not None:
        _check(path, digest, expected)
    return data, digest


def manifest_sha256(directory: str | Path) -> dict[str, str]:
    """Parse the ``sha256 of `file`: `hex``` lines of ``SOURCES.md`` in ``directory``.

    Parameters
    ----------
    directory : str or Path
        Data directory holding ``SOURCES.md``.

    Returns
    -------
    dict
        File name -> expected lower-case hex digest (empty when ``SOURCES.md`` is absent).
    """
    manifest = Path(directory) / "SOURCES.md"
    if not manifest.is_file():
        return {}
    text = manifest.read_text(encoding="utf-8")
    return {name: digest.lower() for name, digest in _LINE.findall(text)}


def expected_sha256(path: str | Path) -> str:
    """Expected sha256 of ``path`` according to the ``SOURCES.md`` next to it.

    Raises
    ------
    ChecksumError
        When ``SOURCES.md`` is missing or records no sha256 for the file.
    """
    path = Path(path)
    table = manifest_sha256(path.parent)
    if path.name not in table:
        raise ChecksumError(
            f"no sha256 recorded for {path.name!r} in {path.parent / 'SOURCES.md'}; "
            f"add a line  sha256 of `{path.name}`: `<hex>`  so the file can be verified"
        )
    return table[path.name]


def verify_sha256(path: str | Path, expected: str) -> str:
    """Check a file's sha256 against ``expected`` and return the digest.

    Raises
    ------
    ChecksumError
        On a mismatch (the file was modified, truncated or replaced).
    """
    return _check(path, sha256_file(path), expected)
