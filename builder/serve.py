"""Staff server: the built site on 127.0.0.1, plus GET /api/search (builder/staff_app.py).

Served by waitress, a production WSGI server (worker threads, a real listen backlog, idle
connections closed), so a burst of searches queues instead of timing out; `serve` runs it in
one process per core, sharing one listening socket, because searches are CPU-bound under
one GIL per process. jieba and the index are loaded once per process, at start-up.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from waitress import wasyncore
from waitress.server import create_server

from builder.models import Term
from builder.search.engine import SearchEngine
from builder.staff_app import AtlasApp
from builder.workers import die_with_parent

HOST = "127.0.0.1"
# Searches are CPU-bound under one GIL, so more threads do not add throughput; they let fast
# queries through while a few slow ones run.
THREADS = 8
PROCESSES = os.cpu_count() or 1  # `serve`: one waitress process per core
BACKLOG = 1024  # the standard library's 5 dropped connections under a burst of searches
CONNECTION_LIMIT = 500  # open connections; more wait in the backlog
IDLE_TIMEOUT = 30.0  # seconds before an idle keep-alive connection is closed
MAX_BODY = 64 * 1024  # nothing here reads a request body; waitress's default is 1 GB


class StaffServer:
    """waitress serving AtlasApp on 127.0.0.1; `run()` serves until `close()` (any thread).
    `listener`: a socket already listening (shared by ServerProcesses), else one is bound."""

    def __init__(
        self,
        app: AtlasApp,
        port: int,
        idle_timeout: float,
        listener: socket.socket | None = None,
    ) -> None:
        # waitress's socket map: the listener and the open connections
        self._sockets: dict[int, wasyncore.dispatcher] = {}
        where = {"sockets": [listener]} if listener else {"host": HOST, "port": port}
        self._server = create_server(
            app,
            map=self._sockets,
            threads=THREADS,
            backlog=BACKLOG,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=idle_timeout,
            cleanup_interval=min(idle_timeout, 30),  # how often idle connections are looked for
            asyncore_use_poll=True,  # select() cannot watch more than 1024 sockets
            max_request_body_size=MAX_BODY,
            ident="Plan Atlas",
            **where,
        )
        # "Task queue depth is N" on every burst of searches: expected, not worth a line each.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self._running = threading.Event()
        self._stopped = threading.Event()

    @property
    def effective_port(self) -> int:
        return int(self._server.effective_port)

    @property
    def server_address(self) -> tuple[str, int]:
        return str(self._server.effective_host), self.effective_port

    def run(self) -> None:
        self._running.set()
        try:
            self._server.run()
        finally:
            self._stopped.set()

    def close(self) -> None:
        """Stop `run()` and wait for it; the sockets are closed in waitress's own loop thread,
        since closing them from another thread would race with its poll()."""
        if self._running.is_set() and not self._stopped.is_set():
            self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._sockets))
            self._stopped.wait(10)
        wasyncore.close_all(self._sockets)
        self._server.task_dispatcher.shutdown()

    # The standard library server's names, which bench/search.py uses.
    serve_forever = run
    shutdown = close
    server_close = close


class ServerProcesses:
    """`processes` waitress servers, forked, sharing one listening socket (the kernel gives
    each new connection to one of them): each process has its own GIL, so each gives the
    searches a core. A worker ending ends the service; workers die with this process."""

    def __init__(
        self,
        make_app: Callable[[], AtlasApp],
        port: int,
        processes: int,
        idle_timeout: float,
    ) -> None:
        self._listener = socket.create_server((HOST, port), backlog=BACKLOG)
        self._make_app = make_app  # called in each worker: no searcher is shared across fork
        self._processes = processes
        self._idle_timeout = idle_timeout
        self._workers: list[int] = []

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self._listener.getsockname()[:2]
        return str(host), int(port)

    def run(self) -> None:
        parent = os.getpid()
        for _ in range(self._processes):
            pid = os.fork()
            if pid == 0:
                self._work(parent)
            self._workers.append(pid)
        try:
            os.wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def _work(self, parent: int) -> None:
        """In a forked worker: serve until stopped; never return into the parent's code."""
        status = 0
        try:
            die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            StaffServer(self._make_app(), 0, self._idle_timeout, self._listener).run()
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            sys.stderr.flush()
            os._exit(status)

    def close(self) -> None:
        for pid in self._workers:
            with suppress(ChildProcessError, ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        self._workers.clear()
        self._listener.close()

    serve_forever = run


def make_server(
    site_dir: Path,
    index_dir: Path,
    glossary: list[Term],
    port: int = 8000,
    idle_timeout: float = IDLE_TIMEOUT,
    processes: int = 1,
) -> StaffServer | ServerProcesses:
    """A server bound to 127.0.0.1 (port 0 picks a free one): in this process, or in
    `processes` forked ones."""

    def make_app() -> AtlasApp:
        return AtlasApp(site_dir, SearchEngine(index_dir, glossary))

    if processes > 1:
        return ServerProcesses(make_app, port, processes, idle_timeout)
    return StaffServer(make_app(), port, idle_timeout)


def serve(
    site_dir: Path,
    index_dir: Path,
    glossary: list[Term],
    port: int = 8000,
    processes: int = PROCESSES,
) -> None:
    server = make_server(site_dir, index_dir, glossary, port, processes=processes)
    host, bound = server.server_address
    print(
        f"Plan Atlas on http://{host}:{bound}/ (search API: /api/search?q=…; "
        f"{processes} process(es)); Ctrl-C stops",
        flush=True,
    )
    try:
        server.run()  # waitress ends its loop on Ctrl-C
    finally:
        server.close()
