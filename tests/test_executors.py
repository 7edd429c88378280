"""The worker pool's fork server: started early by the batch commands that will need it, reused by the pool."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["newsdesk", *sys.argv[1:]]
import newsdesk.cli  # the CLI's entry: starts the fork server for batch commands that use the pool
from multiprocessing import forkserver
started = forkserver._forkserver._forkserver_pid
if started is not None:
    from newsdesk.executors import local_pool
    pool = local_pool(2)
    assert pool.submit(sum, [1, 2]).result(timeout=120) == 3
    assert forkserver._forkserver._forkserver_pid == started, "the pool started a second fork server"
    pool.shutdown()
print("started" if started else "not started")
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["similarity", "pairs.jsonl"], "started"), (["cluster", "x.jsonl"], "started"), (["reports"], "not started")],
)
def test_batch_commands_start_the_fork_server_before_their_imports_and_the_pool_reuses_it(
    argv: list[str], expected: str
) -> None:
    if sys.platform != "linux":
        pytest.skip("the fork server is a Linux start method here")
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
