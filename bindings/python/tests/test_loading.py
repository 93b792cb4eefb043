# SPDX-License-Identifier: MIT
"""How the binding finds libanq: ANQ_LIBRARY first, then the build tree
around the package."""
import os
import shutil
import subprocess
import sys

import anq

PKG = os.path.dirname(os.path.abspath(anq.__file__))
PROBE = "import anq; print(anq.library_path); print(anq.parse_id('QANR5L16QE1').uid)"


def run_python(code, cwd, env):
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_explicit_library_that_does_not_load(tmp_path):
    env = dict(os.environ, ANQ_LIBRARY=str(tmp_path / "libnothing.so"),
               PYTHONPATH=os.path.dirname(PKG))
    r = run_python("import anq", tmp_path, env)
    assert r.returncode != 0
    assert "ImportError" in r.stderr
    assert "ANQ_LIBRARY" in r.stderr


def test_build_tree_is_found(tmp_path):
    # a source tree with the package at bindings/python/anq and a build
    # folder holding the library: found without ANQ_LIBRARY
    lib = anq.library_path
    if not os.path.isabs(lib):
        import pytest
        pytest.skip("the library was loaded by soname, not from a path")
    shutil.copytree(PKG, tmp_path / "bindings" / "python" / "anq",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "build" / "lib").mkdir(parents=True)
    os.symlink(os.path.realpath(lib), tmp_path / "build" / "lib" / "libanq.so.0")
    env = {k: v for k, v in os.environ.items() if k != "ANQ_LIBRARY"}
    env["PYTHONPATH"] = str(tmp_path / "bindings" / "python")
    r = run_python(PROBE, tmp_path, env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [str(tmp_path / "build" / "lib" / "libanq.so.0"),
                                     "QANR5L16QE1"]
