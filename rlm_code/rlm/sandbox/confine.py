"""The child confines itself, before it runs any model code; each layer reports what held.

Order matters, because each step needs a privilege that a later one takes away:

1. namespaces: fresh network (no interface but a downed loopback) and mount namespaces; when
   not root, inside a user namespace that maps only this user. In the private mount namespace
   the scratch folder becomes a size-capped tmpfs (``noexec``, gone with the process), so the
   code cannot fill the disk; the user namespace's capabilities are dropped right after. There,
   RLIMIT_NPROC counts only the sandbox's own processes.
2. rlimits: CPU seconds, address space, file size, no core files, and processes (Linux counts
   threads too: ``processes=0`` means one thread).
3. no_new_privs, then Landlock (landlock.py): the filesystem and TCP rules.
4. as root: drop to a uid of its own (1,500,000,000 + pid, so RLIMIT_NPROC binds, since it does
   not bind root) with no groups and no capabilities but CAP_DAC_READ_SEARCH, which lets it
   read a repository that only root may read; Landlock still decides *what* it may read.
5. seccomp (seccomp.py): no sockets, no process creation when ``processes`` is 0.

Standard library only: this runs in the child before anything else is importable.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import sys
from typing import Any

from . import landlock, seccomp

__all__ = ["Refusal", "confine"]

_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REC, _MS_PRIVATE = 2, 4, 8, 1 << 14, 1 << 18
_PR_SET_KEEPCAPS, _PR_CAPBSET_DROP = 8, 24
_CAP_DAC_READ_SEARCH = 2
_CAPABILITY_VERSION_3 = 0x20080522
_UID_BASE = 1_500_000_000

Report = tuple[list[tuple[str, str]], list[tuple[str, str]]]


class Refusal(Exception):
    """Strict mode: a layer it requires could not be applied."""


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _prctl(option: int, argument: int) -> int:
    return int(
        _libc().prctl(
            ctypes.c_int(option),
            ctypes.c_ulong(argument),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
    )


def _drop_bounding_set(keep: int) -> None:
    """Remove every capability but ``keep`` (a bit mask) from the bounding set, for good."""
    for cap in range(64):
        if not keep >> cap & 1 and _prctl(_PR_CAPBSET_DROP, cap) != 0:
            if ctypes.get_errno() == errno.EINVAL:  # past the last capability this kernel knows
                break
            _check(-1, "prctl(PR_CAPBSET_DROP)")


def _set_capabilities(keep: int) -> None:
    """Make ``keep`` the permitted and effective sets, and empty the inheritable one."""
    header = _CapHeader(_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    data[0].effective = data[0].permitted = keep & 0xFFFFFFFF
    data[1].effective = data[1].permitted = keep >> 32
    _check(_libc().capset(ctypes.byref(header), data), "capset")


def _unshare(flags: int) -> None:
    _check(_libc().unshare(ctypes.c_int(flags)), "unshare")


def _enter_namespaces() -> str:
    """Fresh network and mount namespaces; when not root, inside a user namespace of our own
    (whose capabilities the caller drops once the scratch folder is mounted)."""
    if os.geteuid() == 0:
        _unshare(_CLONE_NEWNET | _CLONE_NEWNS)
        return "fresh network namespace (no interfaces up)"
    uid, gid = os.getuid(), os.getgid()
    _unshare(_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWNS)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as stream:
            stream.write(text)
    return "user and network namespaces of its own (no interfaces up, no capabilities)"


def _mount_scratch(scratch: str, size: int, owner: tuple[int, int]) -> str:
    """Mount a private tmpfs of ``size`` bytes over ``scratch`` and move into it."""
    libc = _libc()
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    _check(libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "mount(/, MS_PRIVATE)")
    options = f"size={size},mode=0700,uid={owner[0]},gid={owner[1]}".encode()
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    _check(libc.mount(b"tmpfs", os.fsencode(scratch), b"tmpfs", flags, options), "mount(tmpfs)")
    os.chdir(scratch)  # the working directory was the folder underneath
    return f"scratch on a private {size / (1 << 20):.0f} MiB tmpfs"


def _drop_namespace_capabilities() -> str:
    _drop_bounding_set(0)
    _set_capabilities(0)
    return "no capabilities in its user namespace"


def _set_limits(limits: dict[str, Any], *, count_processes: bool) -> str:
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size_bytes"],) * 2)
    parts = [f"CPU {cpu} s"]
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"],) * 2)
        parts.append(f"memory {limits['memory_bytes'] / (1 << 20):.0f} MiB")
    except (ValueError, OSError):  # macOS refuses RLIMIT_AS
        parts.append("memory not limited")
    parts.append(f"file size {limits['file_size_bytes'] / (1 << 20):.0f} MiB")
    if count_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (1 + limits["processes"],) * 2)
        parts.append(f"{limits['processes']} extra processes or threads")
    return f"rlimits ({', '.join(parts)})"


def _sandbox_ids() -> tuple[int, int] | None:
    """A uid (and gid) no other live sandbox has, if this user namespace maps it."""
    try:
        with open("/proc/self/uid_map") as stream:
            ranges = [tuple(map(int, line.split())) for line in stream if line.strip()]
    except OSError:
        return None
    for candidate in (_UID_BASE + os.getpid(), 65534):
        if any(inside <= candidate < inside + count for inside, _, count in ranges):
            return candidate, candidate
    return None


def _drop_root(ids: tuple[int, int], scratch: str) -> str:
    uid, gid = ids
    os.chown(scratch, uid, gid)
    keep = 1 << _CAP_DAC_READ_SEARCH
    _drop_bounding_set(keep)
    _check(_prctl(_PR_SET_KEEPCAPS, 1), "prctl(PR_SET_KEEPCAPS)")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    _set_capabilities(keep)
    _check(_prctl(_PR_SET_KEEPCAPS, 0), "prctl(PR_SET_KEEPCAPS)")
    return f"uid {uid} with no capability but reading (process count per uid)"


def _drop_root_capabilities() -> str:
    """The fallback when no uid can be dropped to: stay root, but without its powers."""
    keep = 1 << _CAP_DAC_READ_SEARCH
    _drop_bounding_set(keep)
    _set_capabilities(keep)
    return "root without capabilities but reading (RLIMIT_NPROC does not bind root)"


def _try(applied: list[tuple[str, str]], missing: list[tuple[str, str]], layer: str, step: Any) -> bool:
    try:
        applied.append((layer, step()))
        return True
    except (OSError, ValueError, KeyError) as exc:
        missing.append((layer, str(exc) or type(exc).__name__))
        return False


def confine(config: dict[str, Any]) -> Report:
    """Apply every layer the config asks for; return (applied, missing) as (layer, text)."""
    applied: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    mode, limits = config["mode"], config["limits"]
    linux = sys.platform.startswith("linux")
    root = linux and os.geteuid() == 0
    isolated = mode != "off" and linux
    ids = _sandbox_ids() if isolated and root else None
    in_user_namespace = False
    if isolated and _try(applied, missing, "network namespace", _enter_namespaces):
        in_user_namespace = not root
        owner = (ids or (0, 0)) if root else (os.getuid(), os.getgid())
        size = config["scratch_bytes"]
        _try(applied, missing, "scratch size", lambda: _mount_scratch(config["scratch"], size, owner))
        if in_user_namespace:
            _try(applied, missing, "capabilities", _drop_namespace_capabilities)
    count = ids is not None or in_user_namespace
    _try(applied, missing, "rlimits", lambda: _set_limits(limits, count_processes=count))
    if isolated and not count and limits["processes"] > 0:
        missing.append(("process count", "no user namespace: RLIMIT_NPROC would count all of this user's processes"))
    if isolated:
        try:
            landlock.set_no_new_privs()
        except OSError as exc:
            missing.append(("no_new_privs", str(exc)))
        if config["landlock"]:
            rules = landlock.PathRules(
                tuple(config["read"]),
                tuple(config["execute"]),
                (config["scratch"],),
                tuple(config["read_write_files"]),
            )
            _try(applied, missing, "landlock", lambda: landlock.restrict_self(rules, config["landlock_abi"]))
        else:
            missing.append(("landlock", config["landlock_reason"]))
        if root and not (ids and _try(applied, missing, "uid", lambda: _drop_root(ids, config["scratch"]))):
            if ids is None:
                missing.append(("uid", "no unprivileged uid is mapped in this user namespace"))
            _try(applied, missing, "capabilities", _drop_root_capabilities)
        block = limits["processes"] == 0
        _try(applied, missing, "seccomp", lambda: seccomp.install(block_processes=block))
    _check_strict(mode, applied)
    return applied, missing


def _check_strict(mode: str, applied: list[tuple[str, str]]) -> None:
    layers = {layer for layer, _ in applied}
    if mode != "strict":
        return
    if "landlock" not in layers:
        raise Refusal("strict mode needs Landlock, which could not be applied")
    if not layers & {"seccomp", "network namespace"}:
        raise Refusal("strict mode needs the network cut off (seccomp or a network namespace)")
    if os.geteuid() == 0:
        raise Refusal("strict mode: the sandbox still runs as root")
