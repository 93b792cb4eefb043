#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the anq(3) man page from the doc comments of include/anq.h.

  gen-anq3.py HEADER VERSION OUT

The header is the reference: the file comment becomes DESCRIPTION, each
documented function a subsection of FUNCTIONS (prototype, text, parameters,
return value), each documented type or constant a subsection of TYPES AND
CONSTANTS with its definition as printed in the header.
"""
import re
import sys


def roff_escape(text):
    text = text.replace("\\", "\\e")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line
                     for line in text.split("\n"))


def inline(text):
    """Doc markup to roff: `code`, @p name, ::name."""
    text = roff_escape(text)
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    text = re.sub(r"@p\s+(\w+)", r"\\fI\1\\fR", text)
    text = re.sub(r"::(\w+)", r"\\fB\1\\fR", text)
    return text


def comment_lines(block):
    """The text lines of a /** ... */ block, without the stars."""
    body = block.strip()
    body = re.sub(r"^/\*\*<?", "", body)
    body = re.sub(r"\*/$", "", body)
    out = []
    for line in body.split("\n"):
        line = re.sub(r"^\s*\* ?", "", line) if line.strip().startswith("*") else line.strip()
        out.append(line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def render_doc(lines):
    """Paragraphs, lists, @code blocks and @param/@return/@since tags."""
    out = []
    para = []
    params = []
    tags = []  # (label, text)
    current = None  # where continuation lines go: para, a param, a tag
    in_code = False

    def flush():
        nonlocal para
        if para:
            out.append(".PP")
            out.append(inline(" ".join(para)))
            para = []

    for raw in lines:
        line = raw.strip()
        if in_code:
            if line == "@endcode":
                out.append(".fi\n.RE")
                in_code = False
            else:
                out.append(roff_escape(raw.rstrip()) or "")
            continue
        if line == "@code":
            flush()
            out.append(".PP\n.RS\n.nf")
            in_code = True
            current = None
            continue
        # "@since X" at the end of a sentence
        m = re.search(r"\s*@since\s+(\S+)\s*$", line)
        if m and m.start() > 0:
            tags.append(["Since", m.group(1)])
            line = line[:m.start()]
        # these sentences open a paragraph of their own
        if line.startswith(("Thread-safety:", "Ownership:")):
            flush()
            para.append(line)
            current = None
            continue
        m = re.match(r"@param(?:\[\w+\])?\s+(\w+)\s*(.*)", line)
        if m:
            flush()
            params.append([m.group(1), m.group(2)])
            current = params[-1]
            continue
        m = re.match(r"@(return|since|brief|file)\b\s*(.*)", line)
        if m:
            flush()
            if m.group(1) in ("return", "since"):
                tags.append(["Returns" if m.group(1) == "return" else "Since", m.group(2)])
                current = tags[-1]
            else:
                current = None
            continue
        if not line:
            flush()
            current = None
            continue
        if line.startswith("- "):
            flush()
            out.append(".IP \\(bu 2")
            out.append(inline(line[2:]))
            current = "item"
            continue
        if current == "item":
            out.append(inline(line))
        elif isinstance(current, list):
            current[1] += " " + line
        else:
            para.append(line)
    flush()
    if params:
        out.append(".PP\nParameters:")
        for name, text in params:
            out.append(".TP\n.I " + name)
            out.append(inline(text.strip()))
    for label, text in tags:
        out.append(".PP\n" + label + ": " + inline(text.strip()))
    return out


def clean_decl(decl):
    decl = re.sub(r"\bANQ_(API|WARN_UNUSED)\b\s*", "", decl)
    return re.sub(r"\s+", " ", decl).strip()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    header, version, out_path = sys.argv[1:]
    with open(header, encoding="utf-8") as f:
        src = f.read()

    file_doc = None
    functions = []  # (prototype, doc lines)
    types = []      # (title, definition, doc lines)
    pos = 0
    doc_re = re.compile(r"/\*\*(?!<).*?\*/", re.S)
    for m in doc_re.finditer(src):
        block = m.group(0)
        lines = comment_lines(block)
        if "@file" in block:
            file_doc = lines
            continue
        rest = src[m.end():]
        stripped = rest.lstrip()
        if stripped.startswith("ANQ_API"):
            decl = stripped[:stripped.index(";") + 1]
            functions.append((clean_decl(decl), lines))
        elif stripped.startswith(("enum ", "typedef struct ")):
            end = re.search(r"\n\}[^;]*;", stripped)
            definition = stripped[:end.end()] if end else stripped.split("\n", 1)[0]
            title = re.match(r"(?:typedef )?(enum|struct) (\w+)", stripped)
            types.append((f"{title.group(1)} {title.group(2)}", definition, lines))
        elif stripped.startswith("#define "):
            definition = [stripped.split("\n", 1)[0]]
            # the macros right below without a doc comment of their own
            for line in stripped.split("\n")[1:]:
                if line.startswith("#define ") and not line.startswith("#define ANQ_H"):
                    definition.append(line)
                else:
                    break
            name = definition[0].split()[1].split("(")[0]
            types.append((name, "\n".join(definition), lines))
        pos = m.end()

    out = []
    out.append(".\\\" SPDX-License-Identifier: MIT")
    out.append(".\\\" Generated by man/gen-anq3.py from include/anq.h; edit the header.")
    out.append(f'.TH ANQ 3 "" "anq {version}" "Library Functions Manual"')
    out.append(".nh\n.ad l")
    out.append(".SH NAME")
    names = sorted({re.search(r"\b(anq_\w+)\s*\(", p).group(1) for p, _ in functions})
    out.append(", ".join(names) + " \\- Assemblée nationale question pages into a typed record")
    out.append(".SH LIBRARY")
    out.append("anq (\\fIlibanq\\fR, \\fI\\-lanq\\fR; \\fBpkg\\-config \\-\\-cflags \\-\\-libs anq\\fR)")
    out.append(".SH SYNOPSIS")
    out.append(".nf")
    out.append(".B #include <anq.h>")
    out.append(".PP")
    for proto, _ in functions:
        out.append(".B " + roff_escape(proto).replace('"', '\\(dq'))
    out.append(".fi")
    out.append(".SH DESCRIPTION")
    if file_doc:
        out += render_doc(file_doc)
    out.append(".SH FUNCTIONS")
    for proto, lines in functions:
        name = re.search(r"\b(anq_\w+)\s*\(", proto).group(1)
        out.append(".SS " + name)
        out.append(".nf")
        out.append(".B " + roff_escape(proto).replace('"', '\\(dq'))
        out.append(".fi")
        out += render_doc(lines)
    out.append(".SH TYPES AND CONSTANTS")
    for title, definition, lines in types:
        out.append(".SS " + roff_escape(title))
        out += render_doc(lines)
        out.append(".PP\n.RS\n.nf")
        out.append(roff_escape(definition))
        out.append(".fi\n.RE")
    out.append(".SH SEE ALSO")
    out.append(".BR anq (1),")
    out.append(".BR pkg\\-config (1)")
    text = "\n".join(out) + "\n"
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
