#!/usr/bin/python3
"""A psutil-style peer of SnapshotBenchmark: the CPU time of every process, the way a Python agent reads it.

Spawns N sleeping children (as SnapshotBenchmark's tree=proc does), then times psutil.process_iter with
cpu_times (one open/read/close of /proc/[pid]/stat per process, psutil 5.9's Linux backend) and prints the
time per snapshot and per process. Needs the Debian package python3-psutil (run with the system python3).

  benchmarks/scripts/psutil-snapshot.py [--sleepers 1000] [--warmup 3] [--iterations 10]
"""
import argparse
import subprocess
import sys
import time

try:
    import psutil
except ImportError:
    print("psutil-snapshot: psutil is missing; install it with: apt-get install python3-psutil "
          "and run this script with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)


def snapshot():
    n = 0
    ticks = 0.0
    for p in psutil.process_iter(['cpu_times']):
        t = p.info['cpu_times']
        if t is not None:
            ticks += t.user + t.system
            n += 1
    return n, ticks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sleepers', type=int, default=1000)
    ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--iterations', type=int, default=10)
    a = ap.parse_args()
    children = [subprocess.Popen(['sleep', '86400']) for _ in range(a.sleepers)]
    try:
        for _ in range(a.warmup):
            snapshot()
        times = []
        n = 0
        for _ in range(a.iterations):
            t0 = time.perf_counter()
            n, _ = snapshot()
            times.append(time.perf_counter() - t0)
        times.sort()
        median = times[len(times) // 2]
        print(f"psutil {psutil.__version__}, python {sys.version.split()[0]}")
        print(f"processes per snapshot  {n}")
        print(f"snapshot median         {median * 1e3:.2f} ms (min {times[0] * 1e3:.2f}, max {times[-1] * 1e3:.2f})")
        print(f"per process             {median / max(n, 1) * 1e6:.2f} us")
    finally:
        for c in children:
            c.kill()
        for c in children:
            c.wait()


if __name__ == '__main__':
    main()
