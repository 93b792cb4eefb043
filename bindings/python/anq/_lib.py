# SPDX-License-Identifier: MIT
"""Finding and loading libanq, and the C declarations the binding uses.

The library is looked for, in order:
1. the path in the environment variable ANQ_LIBRARY;
2. the build tree around this package (``build*/lib/libanq.so.0`` at the top
   of the source tree, ``build`` first);
3. the system: ctypes.util.find_library("anq"), then the soname libanq.so.0.
"""
import ctypes
import ctypes.util
import os
import sys

SONAME = "libanq.so.0"


class AnqErrorStruct(ctypes.Structure):
    """struct anq_error (fixed layout)."""
    _fields_ = [
        ("code", ctypes.c_int32),
        ("line", ctypes.c_uint32),
        ("field", ctypes.c_char * 48),
        ("message", ctypes.c_char * 160),
        ("index", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("offset", ctypes.c_uint64),
    ]


class AnqIdStruct(ctypes.Structure):
    """struct anq_id (fixed layout)."""
    _fields_ = [
        ("legislature", ctypes.c_int32),
        ("type", ctypes.c_int32),
        ("number", ctypes.c_int32),
    ]


# Flags and codes of include/anq.h that the binding uses.
ANQ_OK = 0
ANQ_ERR_NOMEM = 1
ANQ_ERR_INVALID_ARG = 2
ANQ_ERR_IO = 11
ANQ_ERR_BAD_ID = 12
ANQ_PARSE_NO_HTML = 1 << 8
ANQ_JSON_PRETTY = 1 << 0
ANQ_ID_FORMAT_HTTP = 1 << 0
ANQ_ID_FORMAT_QUESTIONS_HOST = 1 << 1


def _candidates():
    env = os.environ.get("ANQ_LIBRARY")
    if env:
        # given explicitly: that one and no other
        return [env], True
    out = []
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    names = ["libanq.dylib", "libanq.0.dylib"] if sys.platform == "darwin" else [SONAME]
    try:
        builds = sorted(d for d in os.listdir(root) if d.startswith("build"))
    except OSError:
        builds = []
    if "build" in builds:
        builds.remove("build")
        builds.insert(0, "build")
    for b in builds:
        for n in names:
            p = os.path.join(root, b, "lib", n)
            if os.path.exists(p):
                out.append(p)
    found = ctypes.util.find_library("anq")
    if found:
        out.append(found)
    out.append(SONAME)
    return out, False


def _declare(lib):
    c = ctypes
    sigs = {
        "anq_init": (c.c_int, []),
        "anq_parse": (c.c_void_p, [c.c_char_p, c.c_size_t, c.c_uint, c.POINTER(AnqErrorStruct)]),
        "anq_question_free": (None, [c.c_void_p]),
        "anq_question_to_json": (c.c_void_p, [c.c_void_p, c.c_uint]),
        "anq_free": (None, [c.c_void_p]),
        "anq_strerror": (c.c_char_p, [c.c_int]),
        "anq_status_name": (c.c_char_p, [c.c_int]),
        "anq_version": (c.c_char_p, []),
        "anq_format_name": (c.c_char_p, [c.c_int]),
        "anq_format_from_name": (c.c_int, [c.c_char_p]),
        "anq_format_supported": (c.c_int, [c.c_int]),
        "anq_type_name": (c.c_char_p, [c.c_int]),
        "anq_id_parse": (c.c_int, [c.c_char_p, c.c_size_t, c.POINTER(AnqIdStruct),
                                   c.POINTER(AnqErrorStruct)]),
        "anq_id_format": (c.c_void_p, [c.POINTER(AnqIdStruct), c.c_int, c.c_uint,
                                       c.POINTER(AnqErrorStruct)]),
        "anq_id_kind_name": (c.c_char_p, [c.c_int]),
        "anq_id_kind_from_name": (c.c_int, [c.c_char_p]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args


def load():
    """(CDLL, path) of the first library that loads; ImportError if none."""
    candidates, explicit = _candidates()
    errors = []
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)
            _declare(lib)
        except (OSError, AttributeError) as e:
            errors.append(f"{path}: {e}")
            continue
        lib.anq_init()
        return lib, path
    hint = ("ANQ_LIBRARY names a library that cannot be loaded" if explicit else
            "build anq (meson setup build && ninja -C build), install it, or set "
            "ANQ_LIBRARY to the path of libanq.so")
    raise ImportError("anq: libanq not found: " + hint + "\n  " + "\n  ".join(errors))
