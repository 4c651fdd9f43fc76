"""Debian binary packages as the judges' toolchain parts (clang's builtin headers, Java's
test-classpath jars), fetched with ``apt-get``, which names no host itself."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path


def unpack_deb(spec: str, folder: Path, apt_options: Sequence[str] = ()) -> None:
    """Download the binary package ``spec`` (``name=version``) and extract its files into
    ``folder``, which appears only once complete."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
        subprocess.run(["apt-get", *apt_options, "download", "-q", spec], cwd=scratch, check=True)
        (deb,) = Path(scratch).glob("*.deb")
        staging = Path(scratch) / "files"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(staging)], check=True)
        staging.rename(folder)
