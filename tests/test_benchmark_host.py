"""Benchmarks name the machine they ran on (benchmarks/host.py): its CPU, widest vector instructions and cores."""

from __future__ import annotations

from benchmarks.host import cpu_facts, describe, host

# Two processors as /proc/cpuinfo lists them; only the first block is read.
CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 23
model\t\t: 1
model name\t: AMD EPYC
flags\t\t: fpu sse4_1 sse4_2 avx f16c avx2 fma

processor\t: 1
model name\t: Some Other CPU
flags\t\t: fpu avx512f avx2
"""


def test_cpu_facts_read_the_first_processor_and_its_widest_vector_set() -> None:
    facts = cpu_facts(CPUINFO)
    assert facts == {"cpu": "AMD EPYC", "family": "23", "model": "1", "vector": "avx2"}


def test_avx512_outranks_avx2_and_missing_fields_say_so() -> None:
    assert cpu_facts("model name : X\nflags : avx avx2 avx512f\n")["vector"] == "avx512f"
    assert cpu_facts("flags : fpu\n") == {"cpu": "unknown", "family": "?", "model": "?", "vector": "none"}
    assert cpu_facts("")["cpu"] == "unknown"


def test_describe_names_cpu_vector_set_and_cores() -> None:
    line = describe({**cpu_facts(CPUINFO), "cores": 2})
    assert line == "host: AMD EPYC (family 23, model 1), AVX2, 2 cores"


def test_host_describes_this_machine() -> None:
    facts = host()
    assert isinstance(facts["cores"], int) and facts["cores"] >= 1
    assert describe(facts).startswith("host: ")
