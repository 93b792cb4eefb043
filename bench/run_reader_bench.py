#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the generated bulk files once, then run the reader benchmark on them.

  run_reader_bench.py BENCH_EXE GEN_BULK OUT_DIR N...
"""
import os
import subprocess
import sys


def main():
    exe, gen, out_dir, *sizes = sys.argv[1:]
    files = []
    for n in sizes:
        path = os.path.join(out_dir, "bench_bulk_%s.xml" % n)
        if not os.path.exists(path):
            subprocess.run([sys.executable, gen, "--namespace", n, path + ".tmp"], check=True)
            os.replace(path + ".tmp", path)
        files.append(path)
    return subprocess.run([exe, *files]).returncode


if __name__ == "__main__":
    sys.exit(main())
