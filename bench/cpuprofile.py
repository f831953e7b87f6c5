"""Run a Python module under cProfile with a CPU-time clock: ``cpuprofile.py OUT.prof -m scrapy crawl ...``.

``python -m cProfile`` times with the wall clock, so a crawl's profile is mostly time spent waiting for the
network (the event loop's select). With ``time.process_time`` as the timer, the profile shows where the CPU
goes, which is what the crawl benchmark's "CPU ms per article page" is made of. Used by bench/run.py
--profile.
"""

from __future__ import annotations

import cProfile
import runpy
import sys
import time


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "-m":
        print("usage: cpuprofile.py OUT.prof -m MODULE [ARGS...]", file=sys.stderr)
        return 2
    out, module, args = sys.argv[1], sys.argv[3], sys.argv[4:]
    sys.argv = [module, *args]
    sys.path.insert(0, "")  # as `python -m` does: the working directory first
    profiler = cProfile.Profile(time.process_time)
    code = 0
    profiler.enable()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        profiler.disable()
        profiler.dump_stats(out)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
