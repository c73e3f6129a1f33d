"""Letters rendered in separate, disposable processes, so that the render time limit holds in
whatever thread the request runs and what a letter held in memory goes away with its process.

Why processes: SIGALRM only reaches a process's main thread, and gunicorn's gthread workers serve
requests in pool threads, so a layout that runs long cannot be stopped from inside the worker. A
process can be stopped: each render process arms a kernel timer whose default action ends it, and
the request thread waits for the answer with a deadline and kills the process if it is late.

The shape, per gunicorn worker::

    worker --control socket--> spawner (forked once, warm, single-threaded)
       |                          `-- fork --> render process (one socket pair each)
       `------ that socket pair, passed back to the worker -----'

The spawner is forked while the worker still has a single thread (gunicorn's post_worker_init,
after WeasyPrint, the fonts and the stylesheet are loaded), so every render process it forks
starts warm and never inherits a lock held by another thread. A render process serves
``recycle`` letters and then exits, dropping everything typed into them. Everything travels over
anonymous socket pairs: nothing is written to disk, no file name is created.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import resource
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# A message is a kind byte and a length, then the payload: H (HTML to render), P (the PDF),
# E (a code the renderer refused the letter with), F (the render failed; no details).
_HEADER = struct.Struct("!cI")
_PID = struct.Struct("!I")
# How long past the limit the request thread waits before it kills the process itself (the
# process's own timer normally ends it first).
MARGIN_SECONDS = 1.0
# Signals gunicorn's master or a terminal sends to the whole process group: the spawner and the
# render processes leave when the worker does (their socket closes; the kernel kills them when
# their parent dies), so a graceful stop never cuts a render short.
_IGNORED = ("SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH")
_PR_SET_PDEATHSIG = 1
# Longest the spawner may take to render its warm-up documents (a cold start takes 1-2 s each).
START_SECONDS = 120


class PoolError(RuntimeError):
    """A render process failed, ran out of time or of memory; ``code`` is timeout, memory or failed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class RefusedError(Exception):
    """A render process refused the letter with a code of the renderer's (e.g. too-many-pages)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _send(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    sock.sendall(_HEADER.pack(kind, len(payload)))
    sock.sendall(payload)


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        count = sock.recv_into(view[got:])
        if count == 0:
            raise EOFError
        got += count
    return buffer


def _recv(sock: socket.socket, deadline: float | None = None) -> tuple[bytes, bytearray]:
    kind, size = _HEADER.unpack(bytes(_recv_exact(sock, _HEADER.size, deadline)))
    return kind, _recv_exact(sock, size, deadline)


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies, so none is ever left behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed socket still ends the process
        pass


def _detach_signals() -> None:
    """The forked process keeps none of the worker's signal handling."""
    if hasattr(signal, "set_wakeup_fd"):
        signal.set_wakeup_fd(-1)  # gunicorn's worker wakes its loop through a pipe: not ours
    for name in _IGNORED:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    for name in ("SIGALRM", "SIGABRT", "SIGCHLD"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def _cap_memory(allowance_mib: int) -> None:
    """Let this render process grow by at most ``allowance_mib`` of heap (RLIMIT_DATA, which counts
    malloc and anonymous mappings but not the shared fonts and libraries): a letter that needs more
    fails with MemoryError in this process, never in the worker. 0: no cap."""
    if allowance_mib <= 0:
        return
    with open("/proc/self/status", encoding="ascii") as status:
        used_kib = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
    limit = used_kib * 1024 + allowance_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _serve(
    sock: socket.socket, render: Callable[[str], bytes], seconds: float, recycle: int, memory_mib: int = 0
) -> None:
    """A render process: render up to ``recycle`` letters, each under a kernel timer and within its
    memory allowance, then exit."""
    # The default action of SIGALRM ends the process, wherever it is (Python code, a C loop in
    # Pango): the hard limit. The request thread sees the socket close and answers "timeout".
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _cap_memory(memory_mib)
    served = 0
    while served < recycle:
        served += 1
        try:
            _kind, payload = _recv(sock)
        except (EOFError, OSError):
            return
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            reply = (b"P", render(payload.decode("utf-8", "surrogatepass")))
        except RefusedError as refused:
            reply = (b"E", refused.code.encode("ascii"))
        except MemoryError:
            reply = (b"M", b"")  # over this process's allowance: it exits after answering
            recycle = 0
        except Exception:  # noqa: BLE001 - whatever WeasyPrint raises is a failed letter, no details
            reply = (b"F", b"")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        del payload
        _send(sock, *reply)


def _spawner(
    control: socket.socket,
    render: Callable[[str], bytes],
    seconds: float,
    recycle: int,
    warm: list[str],
    memory_mib: int = 0,
) -> None:
    """The spawner: render the ``warm`` documents once (so every render process starts with the
    faces and layout paths loaded), then fork a fresh render process each time the worker asks and
    pass its socket back."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps render processes that end
    for html in warm:
        try:
            render(html)
        except Exception:  # noqa: BLE001, S112 - a warm-up that fails only costs speed
            continue
    del warm[:]
    # Everything loaded so far lives as long as the spawner: keep the collector off those objects,
    # so that render processes do not copy every page of the warm heap by scanning it.
    gc.collect()
    gc.freeze()
    while True:
        try:
            asked = control.recv(1)
        except OSError:
            asked = b""
        if not asked:
            return  # the worker is gone
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                control.close()
                ours.close()
                _die_with_parent()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _serve(theirs, render, seconds, recycle, memory_mib)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        socket.send_fds(control, [_PID.pack(pid)], [ours.fileno()])
        ours.close()


@dataclass
class _Process:
    """The worker's handle on one render process."""

    sock: socket.socket
    pid: int
    pidfd: int
    renders: int = 0

    def kill(self) -> None:
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass

    def close(self) -> None:
        self.sock.close()
        os.close(self.pidfd)


@dataclass
class RenderPool:
    """Up to ``size`` warm render processes for one worker. ``render`` turns HTML into a PDF (it
    runs in the render process); ``seconds`` is the hard limit per letter; each process serves
    ``recycle`` letters. Thread-safe; the caller limits how many letters are in flight (at most
    ``size``)."""

    render: Callable[[str], bytes]
    seconds: float
    recycle: int
    size: int
    on_broken: Callable[[], None] | None = None
    memory_mib: int = 0  # each render process's heap allowance (0: none)
    spawner_pid: int = 0
    _control: socket.socket | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _control_lock: threading.Lock = field(default_factory=threading.Lock)
    _idle: list[_Process] = field(default_factory=list)
    _stopped: bool = False

    def start(self, close_in_spawner: Iterable[int] = (), warm: Iterable[str] = ()) -> None:
        """Fork the spawner (call while this process has one thread) and the first ``size`` render
        processes; returns once they are ready. ``close_in_spawner``: file descriptors the spawner
        must not keep open (the worker's listening sockets); ``warm``: documents the spawner renders
        first."""
        documents = list(warm)
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                ours.close()
                _die_with_parent()
                _detach_signals()
                for fd in close_in_spawner:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                _spawner(theirs, self.render, self.seconds, self.recycle, documents, self.memory_mib)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        ours.settimeout(START_SECONDS)  # the first answer waits for the warm-up renders
        self._control, self.spawner_pid = ours, pid
        for _ in range(self.size):
            self._idle.append(self._spawn())
        ours.settimeout(10)

    def stop(self) -> None:
        """Close every socket: the spawner and the idle render processes exit at once."""
        self._stopped = True
        with self._control_lock:  # after any fork in progress
            if self._control is not None:
                self._control.close()
                self._control = None
        with self._lock:
            idle, self._idle = self._idle, []
        for process in idle:
            process.close()
        if self.spawner_pid:
            try:
                os.waitpid(self.spawner_pid, 0)
            except ChildProcessError:
                pass
            self.spawner_pid = 0

    def pids(self) -> list[int]:
        """The idle render processes (for tests and benchmarks)."""
        with self._lock:
            return [process.pid for process in self._idle]

    def _spawn(self) -> _Process:
        with self._control_lock:
            control = self._control
            if control is None:  # stopped
                raise PoolError("failed")
            try:
                control.sendall(b"s")
                message, fds, _flags, _address = socket.recv_fds(control, _PID.size, 1)
            except OSError:
                self._broken()
                raise PoolError("failed") from None
        if len(message) != _PID.size or len(fds) != 1:  # the spawner ended
            for fd in fds:
                os.close(fd)
            self._broken()
            raise PoolError("failed")
        (pid,) = _PID.unpack(message)
        sock = socket.socket(fileno=fds[0])
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            sock.close()
            raise PoolError("failed") from None
        return _Process(sock, pid, pidfd)

    def _broken(self) -> None:
        # Without a spawner no letter can be made: say so once and let the owner replace this
        # process (under gunicorn: a graceful restart of the worker).
        if self._stopped:
            return
        self._stopped = True
        log.error("the render spawner is gone; letters cannot be made until the worker is replaced")
        if self.on_broken is not None:
            self.on_broken()

    def _take(self) -> _Process:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._spawn()

    def _give_back(self, process: _Process) -> None:
        with self._lock:
            if len(self._idle) < self.size and not self._stopped:
                self._idle.append(process)
                return
        process.close()

    def _top_up(self) -> None:
        # Fork the next render process now, off the request's path, so the next letter finds one
        # ready.
        try:
            self._give_back(self._spawn())
        except PoolError:
            pass

    def run(self, html: str) -> bytes:
        """Render ``html`` in a render process within the limit. Raises RefusedError with the
        renderer's own code, or PoolError("timeout") / PoolError("failed")."""
        process = self._take()
        started = time.monotonic()
        deadline = started + self.seconds + MARGIN_SECONDS
        kept = False
        try:
            process.sock.settimeout(self.seconds + MARGIN_SECONDS)
            # surrogatepass: the render process gets exactly the string this one has, whatever it is
            _send(process.sock, b"H", html.encode("utf-8", "surrogatepass"))
            kind, payload = _recv(process.sock, deadline)
            process.renders += 1
            kept = process.renders < self.recycle and kind != b"M"  # over its memory, it has exited
        except TimeoutError:
            process.kill()
            raise PoolError("timeout") from None
        except (EOFError, OSError):
            process.kill()
            # Ended by its own timer at the limit, or crashed before it.
            late = time.monotonic() - started >= self.seconds * 0.9
            raise PoolError("timeout" if late else "failed") from None
        finally:
            if kept:
                self._give_back(process)
            else:
                process.close()
                threading.Thread(target=self._top_up, daemon=True).start()
        if kind == b"E":
            raise RefusedError(payload.decode("ascii"))
        if kind == b"M":
            raise PoolError("memory")
        if kind == b"F":
            raise PoolError("failed")
        return bytes(payload)
