# SPDX-License-Identifier: MIT
"""anq: Assemblée nationale question pages into a typed record.

    >>> import anq
    >>> rec = anq.parse("examples/nosdeputes-question.html")
    >>> rec["uid"], rec["status"]
    ('QANR5L16QE9876', 'answered')

``parse()`` returns the record as a dict with the keys, order and values of
the JSON that the ``anq`` command prints (docs: README, anq(3)); with
``typed=True`` it returns a :class:`Question` dataclass instead. Failures
raise :class:`AnqError`, which carries the library's error code name
(``"not_a_question"``), the field involved and the message.

The binding calls libanq through ctypes (see ``anq._lib`` for how the
library is found: ANQ_LIBRARY, the build tree, then the system).
Parsing releases the GIL, so ``parse_many(..., jobs=N)`` uses N threads.
"""
import collections
import ctypes
import json
import os
from concurrent.futures import ThreadPoolExecutor

from . import _lib
from .record import Attribution, Author, Closure, Event, Jo, Question

__all__ = [
    "AnqError", "Id", "Parsed", "Question", "Author", "Attribution", "Jo", "Closure",
    "Event", "parse", "parse_many", "walk", "parse_id", "format_id", "formats",
    "version", "library_path", "ID_KINDS",
]

_c, library_path = _lib.load()

#: The identifier forms, as anq_id_kind_name() spells them.
ID_KINDS = tuple(_c.anq_id_kind_name(k).decode() for k in range(1, 6))
_TYPES = {_c.anq_type_name(t).decode(): t for t in (1, 2, 3)}
_TYPE_NAMES = {v: k for k, v in _TYPES.items()}


class AnqError(Exception):
    """A page or identifier that anq could not read.

    code:    the error code's name, as in the ``anq`` command's error objects
             ("not_a_question", "empty", "io", "bad_id", ...)
    field:   the record field or identifier part involved, or None
    message: an English sentence
    status:  the numeric code (enum anq_status)
    path:    the file involved, or None
    """

    def __init__(self, code, message, field=None, status=None, path=None):
        super().__init__(message)
        self.code = code
        self.field = field or None
        self.message = message
        self.status = status
        self.path = path

    @classmethod
    def _from_struct(cls, err, path=None):
        return cls(_c.anq_status_name(err.code).decode(),
                   err.message.decode("utf-8", "replace"),
                   err.field.decode("utf-8", "replace"), err.code, path)

    def __str__(self):
        where = f"{os.fspath(self.path)}: " if self.path is not None else ""
        field = f", field {self.field}" if self.field else ""
        return f"{where}{self.message} ({self.code}{field})"

    def __repr__(self):
        return (f"AnqError(code={self.code!r}, field={self.field!r}, "
                f"message={self.message!r}, path={self.path!r})")


def version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _c.anq_version().decode()


def formats():
    """The layouts this build of the library reads ("nosdeputes", ...)."""
    out = []
    f = 1
    while True:
        name = _c.anq_format_name(f).decode()
        if name == "unknown":
            return out
        if _c.anq_format_supported(f):
            out.append(name)
        f += 1


def _flags(format, html):
    flags = 0 if html else _lib.ANQ_PARSE_NO_HTML
    if format not in (None, "auto"):
        value = _c.anq_format_from_name(str(format).encode())
        if value == 0:
            raise ValueError(f"unknown format {format!r}")
        flags |= value
    return flags


