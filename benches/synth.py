#!/usr/bin/env python3
"""Build a large synthetic git repository, deterministically, for benchmarks.

Usage:
    python3 benches/synth.py OUT_DIR [--commits N] [--bare] [--no-repack]

The history is generated in Python from a fixed seed (random.Random(42)) and
piped into `git fast-import`, so the same N always gives the same commits and
the same HEAD id, on any machine (check with `git -C OUT_DIR rev-parse HEAD`).

What the history looks like:
  * about 40 authors with fixed names and e-mails, some far more active than
    others; author and committer dates start at 1600000000 +0000 and advance by
    a fixed step per commit;
  * an initial tree of ~300 text files (~450 after 20k commits) in nested
    directories (Rust, Go, Python, TypeScript, Markdown), each file lines of
    code-like text, plus a few binary files (containing NUL bytes);
  * each commit changes 1-6 files, mostly in one directory, by inserting,
    deleting or replacing a few contiguous ranges of lines, so line diffs are
    non-trivial; files grow to a few hundred lines;
  * now and then a file is added or deleted, or a binary file is replaced;
  * about every 50 commits a short topic branch (1-4 commits) is merged into
    main with a merge commit, while main moves on in parallel (clean merge);
  * N is the total number of commits reachable from main, merges included.

The result is a normal repository with branch `main` checked out (or a bare
one with --bare), fully repacked (`git repack -a -d -f`, one thread) unless
--no-repack is given. Only the standard library is used; git config of the user
and the system is ignored (HOME points to an empty directory).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 42
START_TIME = 1_600_000_000  # 2020-09-13T12:26:40Z
STEP = 3600  # seconds between consecutive commits
MERGE_EVERY = 50  # mean distance between topic-branch forks
TOPIC_REF = b"refs/heads/topic"
MAIN_REF = b"refs/heads/main"

AUTHORS = [
    ("Alice Martin", "alice.martin@example.com"),
    ("Bob Nguyen", "bob@nguyen.dev"),
    ("Carla Rossi", "carla.rossi@example.org"),
    ("David Kim", "dkim@example.com"),
    ("Elena Petrova", "elena.petrova@example.net"),
    ("Farid Haddad", "farid.haddad@example.com"),
    ("Grace Okafor", "grace.okafor@example.io"),
    ("Hiro Tanaka", "hiro.tanaka@example.jp"),
    ("Ingrid Larsen", "ingrid@larsen.no"),
    ("Jamal Wright", "jamal.wright@example.com"),
    ("Katarzyna Nowak", "k.nowak@example.pl"),
    ("Luis Fernandez", "luis.fernandez@example.es"),
    ("Mei Chen", "mei.chen@example.com"),
    ("Nikolai Ivanov", "nivanov@example.org"),
    ("Olivia Brown", "olivia.brown@example.co.uk"),
    ("Pierre Dubois", "pierre.dubois@example.fr"),
    ("Quinn Murphy", "quinn@murphy.ie"),
    ("Rania Aziz", "rania.aziz@example.com"),
    ("Sven Johansson", "sven.johansson@example.se"),
    ("Tamara Novak", "tamara.novak@example.hr"),
    ("Umar Siddiqui", "umar.siddiqui@example.com"),
    ("Valentina Costa", "valentina.costa@example.it"),
    ("Wei Zhang", "wei.zhang@example.cn"),
    ("Ximena Lopez", "ximena.lopez@example.mx"),
    ("Yusuf Demir", "yusuf.demir@example.com.tr"),
    ("Zoe Schmidt", "zoe.schmidt@example.de"),
    ("Arjun Patel", "arjun.patel@example.in"),
    ("Beatriz Santos", "beatriz.santos@example.com.br"),
    ("Chloe Dupont", "chloe.dupont@example.fr"),
    ("Dmitri Sokolov", "dmitri@sokolov.example.ru"),
    ("Emma Wilson", "emma.wilson@example.com"),
    ("Felix Wagner", "felix.wagner@example.at"),
    ("Hannah Cohen", "hannah.cohen@example.co.il"),
    ("Ivan Horvat", "ivan.horvat@example.hr"),
    ("Julia Becker", "julia.becker@example.de"),
    ("Kofi Mensah", "kofi.mensah@example.com.gh"),
    ("Lena Fischer", "lena.fischer@example.ch"),
    ("Marco Bianchi", "marco.bianchi@example.it"),
    ("Nora Lindqvist", "nora.lindqvist@example.fi"),
    ("Oscar Reyes", "oscar.reyes@example.com"),
]
# Activity follows a power law: the first authors write most of the commits.
AUTHOR_CUM_WEIGHTS = []
_acc = 0.0
for _k in range(len(AUTHORS)):
    _acc += 1.0 / (_k + 1) ** 0.9
    AUTHOR_CUM_WEIGHTS.append(_acc)
MAINTAINERS = AUTHORS[:4]  # they merge topic branches

NOUNS = (
    "buffer index cursor offset header record author commit tree blob path entry "
    "cache config reader writer parser token stream chunk limit count total delta "
    "window range hunk line state result error value key node edge graph queue "
    "batch worker job span frame slot pack summary report skill ladder level "
    "signal rule pattern filter mailmap identity alias session request response"
).split()
VERBS = (
    "read write parse load store flush merge split scan walk diff resolve insert "
    "remove update check build apply collect emit encode decode open close reset "
    "find count sort filter map render validate normalize compute"
).split()
WORDS = (
    "the a this that when if we it not only all each every new old first last "
    "before after so because which value file line commit author tree change "
    "should must can may will keep skip handle avoid return report count cache "
    "empty large small missing invalid slow fast safe order same other same "
    "branch merge path blob byte lines total error edge case loop again here"
).split()
RUST_TYPES = ["u32", "u64", "usize", "i64", "bool", "String", "&str", "Vec<u8>",
              "Option<usize>", "PathBuf", "&[u8]", "HashMap<String, u64>"]
GO_TYPES = ["int", "int64", "string", "[]byte", "bool", "error", "uint32",
            "map[string]int", "*Config", "[]string"]
TS_TYPES = ["string", "number", "boolean", "string[]", "Record<string, number>",
            "Promise<void>", "Map<string, Entry>", "unknown"]

TEMPLATES = {
    "rs": [
        "let {a} = {b}.{v}_{c}()?;",
        "let mut {a}: {rt} = {lit};",
        "if {a}.{v}_{c}({b}) {{",
        "}}",
        "}}",
        "for {a} in {b}.iter() {{",
        "{a}.{v}({b}, {lit});",
        "return Err(Error::{C}({a}));",
        "// {comment}",
        "/// {comment}",
        "pub fn {v}_{a}(&self, {b}: {rt}) -> Result<{rt2}> {{",
        "fn {v}_{a}({b}: {rt}, {c}: {rt2}) -> {rt} {{",
        "match {a} {{",
        "Some({a}) => {v}_{b}({a}),",
        "None => return Ok({lit}),",
        "self.{a} += {b}.len();",
        "#[derive(Debug, Clone, PartialEq)]",
        "pub struct {C}{D} {{",
        "{a}: {rt},",
        "",
        "",
        "assert_eq!({a}.{v}_{b}(), {lit});",
        "let {a} = {b}.get({lit}).ok_or_else(|| anyhow!(\"{v} {a}\"))?;",
        "use crate::{a}::{{{C}, {D}}};",
    ],
    "py": [
        "def {v}_{a}(self, {b}, {c}={lit}):",
        "{a} = self.{v}_{b}({c})",
        "if {a} is None:",
        "return {a}",
        "for {a} in {b}:",
        "# {comment}",
        "raise {C}Error(\"cannot {v} {a}\")",
        "self.{a}[{b}] = {c}",
        "",
        "",
        "class {C}{D}:",
        "\"\"\"{Comment}.\"\"\"",
        "{a}.append({b})",
        "with open({a}) as {b}:",
        "logger.debug(\"%s %s\", {a}, {b})",
        "{a} = [{b} for {b} in {c} if {b}.{v}()]",
        "from .{a} import {C}, {D}",
        "elif {a} > {num}:",
        "else:",
    ],
    "go": [
        "func ({x} *{C}) {V}{D}({a} {gt}) ({gt2}, error) {{",
        "{a}, err := {x}.{V}({b})",
        "if err != nil {{",
        "return nil, fmt.Errorf(\"{v} {a}: %w\", err)",
        "}}",
        "}}",
        "for _, {a} := range {b} {{",
        "// {comment}",
        "{a} := make([]{gt}, 0, {num})",
        "{x}.{a} = append({x}.{a}, {b})",
        "",
        "",
        "type {C}{D} struct {{",
        "{A} {gt}",
        "defer {a}.Close()",
        "if {a} == {num} {{",
        "return {a}, nil",
    ],
    "ts": [
        "export function {v}{C}({a}: {tt}): {tt2} {{",
        "const {a} = await {b}.{v}({c});",
        "if (!{a}) {{",
        "return {a};",
        "}}",
        "}}",
        "// {comment}",
        "{a}.push({b});",
        "let {a}: {tt} = {lit};",
        "",
        "import {{ {C}, {D} }} from './{a}';",
        "throw new Error(`cannot {v} {a}`);",
        "for (const {a} of {b}) {{",
        "this.{a} = {b} ?? {lit};",
    ],
    "md": [
        "## {Title}",
        "",
        "",
        "{Comment}. {Comment}.",
        "{Comment}, {comment}.",
        "- {Comment}.",
        "- `{a}`: {comment}.",
        "1. {Comment}.",
        "```",
        "    {v} {a} --{b} {num}",
        "> {Comment}.",
    ],
}
CODE_INDENT = {"rs": "    ", "py": "    ", "go": "\t", "ts": "  ", "md": ""}

# Layout: (directory pattern, extension, number of modules, files per module).
LAYOUT = [
    ("crates/{m}/src", "rs", 9, (8, 16)),
    ("services/{m}", "go", 6, (7, 14)),
    ("tools/{m}", "py", 6, (6, 12)),
    ("web/src/{m}", "ts", 5, (6, 12)),
    ("docs/{m}", "md", 4, (4, 9)),
]
MODULE_NAMES = (
    "core scan diff walk mailmap report ladder rules index store cache auth api "
    "gateway ingest export billing search notify metrics cli ui admin dashboard "
    "profile guide reference design ops release"
).split()
BINARY_FILES = 6


class Fields(dict):
    """Placeholder values for one template line, drawn on first use."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in ("a", "b", "c", "x"):
            v = r.choice(NOUNS)
            if key == "x":
                v = v[0]
        elif key == "A":
            v = r.choice(NOUNS).capitalize()
        elif key in ("C", "D"):
            v = r.choice(NOUNS).capitalize()
        elif key == "v":
            v = r.choice(VERBS)
        elif key == "V":
            v = r.choice(VERBS).capitalize()
        elif key in ("rt", "rt2"):
            v = r.choice(RUST_TYPES)
        elif key in ("gt", "gt2"):
            v = r.choice(GO_TYPES)
        elif key in ("tt", "tt2"):
            v = r.choice(TS_TYPES)
        elif key == "num":
            v = str(r.randrange(1, 4096))
        elif key == "lit":
            v = r.choice(("0", "1", "None", "true", "false", "\"\"",
                          str(r.randrange(2, 1000)), "\"" + r.choice(NOUNS) + "\""))
        elif key in ("comment", "Comment", "Title"):
            n = r.randint(2, 5) if key == "Title" else r.randint(4, 11)
            v = " ".join(r.choice(WORDS) for _ in range(n))
            if key != "comment":
                v = v.capitalize()
        else:  # pragma: no cover - template typo
            raise KeyError(key)
        self[key] = v
        return v


