#!/usr/bin/env python3
"""CPU seconds used by each party of a benchmark, from /proc (Linux), so a run can say where its time went.

  cpu.py snapshot SERVICE_PID            one line of JSON: CPU seconds so far of the service, Postgres, Redis, and
                                         the machine's busy and idle time
  cpu.py diff BEFORE AFTER               the difference of two snapshots (JSON lines), as JSON
  cpu.py run OUT -- COMMAND ...          runs COMMAND, then writes its (and its children's) CPU seconds to OUT

Postgres is every process named postgres: the live ones' own time plus the postmaster's reaped children (a backend
that exits, like pgbench's at the end of its run, adds its time to the postmaster's cutime/cstime when reaped). Redis
is every redis-server process. Ticks are converted with the kernel's clock rate (SC_CLK_TCK).
"""
import json
import os
import resource
import subprocess
import sys

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    """(command name, own ticks, reaped children's ticks) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
    return name, int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def snapshot(service_pid):
    postgres = redis = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        found = stat(pid)
        if found is None:
            continue
        name, own, children = found
        if name == "postgres":
            postgres += own + children  # only the postmaster reaps backends; others have no children
        elif name == "redis-server":
            redis += own
    service = stat(service_pid)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]  # idle + iowait
    return {
        "service": (service[1] if service else 0) / TICK,
        "postgres": postgres / TICK,
        "redis": redis / TICK,
        "busy": (sum(cpu[:8]) - idle) / TICK,
        "idle": idle / TICK,
    }


def main(args):
    if args[0] == "snapshot":
        print(json.dumps(snapshot(int(args[1]))))
    elif args[0] == "diff":
        before, after = json.loads(args[1]), json.loads(args[2])
        print(json.dumps({k: round(after[k] - before[k], 3) for k in before}))
    elif args[0] == "run":
        out, command = args[1], args[args.index("--") + 1 :]
        code = subprocess.call(command)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(out, "w") as f:
            f.write(f"{used.ru_utime + used.ru_stime:.3f}\n")
        return code
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