def _read(source):
    """(bytes, path or None) of a parse() argument."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as f:
                return f.read(), source
        except OSError as e:
            raise AnqError("io", e.strerror or str(e), None, _lib.ANQ_ERR_IO, source) from e
    raise TypeError("parse() takes the page's bytes or a path, not "
                    f"{type(source).__name__}")


def _parse_bytes(data, flags, path):
    err = _lib.AnqErrorStruct()
    q = _c.anq_parse(data, len(data), flags, ctypes.byref(err))
    if not q:
        raise AnqError._from_struct(err, path)
    try:
        js = _c.anq_question_to_json(q, 0)
        if not js:
            raise MemoryError("anq: out of memory while writing the record")
        try:
            text = ctypes.string_at(js).decode("utf-8")
        finally:
            _c.anq_free(js)
    finally:
        _c.anq_question_free(q)
    return json.loads(text)


def parse(source, format=None, *, html=True, typed=False):
    """The record of one question page.

    source: the page's bytes (bytes, bytearray, memoryview), or a path
            (str or os.PathLike) to read them from.
    format: None or "auto" to detect the layout, or a layout name
            ("nosdeputes", "an_fiche", ...) to force it (ValueError if the
            name is unknown).
    html:   False leaves question_html and answer_html out (None): faster.
    typed:  True returns a Question dataclass instead of a dict.

    Raises AnqError (code "io" when the file cannot be read).
    """
    data, path = _read(source)
    rec = _parse_bytes(data, _flags(format, html), path)
    return Question.from_dict(rec) if typed else rec


#: One result of parse_many(): the path, and either the record or the error.
Parsed = collections.namedtuple("Parsed", "path record error")


def parse_many(paths, format=None, *, html=True, typed=False, jobs=1):
    """Parse every path of an iterable, lazily, yielding Parsed(path,
    record, error) in the order of the paths: exactly one of record and
    error is None, so one bad page does not stop a crawl. With jobs > 1 the
    pages are parsed in that many threads, at most 4 * jobs ahead of the
    consumer."""
    flags = _flags(format, html)

    def one(path):
        try:
            data, _ = _read(path)
            rec = _parse_bytes(data, flags, path)
            return Parsed(path, Question.from_dict(rec) if typed else rec, None)
        except AnqError as e:
            return Parsed(path, None, e)

    if jobs <= 1:
        for p in paths:
            yield one(p)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = collections.deque()
        for p in paths:
            pending.append(pool.submit(one, p))
            if len(pending) >= 4 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def walk(folder):
    """The page files under a folder as ``anq -r`` reads them: names ending
    in .html, .htm or .xml (any case), hidden names skipped, symbolic links
    to folders not followed, sorted by path."""
    folder = os.fspath(folder)
    out = []
    for d, dirs, files in os.walk(folder):
        dirs[:] = [x for x in dirs if not x.startswith(".")
                   and not os.path.islink(os.path.join(d, x))]
        for f in files:
            if not f.startswith(".") and f.lower().endswith((".html", ".htm", ".xml")):
                p = os.path.join(d, f)
                if os.path.isfile(p):
                    out.append(p)
    return sorted(out, key=lambda p: p.encode("utf-8", "surrogateescape"))


class Id(collections.namedtuple("Id", "legislature type number")):
    """A question's identity: legislature (int), type ("QE", "QOSD" or "QG")
    and number (int)."""

    __slots__ = ()

    @classmethod
    def parse(cls, text):
        """Read a uid or question URL (any site); AnqError "bad_id" if it is
        none."""
        return parse_id(text)

    def format(self, kind="uid", *, http=False, questions_host=False):
        """This identifier as kind: "uid", "legacy", "xml_view", "dyn" or
        "nosdeputes"."""
        return format_id(self, kind, http=http, questions_host=questions_host)

    @property
    def uid(self):
        return self.format("uid")


def parse_id(text):
    """The Id named by a uid (QANR5L16QE15463) or a question URL of the
    Assemblée's legacy, XML view or current site, or of NosDéputés.fr."""
    raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    out = _lib.AnqIdStruct()
    err = _lib.AnqErrorStruct()
    rc = _c.anq_id_parse(raw, len(raw), ctypes.byref(out), ctypes.byref(err))
    if rc != _lib.ANQ_OK:
        raise AnqError._from_struct(err)
    return Id(out.legislature, _TYPE_NAMES[out.type], out.number)


def format_id(ident, kind="uid", *, http=False, questions_host=False):
    """Write an Id (or anything parse_id() reads) as kind. AnqError "bad_id"
    when the form cannot name it (NosDéputés.fr only has QE from the 13th
    legislature on); ValueError for an unknown kind."""
    if not isinstance(ident, Id):
        ident = parse_id(ident) if isinstance(ident, (str, bytes)) else Id(*ident)
    k = _c.anq_id_kind_from_name(str(kind).encode())
    if k == 0:
        raise ValueError(f"unknown identifier kind {kind!r} (one of {', '.join(ID_KINDS)})")
    if ident.type not in _TYPES:
        raise AnqError("bad_id", f"unknown question type {ident.type!r}", "type",
                       _lib.ANQ_ERR_BAD_ID)
    for field in ("legislature", "number"):
        v = getattr(ident, field)
        if not isinstance(v, int) or not -2**31 <= v < 2**31:
            raise AnqError("bad_id", f"the {field} {v!r} is not a small integer", field,
                           _lib.ANQ_ERR_BAD_ID)
    s = _lib.AnqIdStruct(ident.legislature, _TYPES[ident.type], ident.number)
    flags = ((_lib.ANQ_ID_FORMAT_HTTP if http else 0) |
             (_lib.ANQ_ID_FORMAT_QUESTIONS_HOST if questions_host else 0))
    err = _lib.AnqErrorStruct()
    p = _c.anq_id_format(ctypes.byref(s), k, flags, ctypes.byref(err))
    if not p:
        raise AnqError._from_struct(err)
    try:
        return ctypes.string_at(p).decode("ascii")
    finally:
        _c.anq_free(p)