def gen_lines(rng: random.Random, lang: str, n: int) -> list[bytes]:
    """n lines of code-like text in the given language."""
    templates = TEMPLATES[lang]
    indent = CODE_INDENT[lang]
    out = []
    for _ in range(n):
        t = rng.choice(templates)
        line = t.format_map(Fields(rng)) if "{" in t else t
        if line and indent:
            line = indent * rng.choice((0, 1, 1, 1, 2, 2, 2, 3)) + line
        out.append(line.encode())
    return out


def gen_binary(rng: random.Random) -> bytes:
    """A PNG-looking blob with NUL bytes in it."""
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    return header + rng.randbytes(rng.randrange(2_000, 40_000))


class TextFile:
    __slots__ = ("lang", "lines", "cap")

    def __init__(self, lang: str, lines: list[bytes], cap: int):
        self.lang = lang
        self.lines = lines
        self.cap = cap  # size above which edits tend to shrink the file


def edit(rng: random.Random, lang: str, lines: list[bytes], cap: int) -> list[bytes]:
    """Return a copy of lines with 1-3 contiguous ranges inserted/deleted/replaced."""
    lines = list(lines)
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        n = len(lines)
        pos = rng.randrange(n + 1)
        r = rng.random()
        p_ins, p_del = (0.45, 0.2) if n < cap else (0.2, 0.5)
        if r < p_ins or n < 5:
            lines[pos:pos] = gen_lines(rng, lang, rng.randint(1, 10))
        elif r < p_ins + p_del:
            del lines[pos:pos + rng.randint(1, 6)]
        else:
            lines[pos:pos + rng.randint(1, 5)] = gen_lines(rng, lang, rng.randint(1, 6))
    if not lines:
        lines = gen_lines(rng, lang, 3)
    return lines


