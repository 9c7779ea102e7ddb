"""Run a command and record its wall time and its own peak memory:

    python benchmarks/_measure.py RESULT_FILE COMMAND...

A child's `ru_maxrss` starts from the memory of the process that spawned it, so a
benchmark that holds hundreds of megabytes cannot measure a small command directly; this
small process spawns it instead. RESULT_FILE gets "seconds maxrss_kib exit_code".
"""

import os
import sys
import time

result, *command = sys.argv[1:]
start = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(result, "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {code}\n")
sys.exit(code)
