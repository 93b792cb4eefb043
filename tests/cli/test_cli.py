#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The `anq` command: folders (-r), threads (--jobs), --summary, the progress
bar, exit statuses, standard input and --url-for.

  test_cli.py ANQ GOLDEN_DIR [CORPUS_DIR]

Expected values come from the fixture pages' .expected.json files and from
identifiers written out below by hand.
"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ANQ = GOLDEN = CORPUS = None
PAGES = (".html", ".htm", ".xml")


def run(*args, stdin=None, input=None):
    return subprocess.run([ANQ, *args], input=input, stdin=stdin, capture_output=True)


def pages_under(root):
    """Every page file under root, sorted by path, as anq -r lists them."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        out += [os.path.join(d, f) for f in files
                if f.lower().endswith(PAGES) and not f.startswith(".")]
    return sorted(out)


def expected(page):
    with open(page + ".expected.json", encoding="utf-8") as f:
        return json.load(f)


def json_lines(raw):
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def summary_counts(stderr):
    """{('format', 'nosdeputes'): 10, ...} and the head line's numbers."""
    text = stderr.decode("utf-8")
    head = re.search(r"^summary: inputs (\d+), parsed (\d+), failed (\d+) \(", text, re.M)
    counts = {}
    for m in re.finditer(r"^(format|status|error) (\w+): (\d+)$", text, re.M):
        counts[(m.group(1), m.group(2))] = int(m.group(3))
    return head, counts


class Walk(unittest.TestCase):
    def test_recursive_golden(self):
        pages = pages_under(GOLDEN)
        self.assertGreater(len(pages), 0)
        r = run("-r", GOLDEN)
        objs = json_lines(r.stdout)
        self.assertEqual([o["file"] for o in objs], pages)
        for page, got in zip(pages, objs):
            # "file" comes first, then the record as the fixture states it
            self.assertEqual(list(got)[0], "file")
            del got["file"]
            self.assertEqual(got, expected(page), page)
        failing = any("error" in expected(p) for p in pages)
        self.assertEqual(r.returncode, 1 if failing else 0)
        self.assertEqual(r.stderr, b"")

    def test_folder_rules(self):
        src = pages_under(GOLDEN)[0]
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "b", "c"))
            os.makedirs(os.path.join(tmp, ".hidden"))
            os.makedirs(os.path.join(tmp, "empty"))
            for rel in ("b/c/z.html", "b/a.HTM", "a.xml", "b.htm", ".hidden/x.html",
                        ".dot.html", "notes.txt", "page.html.expected.json"):
                shutil.copy(src, os.path.join(tmp, rel))
            r = run("-r", tmp)
            files = [o["file"] for o in json_lines(r.stdout)]
            want = [os.path.join(tmp, x) for x in ("a.xml", "b.htm", "b/a.HTM", "b/c/z.html")]
            self.assertEqual(files, want)
            self.assertEqual(r.returncode, 0)
            # a folder without -r, and an empty folder with it, are error objects
            r = run(tmp)
            obj = json.loads(r.stdout)
            self.assertEqual(obj["error"]["code"], "io")
            self.assertEqual(r.returncode, 1)
            r = run("-r", os.path.join(tmp, "empty"))
            obj = json.loads(r.stdout)
            self.assertEqual(obj["file"], os.path.join(tmp, "empty"))
            self.assertEqual(obj["error"]["code"], "io")
            self.assertEqual(r.returncode, 1)
            # a folder with a trailing slash gives no double slash
            r = run("-r", tmp + "/b/")
            self.assertEqual([o["file"] for o in json_lines(r.stdout)],
                             [tmp + "/b/a.HTM", tmp + "/b/c/z.html"])


