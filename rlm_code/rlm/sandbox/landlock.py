"""Landlock, the Linux security module that lets a process restrict itself, through ctypes.

Three system calls (444 ``landlock_create_ruleset``, 445 ``landlock_add_rule``, 446
``landlock_restrict_self``; the same numbers on every architecture) build a ruleset and apply
it to the calling thread and everything it starts afterwards, for good. What a ruleset
*handles* is denied unless a rule allows it:

- filesystem (ABI 1+): every access right the kernel knows is handled, so a path gets only the
  rights its rules name. Rules apply to a file or to everything beneath a directory.
- TCP (ABI 4+): ``bind`` and ``connect`` are handled with no port rule, so both always fail.
  UDP, ICMP and unix sockets are outside Landlock's reach (seccomp.py covers sockets).
- scopes (ABI 6+): signals, and connections to abstract unix sockets, only reach processes
  inside the same Landlock domain.

The module is imported by the child before it is confined and by the parent to probe the ABI,
so it uses the standard library only and does nothing at import time.
"""

from __future__ import annotations

import ctypes
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PathRules", "abi_version", "restrict_self", "set_no_new_privs"]

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1 << 0
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1  # ABI 4
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6

READ = READ_FILE | READ_DIR
WRITE = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SYM | MAKE_FIFO | REFER | TRUNCATE
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _syscall(number: int, *args: object) -> int:
    function = _libc().syscall
    function.restype = ctypes.c_long
    converted = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    result = int(function(ctypes.c_long(number), *converted))
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


def abi_version() -> tuple[int, str]:
    """The kernel's Landlock ABI (0 when unusable) and, when 0, why."""
    if not sys.platform.startswith("linux"):
        return 0, f"not Linux ({sys.platform})"
    try:
        return _syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION), ""
    except OSError as exc:
        return 0, f"landlock_create_ruleset failed: {exc.strerror}"


def set_no_new_privs() -> None:
    """prctl(PR_SET_NO_NEW_PRIVS): required before Landlock or seccomp, and kept forever."""
    libc = _libc()
    if (
        libc.prctl(
            ctypes.c_int(_PR_SET_NO_NEW_PRIVS),
            ctypes.c_ulong(1),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
        != 0
    ):
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(error)}")


def _handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


@dataclass(frozen=True)
class PathRules:
    """What each path may do; every other path may do nothing."""

    read: tuple[str, ...] = ()
    execute: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    read_write_files: tuple[str, ...] = ()

    def grants(self) -> Iterable[tuple[str, int]]:
        yield from ((path, READ) for path in self.read)
        yield from ((path, READ_FILE | EXECUTE) for path in self.execute)
        yield from ((path, WRITE) for path in self.write)
        yield from ((path, READ_FILE | WRITE_FILE) for path in self.read_write_files)


def _add_path_rule(ruleset: int, path: str, rights: int, handled: int) -> bool:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        allowed = rights & handled
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            allowed &= _FILE_RIGHTS
        attr = _PathBeneathAttr(allowed, fd)
        _syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.pointer(attr), 0)
        return True
    finally:
        os.close(fd)


def restrict_self(rules: PathRules, abi: int) -> str:
    """Confine this process (and its future children) to ``rules``; describe what holds.

    The caller must have set no_new_privs first. Raises ``OSError`` if the kernel refuses.
    """
    handled_fs = _handled_fs(abi)
    attr = _RulesetAttr(
        handled_fs,
        _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0,
        _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0,
    )
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = _syscall(_CREATE_RULESET, ctypes.pointer(attr), size, 0)
    try:
        for path, rights in rules.grants():
            _add_path_rule(ruleset, path, rights, handled_fs)
        _syscall(_RESTRICT_SELF, ruleset, 0)
    finally:
        os.close(ruleset)
    parts = ["filesystem read-only except scratch", "execute only Python"]
    parts.append("no TCP bind/connect" if abi >= 4 else "TCP not covered (ABI < 4)")
    if abi >= 6:
        parts.append("signals and abstract unix sockets scoped")
    return f"landlock ABI {abi} ({', '.join(parts)})"
