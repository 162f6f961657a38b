#!/usr/bin/env python3
"""Measures the shape of the code under src/: import cycles between files, imports that break the
layers' rules, long functions, long files and modules without a `//!` line.

    python3 scripts/structure.py            # report
    python3 scripts/structure.py --check    # report, exit 1 if a house rule is broken

An import is any `use` path or inline `crate::`/`super::`/`self::` path. A path that names an
item re-exported by a `pub use` is followed to the file that defines it. A file using its own
folder's module file (`super::` from a child) is not counted as an edge, as the house rules
allow it. Cycles are the strongly connected components of what remains.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
MAX_FN, MAX_FILE, MAX_MAIN = 60, 400, 50
# What each layer must not use (see ARCHITECTURE.md).
FORBIDDEN = {
    "domain": {"store", "app", "telegram", "console", "cli", "scheduler", "config", "i18n", "http"},
    "store": {"app", "telegram", "console", "cli", "scheduler", "config", "http"},
    "app": {"telegram", "console", "cli", "scheduler", "http"},
    "http": {"telegram", "console", "cli", "scheduler"},
}


def strip(text):
    """The text with comments, strings and char literals blanked out (line breaks kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r'(?:b?r(#*)")', text[i:i + 40]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == '"' or text.startswith('b"', i) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            j = i + (2 if c == "b" else 1)
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == "'":
            m = re.match(r"'(\\(x..|u\{[0-9a-fA-F]+\}|.)|[^\\'])'", text[i:])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Module:
    def __init__(self, path):
        self.path = path
        rel = path.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        self.folder_file = parts[-1] == "mod" or path.name in ("lib.rs", "main.rs") or (path.with_suffix("").is_dir())
        if parts[-1] in ("mod", "lib", "main"):
            parts = parts[:-1]
        self.name = tuple(["crate"] + parts)
        self.text = path.read_text(encoding="utf-8")
        self.code = strip(self.text)
        self.exports = {}  # item name -> absolute path it re-exports
        self.globs = []  # absolute module paths re-exported with `*`


def split_use_tree(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']."""
    tree = re.sub(r"\s+", "", re.sub(r"\s+as\s+", "\0", tree)).replace("\0", " as ")
    depth, start, parts = 0, 0, []
    for i, c in enumerate(tree):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(tree[start:i])
            start = i + 1
    parts.append(tree[start:])
    out = []
    for p in filter(None, parts):
        brace = p.find("{")
        if brace >= 0 and p.endswith("}"):
            prefix = p[:brace]
            for sub in split_use_tree(p[brace + 1:-1]):
                if sub == "self" or sub.startswith("self as "):
                    out.append(prefix.rstrip(":") + sub[4:])
                else:
                    out.append(prefix + sub)
        else:
            out.append(p)
    return out


def inline_mod_ranges(code):
    """Character ranges of inline `mod name { ... }` blocks."""
    ranges = []
    for m in re.finditer(r"\bmod\s+\w+\s*\{", code):
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        ranges.append((m.start(), j))
    return ranges


def absolute(module, path, pos, ranges, modules):
    segs = [s for s in path.split("::") if s]
    if not segs:
        return None
    base = list(module.name)
    if any(a <= pos < b for a, b in ranges):
        base = base + ["<inline>"]
    if segs[0] == "crate":
        return segs
    if segs[0] in ("super", "self"):
        cur = base
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                cur = cur[:-1]
            segs = segs[1:]
        return [s for s in cur if s != "<inline>"] + segs
    child = tuple(list(module.name) + [segs[0]])
    if child in modules:
        return list(child) + segs[1:]
    return None


def resolve(segs, modules, seen=None):
    """The module file that defines what the path names, following re-exports."""
    seen = seen or set()
    for k in range(len(segs), 0, -1):
        name = tuple(segs[:k])
        if name in modules:
            mod = modules[name]
            rest = segs[k:]
            if rest and rest[0] in mod.exports and (name, rest[0]) not in seen:
                seen.add((name, rest[0]))
                return resolve(mod.exports[rest[0]] + rest[1:], modules, seen)
            if rest and mod.globs:
                for g in mod.globs:
                    target = resolve(g + rest, modules, seen | {(name, "*")})
                    if target is not None and target != name and (name, "*") not in seen:
                        return target
            return name
    return None


USE = re.compile(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
INLINE = re.compile(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)")


def load():
    modules = {}
    for p in sorted(SRC.rglob("*.rs")):
        m = Module(p)
        modules[m.name] = m
    for m in modules.values():
        ranges = inline_mod_ranges(m.code)
        for u in USE.finditer(m.code):
            if not u.group(1):
                continue
            for path in split_use_tree(u.group(2)):
                path, _, alias = path.partition(" as ")
                segs = absolute(m, path, u.start(), ranges, modules)
                if segs is None:
                    continue
                if segs[-1] == "*":
                    m.globs.append(segs[:-1])
                else:
                    m.exports[alias or segs[-1]] = segs
    return modules


def edges(modules):
    graph = {name: set() for name in modules}
    for m in modules.values():
        ranges = inline_mod_ranges(m.code)
        paths = []
        for u in USE.finditer(m.code):
            for path in split_use_tree(u.group(2)):
                paths.append((path.split(" as ")[0].rstrip("*").rstrip(":"), u.start()))
        for i in INLINE.finditer(m.code):
            paths.append((i.group(1), i.start()))
        for path, pos in paths:
            segs = absolute(m, path, pos, ranges, modules)
            if not segs:
                continue
            target = resolve(segs, modules)
            if target is None or target == m.name:
                continue
            if target == m.name[:-1] and modules[target].folder_file:
                continue  # a file using its own folder's module file
            graph[m.name].add(target)
    return graph


def cycles(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def functions(m):
    code = m.code
    out = []
    for f in re.finditer(r"\bfn\s+(\w+)", code):
        j = f.end()
        depth = 0
        while j < len(code):
            c = code[j]
            if c in "(<[":
                depth += 1
            elif c in ")>]":
                depth -= 1 if not (c == ">" and code[j - 1] == "-") else 0
            elif c == ";" and depth <= 0:
                j = -1
                break
            elif c == "{" and depth <= 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        level, k = 1, j + 1
        while k < len(code) and level:
            level += {"{": 1, "}": -1}.get(code[k], 0)
            k += 1
        start = code.count("\n", 0, f.start()) + 1
        end = code.count("\n", 0, k - 1) + 1
        out.append((f.group(1), start, end - start + 1))
    return out


def main():
    modules = load()
    graph = edges(modules)
    found = cycles(graph)
    rel = lambda name: str(modules[name].path.relative_to(ROOT))
    problems = 0
    print(f"files: {len(modules)}, lines: {sum(m.text.count(chr(10)) for m in modules.values())}")
    app = [m for m in modules.values() if m.name[:2] == ("crate", "app")]
    print(f"app/: {len(app)} files, {sum(m.text.count(chr(10)) for m in app)} lines")
    print(f"import cycles: {len(found)}")
    for comp in found:
        problems += 1
        print(f"  {len(comp)} files: " + ", ".join(rel(c) for c in comp))
    crossings = sorted(
        (rel(a), rel(b))
        for a, targets in graph.items()
        for b in targets
        if len(a) > 1 and len(b) > 1 and b[1] in FORBIDDEN.get(a[1], ())
    )
    print(f"imports across the layers' rules: {len(crossings)}")
    for a, b in crossings:
        problems += 1
        print(f"  {a} -> {b}")
    long_fns = []
    for m in modules.values():
        for name, line, length in functions(m):
            if length > MAX_FN:
                long_fns.append((length, rel(m.name), line, name))
    long_fns.sort(reverse=True)
    print(f"functions over {MAX_FN} lines: {len(long_fns)}")
    for length, path, line, name in long_fns:
        problems += 1
        print(f"  {length:4} {path}:{line} {name}")
    long_files = sorted(
        ((m.text.count("\n"), rel(m.name)) for m in modules.values() if m.text.count("\n") > MAX_FILE),
        reverse=True,
    )
    print(f"files over {MAX_FILE} lines: {len(long_files)}")
    for n, path in long_files:
        problems += 1
        print(f"  {n:4} {path}")
    undocumented = [rel(m.name) for m in modules.values() if not m.text.lstrip().startswith("//!")]
    print(f"modules without a //! line: {len(undocumented)}")
    for path in undocumented:
        problems += 1
        print(f"  {path}")
    main_rs = SRC / "main.rs"
    main_lines = main_rs.read_text(encoding="utf-8").count("\n")
    print(f"main.rs: {main_lines} lines")
    if main_lines > MAX_MAIN:
        problems += 1
    if "--check" in sys.argv and problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
