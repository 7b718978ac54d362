#!/usr/bin/env python3
"""Times shell commands taken in turn, to compare two builds of the CLI on a drifting machine.

    bench/cli-pairs.py RUNS 'BEFORE/bin/chatlog retrieve --limit 10' 'AFTER/bin/chatlog ...' ...

Runs every command once per round, in turn (the order reversed every other round, so that neither
always follows the other), for RUNS rounds after two untimed ones, and prints each command's
median and mean wall time, the median and mean of its difference with the first command in the
same round, and the medians of its CPU time (user and system) and of its minor page faults. A
machine whose speed drifts by a tenth within minutes moves both runs of a round alike, so the
differences resolve a few milliseconds that separate means do not.
PREPARE, when set, is run (untimed, with the shell) before every timed command, e.g. to write new
content for a save. Output of the commands is discarded.

Page faults are worth their own column where a fault is dear: on a virtual machine that handles
each in its hypervisor (12-15 us a page there, against well under 1 us on bare metal), a start's
faults can cost more than its code does, and two builds may differ by their faults alone.
"""
import os
import statistics
import subprocess
import sys
import time


def timed(command, prepare):
    """Runs a command: its wall time and CPU time in ms, and its minor page faults."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_minflt


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit("usage: cli-pairs.py RUNS COMMAND [COMMAND ...]")
    runs, commands = int(sys.argv[1]), sys.argv[2:]
    prepare = os.environ.get("PREPARE")
    times = {command: [] for command in commands}
    for round_number in range(runs + 2):
        order = commands if round_number % 2 == 0 else list(reversed(commands))
        for command in order:
            run = timed(command, prepare)
            if round_number >= 2:
                times[command].append(run)
    first = [wall for wall, _, _ in times[commands[0]]]
    print("median ms   mean ms   diff median   diff mean   CPU ms   faults   command")
    for command in commands:
        own = [wall for wall, _, _ in times[command]]
        diffs = [a - b for a, b in zip(own, first)]
        cpu = statistics.median(cpu for _, cpu, _ in times[command])
        faults = statistics.median(faults for _, _, faults in times[command])
        print(
            f"{statistics.median(own):9.1f} {statistics.mean(own):9.1f}"
            f" {statistics.median(diffs):+13.1f} {statistics.mean(diffs):+11.1f}"
            f" {cpu:8.1f} {faults:8.0f}   {command}"
        )


if __name__ == "__main__":
    main()