def blob(content: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(content), content)


def text(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


class Generator:
    def __init__(self, total: int):
        self.rng = random.Random(SEED)
        self.total = total
        self.count = 0  # commits emitted so far
        self.files: dict[str, TextFile] = {}  # main's text files, insertion-ordered
        self.binaries: list[str] = []
        self.modules: list[tuple[str, str]] = []  # (directory, extension)
        self.module_files: dict[str, list[str]] = {}
        self.names: set[str] = set()
        self.main_tip = 0  # mark of main's last commit
        self.topic = None  # state of the open topic branch, if any
        self.next_fork = self.rng.randint(MERGE_EVERY // 2, MERGE_EVERY * 3 // 2)

    # -- helpers -------------------------------------------------------------

    def new_path(self, directory: str, ext: str) -> str:
        r = self.rng
        while True:
            stem = r.choice(NOUNS) + "_" + r.choice((r.choice(NOUNS), r.choice(VERBS)))
            if ext == "md":
                stem = stem.replace("_", "-")
            path = f"{directory}/{stem}.{ext}"
            if path not in self.names:
                self.names.add(path)
                return path

    def add_file(self, directory: str, ext: str) -> str:
        r = self.rng
        path = self.new_path(directory, ext)
        self.files[path] = TextFile(ext, gen_lines(r, ext, r.randint(20, 120)),
                                    r.randint(120, 500))
        self.module_files[directory].append(path)
        return path

    def header(self, ref: bytes, who: tuple[str, str], msg: str) -> bytes:
        self.count += 1
        when = START_TIME + STEP * (self.count - 1)
        ident = f"{who[0]} <{who[1]}> {when} +0000".encode()
        m = msg.encode()
        return (b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                % (ref, self.count, ident, ident, len(m), m))

    def author(self) -> tuple[str, str]:
        return self.rng.choices(AUTHORS, cum_weights=AUTHOR_CUM_WEIGHTS)[0]

    def message(self, directory: str) -> str:
        r = self.rng
        scope = directory.split("/")[1] if directory.startswith("crates/") else directory.rsplit("/", 1)[-1]
        subject = r.choice((
            f"{scope}: {r.choice(VERBS)} {r.choice(NOUNS)} before {r.choice(NOUNS)}",
            f"Fix {r.choice(NOUNS)} {r.choice(NOUNS)} in {scope}",
            f"{r.choice(VERBS).capitalize()} {r.choice(NOUNS)} {r.choice(NOUNS)}",
            f"{scope}: handle empty {r.choice(NOUNS)}",
            f"Refactor {scope} {r.choice(NOUNS)} {r.choice(VERBS)}",
        ))
        if r.random() < 0.4:
            body = " ".join(r.choice(WORDS) for _ in range(r.randint(8, 30)))
            return f"{subject}\n\n{body.capitalize()}.\n"
        return subject + "\n"

    def pick_files(self, exclude: dict) -> tuple[str, list[str]]:
        """1-6 text files, mostly from one module, none of them in exclude."""
        r = self.rng
        for _ in range(100):
            directory = r.choice(self.modules)[0]
            pool = [p for p in self.module_files[directory] if p not in exclude]
            if pool:
                break
        else:  # pragma: no cover - every module locked by the topic branch
            raise RuntimeError("no file left to edit")
        k = r.choice((1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6))
        chosen = r.sample(pool, min(k, len(pool)))
        while len(chosen) < k and r.random() < 0.5:  # a file from elsewhere
            other = r.choice(self.modules)[0]
            cands = [p for p in self.module_files[other] if p not in exclude and p not in chosen]
            if cands:
                chosen.append(r.choice(cands))
        return directory, chosen

    # -- commits -------------------------------------------------------------

    def initial(self) -> bytes:
        r = self.rng
        used = set()
        for pattern, ext, n_modules, (lo, hi) in LAYOUT:
            for _ in range(n_modules):
                name = r.choice([m for m in MODULE_NAMES if (pattern, m) not in used])
                used.add((pattern, name))
                directory = pattern.format(m=name)
                self.modules.append((directory, ext))
                self.module_files[directory] = []
                for _ in range(r.randint(lo, hi)):
                    self.add_file(directory, ext)
        out = [self.header(MAIN_REF, AUTHORS[0], "Initial import\n")]
        for path, f in self.files.items():
            out.append(b"M 100644 inline %s\n%s" % (path.encode(), blob(text(f.lines))))
        out.append(self.binary_changes(BINARY_FILES))
        self.main_tip = self.count
        return b"".join(out)

    def binary_changes(self, n: int) -> bytes:
        r = self.rng
        out = []
        for _ in range(n):
            if len(self.binaries) < BINARY_FILES:
                path = f"assets/img/{r.choice(NOUNS)}-{len(self.binaries)}.png"
                self.binaries.append(path)
            else:
                path = r.choice(self.binaries)
            out.append(b"M 100644 inline %s\n%s" % (path.encode(), blob(gen_binary(r))))
        return b"".join(out)

    def main_commit(self) -> bytes:
        """An ordinary commit on main, avoiding files the topic branch touches."""
        r = self.rng
        exclude = self.topic["files"] if self.topic else {}
        directory, paths = self.pick_files(exclude)
        out = [self.header(MAIN_REF, self.author(), self.message(directory)),
               b"from :%d\n" % self.main_tip]
        for path in paths:
            f = self.files[path]
            f.lines = edit(r, f.lang, f.lines, f.cap)
            out.append(b"M 100644 inline %s\n%s" % (path.encode(), blob(text(f.lines))))
        x = r.random()
        if x < 0.015:  # a new file next to the others
            ext = dict(self.modules)[directory]
            path = self.add_file(directory, ext)
            out.append(b"M 100644 inline %s\n%s"
                       % (path.encode(), blob(text(self.files[path].lines))))
        elif x < 0.022:  # delete a file, but never empty a module
            pool = [p for p in self.module_files[directory]
                    if p not in exclude and p not in paths]
            if len(self.module_files[directory]) > 3 and pool:
                path = r.choice(pool)
                del self.files[path]
                self.module_files[directory].remove(path)
                out.append(b"D %s\n" % path.encode())
        elif x < 0.026:
            out.append(self.binary_changes(1))
        self.main_tip = self.count
        return b"".join(out)

    def fork(self):
        r = self.rng
        directory = r.choice(self.modules)[0]
        pool = self.module_files[directory]
        paths = r.sample(pool, min(len(pool), r.randint(1, 4)))
        self.topic = {
            "fork": self.main_tip,
            "first": True,
            "dir": directory,
            "files": {p: self.files[p].lines for p in paths},  # topic's versions
            "side": r.randint(1, 4),  # commits left on the topic branch
            "main": r.randint(0, 3),  # commits left on main before the merge
            "name": f"{r.choice(VERBS)}-{r.choice(NOUNS)}",
        }

    def topic_commit(self) -> bytes:
        r = self.rng
        t = self.topic
        paths = list(t["files"])
        paths = r.sample(paths, r.randint(1, len(paths)))
        out = [self.header(TOPIC_REF, self.author(), self.message(t["dir"]))]
        if t["first"]:
            out.append(b"from :%d\n" % t["fork"])
            t["first"] = False
        for path in paths:
            f = self.files[path]
            t["files"][path] = edit(r, f.lang, t["files"][path], f.cap)
            out.append(b"M 100644 inline %s\n%s"
                       % (path.encode(), blob(text(t["files"][path]))))
        t["side"] -= 1
        t["tip"] = self.count
        return b"".join(out)

    def merge_commit(self) -> bytes:
        t = self.topic
        who = MAINTAINERS[self.rng.randrange(len(MAINTAINERS))]
        msg = f"Merge branch 'topic/{t['name']}'\n"
        out = [self.header(MAIN_REF, who, msg),
               b"from :%d\nmerge :%d\n" % (self.main_tip, t["tip"])]
        # The topic's files were not touched on main since the fork: take them.
        for path, lines in t["files"].items():
            self.files[path].lines = lines
            out.append(b"M 100644 inline %s\n%s" % (path.encode(), blob(text(lines))))
        self.main_tip = self.count
        self.topic = None
        self.next_fork = self.count + self.rng.randint(MERGE_EVERY // 2, MERGE_EVERY * 3 // 2)
        return b"".join(out)

    def stream(self):
        """Yield the fast-import stream, one commit at a time."""
        r = self.rng
        yield b"feature done\n"
        yield self.initial()
        while self.count < self.total:
            left = self.total - self.count
            t = self.topic
            if t is None:
                if self.count >= self.next_fork and left >= 9:
                    self.fork()
                    continue
                yield self.main_commit()
            elif t["side"] == 0 and t["main"] == 0:
                yield self.merge_commit()
            elif t["side"] > 0 and (t["main"] == 0 or r.random() < 0.5):
                yield self.topic_commit()
            else:
                t["main"] -= 1
                yield self.main_commit()
        yield b"done\n"


def git_env(home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=home, XDG_CONFIG_HOME=home, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="directory to create (must not exist or be empty)")
    ap.add_argument("--commits", type=int, default=20_000, help="commits on main (default 20000)")
    ap.add_argument("--bare", action="store_true", help="create a bare repository")
    ap.add_argument("--no-repack", action="store_true",
                    help="keep fast-import's pack as is (larger, fewer deltas) instead of "
                         "repacking it like a server would for a clone")
    args = ap.parse_args()
    if args.commits < 1:
        ap.error("--commits must be at least 1")
    out = args.out_dir.resolve()
    if out.exists() and any(out.iterdir()):
        ap.error(f"{out} exists and is not empty")

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="synth-home-") as home:
        env = git_env(home)

        def git(*a, **kw):
            return subprocess.run(["git", "-C", str(out), *a], env=env, check=True, **kw)

        out.mkdir(parents=True, exist_ok=True)
        git("init", "-q", *(["--bare"] if args.bare else []), "--initial-branch=main")
        proc = subprocess.Popen(["git", "-C", str(out), "fast-import", "--quiet", "--done"],
                                stdin=subprocess.PIPE, env=env, cwd=home)
        gen = Generator(args.commits)
        try:
            for chunk in gen.stream():
                proc.stdin.write(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        if proc.wait() != 0:
            print("synth: git fast-import failed", file=sys.stderr)
            return 1
        t_import = time.perf_counter() - t0
        if gen.topic is None:
            git("update-ref", "-d", TOPIC_REF.decode())  # merged: leave only main
        git("symbolic-ref", "HEAD", "refs/heads/main")
        if not args.bare:
            git("reset", "-q", "--hard", "main")
        if not args.no_repack:
            # fast-import deltifies poorly (140 MiB for 20k commits); a full repack
            # gives the delta chains of a cloned repository (~27 MiB). One thread,
            # so that the pack itself comes out the same on every machine.
            git("-c", "pack.threads=1", "repack", "-a", "-d", "-f", "-q")
        count = git("rev-list", "--count", "HEAD", capture_output=True, text=True).stdout.strip()
        head = git("rev-parse", "HEAD", capture_output=True, text=True).stdout.strip()
    total = time.perf_counter() - t0
    print(f"{out}: {count} commits, {len(gen.files)} text + {len(gen.binaries)} binary files, "
          f"HEAD {head}")
    print(f"fast-import {t_import:.1f}s, total {total:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