class Jobs(unittest.TestCase):
    def inputs(self, tmp):
        bad = os.path.join(tmp, "not-a-question.html")
        with open(bad, "w") as f:
            f.write("<html><body><p>Nothing to see.</p></body></html>")
        empty = os.path.join(tmp, "empty.html")
        open(empty, "w").close()
        pages = pages_under(GOLDEN)
        if CORPUS and os.path.isdir(CORPUS):
            pages += pages_under(CORPUS)
        # failures spread among the pages, and every page twice
        return pages[:3] + [bad, os.path.join(tmp, "missing.html")] + pages + [empty] + pages

    def test_jobs_same_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            args = self.inputs(tmp)
            one = run("--jobs", "1", *args)
            four = run("--jobs", "4", *args)
            self.assertEqual(len(one.stdout.splitlines()), len(args))
            self.assertEqual(four.stdout, one.stdout)
            self.assertEqual(four.returncode, 1)
            self.assertEqual(one.returncode, 1)
            for spelling in (["-j", "3"], ["-j2"], ["--jobs=0"], ["--jobs=64"]):
                self.assertEqual(run(*spelling, *args).stdout, one.stdout, spelling)
            pretty1 = run("--pretty", "-j", "1", *args)
            pretty4 = run("--pretty", "-j", "4", *args)
            self.assertEqual(pretty4.stdout, pretty1.stdout)

    def test_jobs_folder_order(self):
        a = run("-j", "1", "-r", GOLDEN)
        b = run("-j", "4", "-r", GOLDEN)
        self.assertEqual(a.stdout, b.stdout)
        self.assertEqual(a.returncode, b.returncode)


class Summary(unittest.TestCase):
    def test_counts(self):
        pages = pages_under(GOLDEN)
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "listing.html")
            with open(bad, "w") as f:
                f.write("<html><body><ul><li>Questions</li></ul></body></html>")
            empty = os.path.join(tmp, "blank.html")
            with open(empty, "w") as f:
                f.write("  \n")
            missing = os.path.join(tmp, "missing.html")
            args = pages + [bad, empty, missing, bad]
            want = {}
            for p in pages:
                e = expected(p)
                if "error" in e:
                    key = ("error", e["error"]["code"])
                    want[key] = want.get(key, 0) + 1
                else:
                    for key in (("format", e["format"]), ("status", e["status"])):
                        want[key] = want.get(key, 0) + 1
            for key, n in ((("error", "not_a_question"), 2), (("error", "empty"), 1),
                           (("error", "io"), 1)):
                want[key] = want.get(key, 0) + n
            failed = sum(n for (k, _), n in want.items() if k == "error")
            for jobs in ("1", "3"):
                r = run("--summary", "-j", jobs, *args)
                self.assertEqual(r.returncode, 1)
                head, counts = summary_counts(r.stderr)
                self.assertIsNotNone(head, r.stderr)
                self.assertEqual(int(head.group(1)), len(args))
                self.assertEqual(int(head.group(2)), len(args) - failed)
                self.assertEqual(int(head.group(3)), failed)
                self.assertEqual(counts, want)
                # the summary never goes to stdout
                self.assertNotIn(b"summary:", r.stdout)

    def test_no_summary_no_stderr(self):
        r = run(*pages_under(GOLDEN))
        self.assertEqual(r.stderr, b"")


class Progress(unittest.TestCase):
    def run_on_tty(self, *args):
        master, slave = pty.openpty()
        try:
            p = subprocess.run([ANQ, *args], stdout=subprocess.PIPE, stderr=slave)
        finally:
            os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        return p, err

    def test_bar_on_terminal(self):
        pages = pages_under(GOLDEN)
        p, err = self.run_on_tty("-j", "2", *pages, "/nonexistent/x.html")
        n = len(pages) + 1
        # the fixtures whose expected record is an error, plus the missing file
        errors = sum(1 for pg in pages if "error" in expected(pg)) + 1
        self.assertEqual(p.returncode, 1)
        self.assertEqual(len(p.stdout.splitlines()), n)
        text = err.decode("utf-8")
        final = text.rstrip().split("\r")[-1]
        self.assertRegex(final, r"^\[#+\] %d/%d  [0-9.]+ pages/s  %d errors?$" % (n, n, errors))

    def test_no_bar(self):
        pages = pages_under(GOLDEN)
        p, err = self.run_on_tty("--no-progress", *pages)
        self.assertEqual(err, b"")
        # and nothing on stderr when it is a pipe
        r = run(*pages)
        self.assertEqual(r.stderr, b"")


