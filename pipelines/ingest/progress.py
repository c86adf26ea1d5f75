"""Progress for a parse batch: a rich bar on a terminal, plain log lines otherwise."""
from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

log = logging.getLogger("nianbao.ingest")


@contextmanager
def progress(total: int, label: str = "解析") -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; shows a bar when stderr is a terminal, else a line every ~5 s."""
    if total and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TimeRemainingColumn(), transient=False) as bar:
            task = bar.add_task(label, total=total)
            yield lambda n: bar.advance(task, n)
        return
    state = {"done": 0, "last": time.monotonic()}

    def advance(n: int) -> None:
        state["done"] += n
        now = time.monotonic()
        if now - state["last"] >= 5 or state["done"] == total:
            state["last"] = now
            log.info("%s: %d/%d files", label, state["done"], total)

    yield advance
