"""Escape attempts. Each must be contained, and the sandbox must still answer afterwards.

One sandbox serves the whole module (attacks that kill it also check that it comes back).
The repository is a temporary copy; the test process is the sandbox's parent.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from rlm_code.rlm.sandbox import Limits, Sandbox

from .conftest import FAST, STUBBORN_LOOP, copy_repository, ok, still_works

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="containment is Linux-only")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_repository(tmp_path_factory.mktemp("red-team"))


@pytest.fixture(scope="module")
def sandbox(repo: Path) -> Iterator[Sandbox]:
    with Sandbox(read_only=[repo], callbacks={"ping": lambda: "pong"}, limits=FAST, mode="strict") as sandbox:
        yield sandbox


def denied(sandbox: Sandbox, code: str, *errors: str) -> str:
    """Run an attack that must fail with one of ``errors``; then check the sandbox still works."""
    result = sandbox.run(code)
    assert result.error is not None, f"not contained: {result.output!r}"
    assert any(error in result.error for error in errors), result.error
    still_works(sandbox)
    return result.error


def test_writing_into_the_repository_is_denied(sandbox: Sandbox, repo: Path) -> None:
    before = snapshot(repo)
    denied(sandbox, f"open({str(repo / 'shop' / 'app.py')!r}, 'a').write('pwned')", "PermissionError")
    denied(sandbox, f"open({str(repo / 'new.py')!r}, 'w')", "PermissionError")
    readme = str(repo / "README.md")
    denied(sandbox, f"import os\nos.rename({readme!r}, {readme + '.moved'!r})", "PermissionError")
    denied(sandbox, f"import os\nos.rename({readme!r}, 'moved.md')", "Invalid cross-device link")
    assert snapshot(repo) == before


def test_deleting_the_repository_is_denied(sandbox: Sandbox, repo: Path) -> None:
    before = snapshot(repo)
    denied(sandbox, f"import shutil\nshutil.rmtree({str(repo)!r})", "PermissionError")
    assert snapshot(repo) == before


def test_writing_to_tmp_is_denied(sandbox: Sandbox) -> None:
    target = Path("/tmp") / f"rlm-escape-{uuid.uuid4().hex}"
    denied(sandbox, f"open({str(target)!r}, 'w').write('x')", "PermissionError")
    assert not target.exists()


def test_reading_ssh_keys_and_root_home_is_denied(sandbox: Sandbox, tmp_path: Path) -> None:
    key = tmp_path / "home" / ".ssh" / "id_ed25519"
    key.parent.mkdir(parents=True)
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY----- secret")
    error = denied(sandbox, f"print(open({str(key)!r}).read())", "PermissionError")
    assert "secret" not in error
    denied(sandbox, "import os\nprint(os.listdir('/root'))", "PermissionError")
    denied(sandbox, "import os\nprint(os.listdir(os.path.expanduser('~/../..')))", "PermissionError")


def test_reading_etc_shadow_and_proc_is_denied(sandbox: Sandbox) -> None:
    denied(sandbox, "print(open('/etc/shadow').read())", "PermissionError", "FileNotFoundError")
    denied(sandbox, "print(open('/etc/passwd').read())", "PermissionError")
    denied(sandbox, "import os\nprint(open(f'/proc/{os.getppid()}/environ').read())", "PermissionError")


def test_the_parents_environment_does_not_leak(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-very-secret")
    with Sandbox(read_only=[repo], callbacks={}, limits=FAST) as sandbox:
        output = ok(sandbox.run("import os\nprint(sorted(os.environ))"))
        assert output == "['HOME', 'LANG', 'LC_ALL', 'PATH', 'TMPDIR']\n"


def test_tcp_to_a_local_listener_is_denied(sandbox: Sandbox) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        listener.settimeout(0.2)
        code = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(b'hi')"
        denied(sandbox, code, "PermissionError")
        with pytest.raises(TimeoutError):
            listener.accept()


def test_udp_is_denied(sandbox: Sandbox) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(0.2)
        port = receiver.getsockname()[1]
        code = "import socket\nudp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
        code += f"\nudp.sendto(b'x', ('127.0.0.1', {port}))"
        denied(sandbox, code, "PermissionError")
        with pytest.raises(TimeoutError):
            receiver.recvfrom(16)


def test_unix_sockets_are_denied(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "listener.sock"
    abstract = f"\0rlm-sandbox-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX) as on_disk, socket.socket(socket.AF_UNIX) as hidden:
        on_disk.bind(str(path))
        hidden.bind(abstract)
        on_disk.listen()
        hidden.listen()
        for address in (str(path), abstract):
            code = f"import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect({address!r})"
            denied(sandbox, code, "PermissionError")


def test_raw_system_calls_through_ctypes_are_denied(sandbox: Sandbox) -> None:
    code = (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "print(libc.socket(2, 1, 0), ctypes.get_errno(), libc.fork(), libc.setsid())"
    )
    assert ok(sandbox.run(code)) == "-1 1 -1 -1\n"  # socket: EPERM; fork and setsid fail too
    still_works(sandbox)


def test_spawning_a_shell_is_denied(sandbox: Sandbox) -> None:
    marker = Path("/tmp") / f"rlm-shell-{uuid.uuid4().hex}"
    denied(sandbox, f"import subprocess\nsubprocess.run(['sh', '-c', 'touch {marker}'])", "PermissionError")
    assert ok(sandbox.run(f"import os\nos.system('touch {marker}')")) != "0\n"
    denied(sandbox, "import os\nos.execv('/bin/sh', ['sh', '-c', 'true'])", "PermissionError")
    denied(sandbox, "import pty\npty.spawn('/bin/sh')", "PermissionError", "OSError")
    assert not marker.exists()


def test_signalling_the_parent_is_denied(sandbox: Sandbox) -> None:
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        denied(sandbox, "import os, signal\nos.kill(os.getppid(), signal.SIGTERM)", "PermissionError")
        denied(sandbox, f"import os, signal\nos.kill({os.getpid()}, signal.SIGTERM)", "PermissionError")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert received == []


def test_a_fork_bomb_cannot_fork(sandbox: Sandbox) -> None:
    code = "import os\nwhile True:\n    os.fork()"
    denied(sandbox, code, "PermissionError", "BlockingIOError")
    denied(sandbox, "import threading\nthreading.Thread(target=print).start()", "can't start new thread")


def test_a_memory_bomb_fails_the_cell_only(sandbox: Sandbox) -> None:
    denied(sandbox, "hog = []\nwhile True:\n    hog.append(bytes(16 << 20))", "MemoryError")
    denied(sandbox, "'x' * (1 << 40)", "MemoryError")
    sandbox.run("hog = None")


def test_an_endless_loop_times_out_and_the_sandbox_comes_back(sandbox: Sandbox) -> None:
    result = sandbox.run(STUBBORN_LOOP.replace("KeyboardInterrupt", "BaseException"))
    assert result.restarted and result.error is not None and result.error.startswith("TimeoutError")
    still_works(sandbox)


def test_a_huge_print_is_cut(sandbox: Sandbox) -> None:
    result = sandbox.run("print('x' * 5_000_000)\nfor i in range(20_000):\n    print(i)")
    assert result.error is None and len(result.output) < 1100
    cut = 5_000_001 + sum(len(f"{i}\n") for i in range(20_000)) - 1000
    assert result.output.endswith(f"[... {cut:,} more characters cut: print less, or slice]")
    still_works(sandbox)


def test_a_huge_file_in_scratch_is_capped(sandbox: Sandbox) -> None:
    ok(sandbox.run("open('small.bin', 'wb').write(b'x' * 1000)"))  # scratch writes are allowed
    denied(sandbox, "open('big.bin', 'wb').write(b'x' * (2 << 20))", "File too large")


def test_filling_the_disk_stops_at_the_scratch_size(sandbox: Sandbox) -> None:
    code = "import os\nfor n in range(10_000):\n    open(f'fill{n}', 'wb').write(b'x' * (1 << 20))"
    denied(sandbox, code, "No space left on device")  # 64 MiB of tmpfs, not the host's disk
    ok(sandbox.run("import glob, os\nfor name in glob.glob('fill*'):\n    os.remove(name)"))


def test_a_symlink_from_scratch_does_not_open_the_repository(sandbox: Sandbox, repo: Path) -> None:
    before = snapshot(repo)
    code = f"import os\nos.symlink({str(repo / 'README.md')!r}, 'link.md')\nopen('link.md', 'w').write('pwned')"
    denied(sandbox, code, "PermissionError")
    readme = str(repo / "README.md")
    denied(sandbox, f"import os\nos.link({readme!r}, {readme + '.hard'!r})", "PermissionError")
    denied(sandbox, f"import os\nos.link({readme!r}, 'hard.md')", "Invalid cross-device link")  # tmpfs
    assert snapshot(repo) == before


def test_reading_the_repository_and_calling_helpers_still_work(sandbox: Sandbox, repo: Path) -> None:
    code = f"import pathlib\nprint(len(list(pathlib.Path({str(repo)!r}).rglob('*.py'))) > 5, ping())"
    assert ok(sandbox.run(code)) == "True pong\n"


def test_allowed_processes_are_counted_and_cannot_exec_a_shell(repo: Path) -> None:
    limits = Limits(cell_timeout=5.0, processes=2)
    with Sandbox(read_only=[repo], callbacks={}, limits=limits) as sandbox:
        python = ok(sandbox.run("import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'print(1 + 1)'])"))
        assert python.startswith("2\n")
        denied(sandbox, "import subprocess\nsubprocess.run(['/bin/sh', '-c', 'true'])", "PermissionError")
        code = (
            "import os, time\nborn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n"
            "            time.sleep(60)\n            os._exit(0)\n        born += 1\n"
            "except OSError as exc:\n    print(born, type(exc).__name__)\nos.getpid()"
        )
        output = ok(sandbox.run(code))
        assert output.startswith("2 BlockingIOError\n")
        group = int(output.splitlines()[1])
    deadline = time.monotonic() + 5  # SIGKILL went to the whole group; its delivery takes a moment
    while living_members(group) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert living_members(group) == []  # closing killed the sleeping children too


def living_members(group: int) -> list[int]:
    """Processes of a process group that are not zombies (an init that does not reap leaves those)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            living.append(int(stat.parent.name))
    return living
