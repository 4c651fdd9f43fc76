"""The product's own knowledge on top of the engine: which repository helpers the REPL gets,
the prompts that teach a supervisor to explore code, the cached file-summary worker, and the
offline supervisor used when no model is configured."""

from __future__ import annotations

from .ask import Answer, ask, latest_trace, new_trace_path, run_stamp, supervisor_spec, traces_folder, worker_spec

__all__ = [
    "Answer",
    "ask",
    "latest_trace",
    "new_trace_path",
    "run_stamp",
    "supervisor_spec",
    "traces_folder",
    "worker_spec",
]
