"""A confined, persistent Python REPL for model-written code (the engine's sandbox).

Model-written code runs in a separate, fresh ``python`` process, never in this one. The
namespace persists across cells; only what the code prints comes back, cut at
``Limits.output_chars``, plus a short traceback when a cell fails. A trailing expression is
echoed, like a notebook. ``FINAL(answer)`` and ``FINAL_VAR(name)`` end a cell with an answer.
Each callback (``grep``, ``llm_query``...) becomes a function of the same name in the child
that runs the parent's callable over the pipe: JSON arguments in, JSON result out, dicts as
attribute-access records, and the parent's exceptions as ``CallbackError`` with its message.

Containment on Linux, each layer applied by the child to itself before any model code runs
(confine.py): fresh network and mount namespaces, the scratch folder (also HOME, TMPDIR and
the working directory) being a private tmpfs of max(64 MiB, 4 x file size); rlimits (CPU,
memory, file size, processes); Landlock (read-only repository and Python, writes only in the
scratch folder, no TCP, execution of nothing but Python, signals and abstract sockets scoped
to the sandbox); as root, a uid of its own with no capability but reading; seccomp (no
sockets, no new processes unless allowed).
``Sandbox.containment`` says what actually held. ``mode="strict"`` refuses to run without
Landlock; ``mode="off"`` keeps only the child process and its rlimits (debugging). Setting
``RLM_CODE_SANDBOX_NO_LANDLOCK=1`` makes the sandbox act as if Landlock were missing.

Time: the wall clock of a cell stops while the parent runs a callback. A cell past its
timeout gets SIGINT (a ``KeyboardInterrupt``; variables are kept); if it does not stop, its
process group is killed and the next cell starts a fresh process (``restarted=True``;
variables and scratch files are gone; the setup code runs again). CPU is charged across
restarts, so ``Limits.cpu_seconds`` bounds the session: once it is spent, ``run`` raises
``BudgetExceeded``.

Modules: interface.py (Limits, CellResult), sandbox.py (the parent's Sandbox), process.py
(the child as a process), protocol.py (the wire format), paths.py (what Python needs);
in the child: child.py, repl.py, confine.py, landlock.py, seccomp.py.
"""

from __future__ import annotations

from .interface import CellResult, Limits
from .sandbox import NO_LANDLOCK_VARIABLE, Sandbox

__all__ = ["NO_LANDLOCK_VARIABLE", "CellResult", "Limits", "Sandbox"]
