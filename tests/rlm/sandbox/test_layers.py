"""Each containment layer on its own, in a fresh interpreter that applies only that layer.

The full sandbox stacks the layers, so an attack there is stopped by the first that holds;
these tests show what each one blocks by itself (and so what is left if one is missing).
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rlm_code.rlm.sandbox import landlock
from rlm_code.rlm.sandbox.paths import elf_interpreter, python_paths

SANDBOX = Path(landlock.__file__).resolve().parent
ABI, _ = landlock.abi_version()
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only layers")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")


def run_alone(body: str) -> str:
    """Run ``body`` in ``python -I`` with the child's modules importable as ``_rlm_sandbox``."""
    prelude = (
        "import importlib, os, sys, types\n"
        "package = types.ModuleType('_rlm_sandbox')\n"
        f"package.__path__ = [{str(SANDBOX)!r}]\n"
        "sys.modules['_rlm_sandbox'] = package\n"
        "landlock = importlib.import_module('_rlm_sandbox.landlock')\n"
        "seccomp = importlib.import_module('_rlm_sandbox.seccomp')\n"
        "confine = importlib.import_module('_rlm_sandbox.confine')\n"
        "def attempt(label, action):\n"
        "    try:\n"
        "        action()\n"
        "        print(label, 'allowed')\n"
        "    except OSError as exc:\n"
        "        print(label, type(exc).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", prelude + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@linux_only
@pytest.mark.skipif(ABI < 6, reason="needs Landlock ABI 6 (signal scoping)")
def test_landlock_alone_confines_files_tcp_signals_and_execution(tmp_path: Path) -> None:
    readable, scratch = tmp_path / "repo", tmp_path / "scratch"
    readable.mkdir()
    scratch.mkdir()
    (readable / "code.py").write_text("x = 1\n")
    (tmp_path / "secret.txt").write_text("secret")
    paths = python_paths()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        output = run_alone(f"""
            import socket, subprocess
            rules = landlock.PathRules(
                {(str(readable), *paths.read)!r}, {tuple(paths.execute)!r}, ({str(scratch)!r},)
            )
            landlock.set_no_new_privs()
            print(landlock.restrict_self(rules, {ABI}))
            attempt('read repo', lambda: open({str(readable / "code.py")!r}).read())
            attempt('write repo', lambda: open({str(readable / "code.py")!r}, 'a'))
            attempt('read outside', lambda: open({str(tmp_path / "secret.txt")!r}).read())
            attempt('write scratch', lambda: open({str(scratch / "note")!r}, 'w'))
            attempt('tcp', lambda: socket.create_connection(('127.0.0.1', {port}), timeout=1))
            attempt('signal parent', lambda: os.kill(os.getppid(), 0))
            attempt('run python', lambda: subprocess.run([sys.executable, '-c', 'pass'], check=True))
            attempt('run sh', lambda: subprocess.run(['/bin/sh', '-c', 'true']))
        """)
    assert output.splitlines()[1:] == [
        "read repo allowed", "write repo PermissionError", "read outside PermissionError",
        "write scratch allowed", "tcp PermissionError", "signal parent PermissionError",
        "run python allowed", "run sh PermissionError",
    ]  # fmt: skip


@linux_only
@pytest.mark.skipif(platform.machine() not in ("x86_64", "aarch64"), reason="no seccomp table")
def test_seccomp_alone_blocks_sockets_and_processes_but_not_threads() -> None:
    output = run_alone("""
        import socket, threading
        landlock.set_no_new_privs()
        print(seccomp.install(block_processes=True))
        attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        attempt('unix', lambda: socket.socketpair())
        attempt('fork', lambda: os.fork())
        attempt('setsid', lambda: os.setsid())
        attempt('unshare', lambda: confine._unshare(0x10000000))  # CLONE_NEWUSER
        thread = threading.Thread(target=print, args=('thread ran',))
        thread.start()
        thread.join()
    """)
    assert output.splitlines()[1:] == [
        "udp PermissionError", "unix PermissionError", "fork PermissionError", "setsid PermissionError",
        "unshare PermissionError", "thread ran",
    ]  # fmt: skip


@linux_only
@needs_root
def test_a_network_namespace_alone_cuts_off_every_address() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        output = run_alone(f"""
            import socket
            print(confine._enter_namespaces())
            attempt('tcp', lambda: socket.create_connection(('127.0.0.1', {port}), timeout=1))
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            attempt('udp', lambda: udp.sendto(b'x', ('1.1.1.1', 53)))
        """)
    assert output.splitlines()[1:] == ["tcp OSError", "udp OSError"]  # network unreachable


@linux_only
@needs_root
def test_dropping_root_alone_counts_processes_and_protects_root_processes(tmp_path: Path) -> None:
    output = run_alone(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_NPROC, (2, 2))
        print(confine._drop_root(confine._sandbox_ids(), {str(tmp_path)!r}))
        attempt('signal root', lambda: os.kill(os.getppid(), 0))
        attempt('write /etc', lambda: open('/etc/rlm-sandbox-test', 'w'))
        def fork():
            if os.fork() == 0:
                os._exit(0)
        attempt('first fork', fork)
        attempt('second fork', fork)
    """)
    lines = output.splitlines()
    assert lines[0].startswith("uid 15")
    assert lines[1:3] == ["signal root PermissionError", "write /etc PermissionError"]
    assert lines[3:] == ["first fork allowed", "second fork BlockingIOError"]  # RLIMIT_NPROC binds


@linux_only
@needs_root
def test_root_without_capabilities_is_the_fallback_when_no_uid_is_free(tmp_path: Path) -> None:
    owned = tmp_path / "owned"
    owned.write_text("")
    private = tmp_path / "private"
    private.write_text("readable")
    os.chown(private, 4321, 4321)
    private.chmod(0o600)
    output = run_alone(f"""
        print(confine._drop_root_capabilities())
        attempt('chown', lambda: os.chown({str(owned)!r}, 1234, 1234))
        attempt('read private', lambda: open({str(private)!r}).read())
        attempt('write private', lambda: open({str(private)!r}, 'a'))
    """)
    assert output.splitlines()[1:] == [
        "chown PermissionError",
        "read private allowed",
        "write private PermissionError",
    ]


def test_python_paths_cover_the_interpreter_and_nothing_personal() -> None:
    paths = python_paths()
    assert str(SANDBOX) in paths.read and sys.prefix in paths.read
    assert not {"/", "/etc", "/root", "/home", "/tmp", "/proc", os.path.expanduser("~")} & set(paths.read)
    assert paths.execute[0] == os.path.realpath(sys.executable)
    if sys.platform.startswith("linux"):
        interpreter = elf_interpreter(os.path.realpath(sys.executable))
        assert interpreter is None or os.path.exists(interpreter)