class ExitStatus(unittest.TestCase):
    def test_statuses(self):
        page = pages_under(GOLDEN)[0]
        ok = "error" not in expected(page)
        self.assertEqual(run(page).returncode, 0 if ok else 1)
        self.assertEqual(run(page, "/nonexistent/x.html").returncode, 1)
        for bad in (["--frobnicate", page], ["--jobs", "x", page], ["--jobs", "-1", page],
                    ["--jobs=257", page], ["-j"], [], ["--format=nope", page],
                    ["--url-for=nope", "QANR5L16QE1"], ["--url-for=uid"]):
            r = run(*bad)
            self.assertEqual(r.returncode, 2, bad)
            self.assertEqual(r.stdout, b"", bad)
            self.assertNotEqual(r.stderr, b"", bad)
        for good in (["--help"], ["--version"], ["--list-formats"]):
            r = run(*good)
            self.assertEqual(r.returncode, 0, good)
        self.assertIn(b"Exit status", run("--help").stdout)


class Stdin(unittest.TestCase):
    def test_dash(self):
        page = pages_under(GOLDEN)[0]
        with open(page, "rb") as f:
            data = f.read()
        direct = run(page)
        piped = run("-", input=data)
        self.assertEqual(piped.stdout, direct.stdout)
        self.assertEqual(piped.returncode, direct.returncode)
        both = json_lines(run(page, "-", input=data).stdout)
        self.assertEqual([o["file"] for o in both], [page, "-"])
        self.assertEqual({k: v for k, v in both[1].items() if k != "file"}, expected(page))
        empty = run("-", input=b"")
        self.assertEqual(json.loads(empty.stdout)["error"]["code"], "empty")
        self.assertEqual(empty.returncode, 1)


