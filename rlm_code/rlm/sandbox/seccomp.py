"""A small seccomp filter, hand-assembled as classic BPF and installed through ctypes.

It is a deny-list for what Landlock cannot express, not a whitelist of the whole system-call
surface:

- ``socket`` and ``socketpair`` fail with EPERM: no UDP, no raw sockets, no unix sockets of
  any kind (Landlock covers only TCP bind/connect and abstract unix sockets). ``io_uring`` is
  refused too, since it can open sockets without the ``socket`` call.
- ``setsid`` and ``setpgid`` fail, so every process the code starts stays in the sandbox's
  process group and dies with it.
- ``ptrace``, ``unshare``, ``setns``, ``bpf``, ``perf_event_open``, ``userfaultfd``, the key
  ring calls and ``open_by_handle_at`` fail: kernel surface the code has no use for.
- with ``block_processes``, ``fork``, ``vfork`` and ``clone`` without ``CLONE_THREAD`` fail
  with EPERM (threads stay possible) and ``clone3`` fails with ENOSYS, so that the C library
  falls back to ``clone``, whose flags a filter can read.

System calls of another ABI (x32, or 32-bit calls on a 64-bit kernel) are refused. Only
x86_64 and aarch64 are known; elsewhere :func:`install` raises ``OSError``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform

__all__ = ["install"]

_ARCH = {  # machine: (AUDIT_ARCH, {name: number})
    "x86_64": (
        0xC000003E,
        {
            "socket": 41,
            "socketpair": 53,
            "clone": 56,
            "fork": 57,
            "vfork": 58,
            "ptrace": 101,
            "setpgid": 109,
            "setsid": 112,
            "add_key": 248,
            "request_key": 249,
            "keyctl": 250,
            "unshare": 272,
            "perf_event_open": 298,
            "open_by_handle_at": 304,
            "setns": 308,
            "bpf": 321,
            "userfaultfd": 323,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "socket": 198,
            "socketpair": 199,
            "clone": 220,
            "ptrace": 117,
            "setpgid": 154,
            "setsid": 157,
            "add_key": 217,
            "request_key": 218,
            "keyctl": 219,
            "unshare": 97,
            "perf_event_open": 241,
            "open_by_handle_at": 265,
            "setns": 268,
            "bpf": 280,
            "userfaultfd": 282,
        },
    ),
}
_COMMON = {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "clone3": 435}
_ALWAYS_DENIED = (
    "socket",
    "socketpair",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "setsid",
    "setpgid",
    "ptrace",
    "unshare",
    "setns",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "add_key",
    "request_key",
    "keyctl",
    "open_by_handle_at",
)
_X32_SYSCALL_BIT = 0x40000000
_CLONE_THREAD = 0x00010000

_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0 = 0, 4, 16
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


Instruction = tuple[int, int, int, int]


def _deny(code: int) -> Instruction:
    return (_RET_K, 0, 0, _RET_ERRNO | code)


def build_program(machine: str, *, block_processes: bool) -> list[Instruction]:
    """The filter as (code, jt, jf, k) instructions. ``KeyError`` for an unknown machine."""
    audit_arch, numbers = _ARCH[machine]
    numbers = {**numbers, **_COMMON}
    program: list[Instruction] = [
        (_LD_W_ABS, 0, 0, _OFFSET_ARCH),
        (_JEQ_K, 1, 0, audit_arch),
        _deny(errno.EPERM),
        (_LD_W_ABS, 0, 0, _OFFSET_NR),
    ]
    if machine == "x86_64":
        program += [(_JGE_K, 0, 1, _X32_SYSCALL_BIT), _deny(errno.EPERM)]
    denied = [(numbers[name], errno.EPERM) for name in _ALWAYS_DENIED]
    if block_processes:
        denied.append((numbers["clone3"], errno.ENOSYS))
        denied += [(numbers[name], errno.EPERM) for name in ("fork", "vfork") if name in numbers]
    for number, code in denied:
        program += [(_JEQ_K, 0, 1, number), _deny(code)]
    if block_processes:
        program += [
            (_JEQ_K, 0, 3, numbers["clone"]),
            (_LD_W_ABS, 0, 0, _OFFSET_ARG0),
            (_JSET_K, 1, 0, _CLONE_THREAD),
            _deny(errno.EPERM),
        ]
    program.append((_RET_K, 0, 0, _RET_ALLOW))
    return program


def install(*, block_processes: bool) -> str:
    """Install the filter on this process (no_new_privs must be set); describe it."""
    machine = platform.machine()
    if machine not in _ARCH:
        raise OSError(errno.ENOSYS, f"no seccomp table for {machine}")
    program = build_program(machine, block_processes=block_processes)
    filters = (_SockFilter * len(program))(*[_SockFilter(*instruction) for instruction in program])
    fprog = _SockFprog(len(program), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if (
        libc.prctl(
            ctypes.c_int(_PR_SET_SECCOMP),
            ctypes.c_ulong(_SECCOMP_MODE_FILTER),
            ctypes.pointer(fprog),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
        != 0
    ):
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_SECCOMP): {os.strerror(error)}")
    processes = ", no new processes" if block_processes else ""
    return f"seccomp (no sockets{processes}, no io_uring, ptrace, namespaces or leaving the process group)"
