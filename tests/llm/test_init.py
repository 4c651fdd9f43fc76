"""The llm package's public surface and its import cost."""

from __future__ import annotations

import subprocess
import sys

import rlm_code.llm


def test_all_lists_every_public_name() -> None:
    public = {name for name in vars(rlm_code.llm) if not name.startswith("_") and name != "annotations"}
    modules = {name for name in public if type(getattr(rlm_code.llm, name)).__name__ == "module"}
    assert set(rlm_code.llm.__all__) == public - modules


def test_importing_the_package_loads_no_sdk() -> None:
    code = "import sys, rlm_code.llm; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not loaded & {"anthropic", "httpx2", "httpx", "pydantic", "tomllib"}