class UrlFor(unittest.TestCase):
    FORMS = {
        "uid": "QANR5L16QE15463",
        "legacy": "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm",
        "xml_view": "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm/vue/xml",
        "dyn": "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463",
        "nosdeputes": "https://www.nosdeputes.fr/16/question/QE/15463",
    }

    def test_every_kind_from_every_form(self):
        for kind, want in self.FORMS.items():
            for src in self.FORMS.values():
                r = run("--url-for=" + kind, src)
                self.assertEqual(r.returncode, 0, (kind, src, r.stderr))
                self.assertEqual(r.stdout.decode(), want + "\n")
        r = run("--url-for=all", "QANR5L16QE15463")
        self.assertEqual(r.stdout.decode(), "".join(f"{k}\t{v}\n" for k, v in self.FORMS.items()))

    def test_all_leaves_out_what_cannot_be_named(self):
        r = run("--url-for=all", "QANR5L16QG200")
        kinds = [line.split("\t")[0] for line in r.stdout.decode().splitlines()]
        self.assertEqual(kinds, ["uid", "legacy", "xml_view", "dyn"])
        self.assertEqual(r.returncode, 0)

    def test_errors_and_stdin(self):
        r = run("--url-for=nosdeputes", "QANR5L16QG200")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, b"")
        self.assertIn(b"QE", r.stderr)
        r = run("--url-for=uid", "QANR5L16QE15463", "QANR5L16QM1", "https://2007-2012.nosdeputes.fr/question/QE/77033")
        self.assertEqual(r.stdout.decode(), "QANR5L16QE15463\nQANR5L13QE77033\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"QANR5L16QM1", r.stderr)
        lines = b"QANR5L14QOSD450\n\n  https://2012-2017.nosdeputes.fr/14/question/QE/47351 \r\n"
        r = run("--url-for=legacy", "-", input=lines)
        self.assertEqual(r.stdout.decode(),
                         "https://questions.assemblee-nationale.fr/q14/14-450QOSD.htm\n"
                         "https://questions.assemblee-nationale.fr/q14/14-47351QE.htm\n")
        self.assertEqual(r.returncode, 0)

    def test_record_urls_name_their_uid(self):
        """Every absolute URL in an expected record names that record's uid."""
        roots = [GOLDEN] + ([CORPUS] if CORPUS and os.path.isdir(CORPUS) else [])
        pairs = []
        for root in roots:
            for page in pages_under(root):
                try:
                    e = expected(page)
                except FileNotFoundError:
                    continue
                url = e.get("url")
                if url and url.startswith(("http://", "https://")):
                    pairs.append((url, e["uid"]))
        self.assertGreater(len(pairs), 0)
        r = run("--url-for=uid", "-", input="".join(u + "\n" for u, _ in pairs).encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().splitlines(), [uid for _, uid in pairs])


def tests_dir():
    return os.path.dirname(os.path.abspath(GOLDEN.rstrip("/")))


def generate(tmp, n, *opts):
    """A bulk file of n questions written by tests/gen_bulk.py."""
    out = os.path.join(tmp, "bulk_%d.xml" % n)
    subprocess.run([sys.executable, os.path.join(tests_dir(), "gen_bulk.py"), *opts, str(n), out],
                   check=True)
    return out


def gen_uid(i):
    """The uid of question i by the generator's rule."""
    return "QANR5L14%s%d" % (("QOSD", "QE", "QE", "QG")[i % 4], i)


class Bulk(unittest.TestCase):
    """Open-data bulk files: streamed, one line per question with its index."""

    def fixture(self):
        return os.path.join(tests_dir(), "opendata", "bulk_l14.xml")

    def test_each_question_as_its_own_file(self):
        """Each line equals what anq prints for that question alone."""
        path = self.fixture()
        r = run(path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        objs = json_lines(r.stdout)
        with open(path, "rb") as f:
            data = f.read()
        parts = re.findall(rb"<question>.*?</question>", data, re.S)
        self.assertEqual(len(parts), 2)
        self.assertEqual([o["index"] for o in objs], [1, 2])
        self.assertEqual([o["uid"] for o in objs], ["QANR5L14QE88210", "QANR5L14QE88211"])
        with tempfile.TemporaryDirectory() as tmp:
            for k, part in enumerate(parts):
                one = os.path.join(tmp, "q%d.xml" % k)
                with open(one, "wb") as f:
                    f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n' + part + b"\n")
                alone = json.loads(run(one).stdout)
                got = dict(objs[k])
                self.assertEqual(list(got)[0], "index")
                del got["index"]
                self.assertEqual(got, alone)

    def test_generated_with_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            bulk = generate(tmp, 300, "--malformed", "100", "--no-number", "200")
            with open(bulk, "rb") as f:
                data = f.read()
            page = pages_under(GOLDEN)[0]
            r = run("--summary", bulk, page)
            self.assertEqual(r.returncode, 1)
            objs = json_lines(r.stdout)
            self.assertEqual(len(objs), 301)
            for i, o in enumerate(objs[:300], 1):
                self.assertEqual(list(o)[:2], ["file", "index"])
                self.assertEqual((o["file"], o["index"]), (bulk, i))
                if i == 100:
                    self.assertEqual(o["error"]["code"], "parse")
                    self.assertIn("ANALYSE", o["error"]["message"])
                    line = o["error"]["line"]
                    self.assertIn(b"</ANALYSE></ANA>", data.split(b"\n")[line - 1])
                elif i == 200:
                    self.assertEqual(o["error"]["code"], "no_number")
                    off = o["error"]["offset"]
                    self.assertEqual(data[off:off + 9], b"<question")
                    self.assertEqual(data[:off].count(b"\n") + 1, o["error"]["line"])
                else:
                    self.assertEqual(o["uid"], gen_uid(i))
                    self.assertEqual(o["number"], i)
            self.assertEqual(objs[300]["file"], page)
            self.assertNotIn("index", objs[300])
            head, counts = summary_counts(r.stderr)
            ok_page = "error" not in expected(page)
            self.assertEqual(int(head.group(1)), 2)
            self.assertEqual(int(head.group(2)), 298 + ok_page)
            self.assertEqual(int(head.group(3)), 2 + (not ok_page))
            self.assertEqual(counts[("error", "parse")], 1)
            self.assertEqual(counts[("error", "no_number")], 1)
            # every question of the generator is QE, QG or QOSD in the states of its rule
            self.assertGreaterEqual(counts[("format", "an_opendata")], 298)

    def test_jobs_stdin_pretty(self):
        with tempfile.TemporaryDirectory() as tmp:
            bulk = generate(tmp, 120, "--namespace")
            page = pages_under(GOLDEN)[0]
            args = [bulk, page, self.fixture(), bulk]
            one = run("-j", "1", *args)
            three = run("-j", "3", *args)
            self.assertEqual(three.stdout, one.stdout)
            self.assertEqual(len(one.stdout.splitlines()), 120 + 1 + 2 + 120)
            # standard input: the same lines as the file, without "file"
            with open(bulk, "rb") as f:
                data = f.read()
            direct = run(bulk)
            piped = run("-", input=data)
            self.assertEqual(piped.stdout, direct.stdout)
            self.assertEqual([o["index"] for o in json_lines(piped.stdout)], list(range(1, 121)))
            # --pretty: the same objects
            pretty = run("--pretty", bulk).stdout.decode("utf-8")
            dec, pos, objs = json.JSONDecoder(), 0, []
            while pos < len(pretty):
                obj, end = dec.raw_decode(pretty, pos)
                objs.append(obj)
                pos = end + 1
            self.assertEqual(objs, json_lines(direct.stdout))

    def test_forced_format(self):
        path = self.fixture()
        r = run("--format=an_dyn", path)
        self.assertEqual(json.loads(r.stdout)["error"]["code"], "format_mismatch")
        r = run("--format=an_opendata", path)
        self.assertEqual(len(json_lines(r.stdout)), 2)
        self.assertEqual(r.returncode, 0)

    def test_cut_file(self):
        with open(self.fixture(), "rb") as f:
            data = f.read()
        cut = data[:data.index(b"</question>") + len(b"</question>")]
        r = run("-", input=cut)
        objs = json_lines(r.stdout)
        self.assertEqual(objs[0]["uid"], "QANR5L14QE88210")
        self.assertEqual(objs[1]["error"]["code"], "parse")
        self.assertNotIn("index", objs[1])
        self.assertEqual(len(objs), 2)
        self.assertEqual(r.returncode, 1)

    def test_progress_bar(self):
        with tempfile.TemporaryDirectory() as tmp:
            bulk = generate(tmp, 400)
            size = os.path.getsize(bulk)
            self.assertGreater(size, 1 << 20)
            p, err = Progress.run_on_tty(None, bulk)
            self.assertEqual(p.returncode, 0)
            self.assertEqual(len(p.stdout.splitlines()), 400)
            final = err.decode("utf-8").rstrip().split("\r")[-1]
            self.assertRegex(final, r"^\[#{30}\] %.1f/%.1f MB  [0-9.]+ questions/s  0 errors$"
                             % (size / 1e6, size / 1e6))
            for quiet in ("--quiet", "-q", "--no-progress"):
                p, err = Progress.run_on_tty(None, quiet, bulk)
                self.assertEqual(err, b"", quiet)
                self.assertEqual(len(p.stdout.splitlines()), 400)
            # a small bulk file draws nothing
            p, err = Progress.run_on_tty(None, self.fixture())
            self.assertEqual(err, b"")
            # and nothing into a pipe
            self.assertEqual(run(bulk).stderr, b"")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ANQ, GOLDEN = os.path.abspath(sys.argv[1]), sys.argv[2]
    CORPUS = sys.argv[3] if len(sys.argv) > 3 else None
    unittest.main(argv=[sys.argv[0], "-v"])
