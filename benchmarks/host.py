"""The machine a benchmark ran on, named beside its results: speeds measured on different hosts do not compare.

The same code and corpus ingested ~15 reports/s on the host of 2026-12-04 and
~6 on that of 2026-12-05, an AMD EPYC of the first Zen generation (family 23,
model 1: AVX2 done in two 128-bit halves, no AVX-512), where e5 of a 24-token
headline costs ~72 ms of CPU.  The load average alone did not tell the two
apart, so every benchmark prints the CPU, its widest vector instructions and
its cores (``host`` in ``--json`` rows).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")
VECTOR_SETS = ("avx512f", "avx2", "avx", "sse4_2")  # widest first, as /proc/cpuinfo spells them


def cpu_facts(cpuinfo: str) -> dict[str, str]:
    """The model name, family, model and widest vector instruction set of the first processor in ``/proc/cpuinfo`` text."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            if fields:
                break  # the first processor's block has ended
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    flags = set(fields.get("flags", "").split())
    return {
        "cpu": fields.get("model name", "unknown"),
        "family": fields.get("cpu family", "?"),
        "model": fields.get("model", "?"),
        "vector": next((v for v in VECTOR_SETS if v in flags), "none"),
    }


def host() -> dict[str, object]:
    """This machine: :func:`cpu_facts` (the platform's processor name where there is no /proc/cpuinfo) and its cores."""
    try:
        facts = cpu_facts(CPUINFO.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        facts = {"cpu": platform.processor() or "unknown", "family": "?", "model": "?", "vector": "?"}
    return {**facts, "cores": os.cpu_count()}


def describe(facts: dict[str, object]) -> str:
    """One line naming the host, printed above a benchmark's table."""
    return (
        f"host: {facts['cpu']} (family {facts['family']}, model {facts['model']}), "
        f"{str(facts['vector']).upper()}, {facts['cores']} cores"
    )
