"""What the child may read and execute besides the repository: Python and the C libraries.

Read-only: the interpreter's prefixes (the venv, the base installation: the standard library,
``lib-dynload`` and site-packages), this folder (the child's own code), the system's library
folders plus the folder of every shared library the parent has mapped (for conda or nix
installs), the dynamic loader's cache, and a few harmless devices. Executable: the real Python
binary and its ELF interpreter (the kernel opens both for ``execve``), nothing else, so that
``/bin/sh`` cannot run even when processes are allowed. Everything else, ``$HOME``, ``/etc``,
``/root``, ``/proc`` and ``/tmp`` included, stays out of reach.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PythonPaths", "python_paths"]

_LIBRARY_DIRS = ("/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/local/lib")
_READ_FILES = ("/etc/ld.so.cache", "/dev/zero", "/dev/urandom", "/dev/random")
READ_WRITE_FILES = ("/dev/null",)


@dataclass(frozen=True)
class PythonPaths:
    read: list[str]
    execute: list[str]


def _mapped_library_dirs() -> set[str]:
    try:
        with open("/proc/self/maps") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return set()
    folders = set()
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith("/") and not fields[5].endswith("(deleted)"):
            name = os.path.basename(fields[5])
            if name.endswith(".so") or ".so." in name:
                folders.add(os.path.dirname(fields[5]))
    return folders


def elf_interpreter(executable: str) -> str | None:
    """The PT_INTERP path of a 64-bit little-endian ELF file (its dynamic loader), if any."""
    try:
        with open(executable, "rb") as stream:
            header = stream.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
                return None
            offset = int.from_bytes(header[32:40], "little")
            size, count = int.from_bytes(header[54:56], "little"), int.from_bytes(header[56:58], "little")
            for index in range(count):
                stream.seek(offset + index * size)
                entry = stream.read(size)
                if int.from_bytes(entry[0:4], "little") == 3:  # PT_INTERP
                    stream.seek(int.from_bytes(entry[8:16], "little"))
                    raw = stream.read(int.from_bytes(entry[32:40], "little"))
                    return raw.rstrip(b"\0").decode("utf-8", "replace")
    except OSError:
        return None
    return None


def python_paths() -> PythonPaths:
    """The read-only and executable paths the child's interpreter needs."""
    read: set[str] = set()
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        read |= {prefix, os.path.realpath(prefix)}
    read.add(str(Path(__file__).resolve().parent))
    read |= {folder for folder in _LIBRARY_DIRS if os.path.isdir(folder)}
    read |= _mapped_library_dirs()
    read |= {name for name in _READ_FILES if os.path.exists(name)}
    executable = os.path.realpath(sys.executable)
    execute = [executable]
    interpreter = elf_interpreter(executable)
    if interpreter:
        execute.append(os.path.realpath(interpreter))
    return PythonPaths(sorted(read), execute)
