"""Fetching and unpacking the source distributions the benchmarks measure, with pip (the
one package host these machines reach), shared by ``bench.py`` and ``callers_accuracy.py``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def pip_download_sdist(spec: str, folder: Path) -> None:
    """Download the source distribution ``spec`` names (``Django>=5.2,<5.3``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--disable-pip-version-check",
            "--quiet",
            "-d",
            str(folder),
            spec,
        ],
        check=True,
    )


def unpack_sdist(tarball: Path, root: Path) -> None:
    """Extract ``tarball`` so that its one top folder becomes ``root``, whatever it is named
    inside; a half-finished extraction never stands at ``root``."""
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root.parent, prefix="unpack-"))
    try:
        with tarfile.open(tarball) as archive:
            archive.extractall(staging, filter="data")
        tops = list(staging.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise SystemExit(f"cannot find the sdist root in {tarball}")
        tops[0].rename(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
