#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets from the project's fixtures.

- seeds/rule_file: every `[[rule]]` of rules/*.toml as a file of its own (the whole
  files are seeds too: pass `rules/` as a second corpus directory).
- seeds/classify: every commit of the fixture repositories (fixtures/*.sh), as
  `git log -p` shows it, in the input format of the classify target (src/lib.rs):
  MESSAGE \\0 PATH \\0 DIFF \\0 PATH \\0 DIFF ...

Usage: python3 fuzz/seed.py  (from anywhere; it replaces both seed directories).
"""

import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"
# Longer inputs are cut: they slow the fuzzer down and add little.
MAX_SEED = 8192
GIT = ["git", "-c", "core.quotePath=false"]


def write_all(directory, seeds):
    """Replace `directory` with one file per distinct seed, named by its SHA-1."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    names = set()
    for seed in seeds:
        seed = seed[:MAX_SEED]
        name = hashlib.sha1(seed).hexdigest()
        if name not in names:
            names.add(name)
            (directory / name).write_bytes(seed)
    return len(names)


def rule_seeds():
    for path in sorted((ROOT / "rules").glob("*.toml")):
        text = path.read_text()
        for block in text.split("[[rule]]")[1:]:
            yield ("[[rule]]" + block).encode()


def git(repo, *args):
    return subprocess.run(
        GIT + ["-C", str(repo), *args], check=True, capture_output=True
    ).stdout


def message_of(repo, commit):
    """The raw message: the commit object after its headers."""
    raw = git(repo, "cat-file", "commit", commit)
    return raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else b""


def files_of(patch):
    """(path, diff body) of each file of a `git show -p` patch."""
    for block in patch.split(b"\ndiff --git "):
        if not block.strip():
            continue
        lines = block.split(b"\n")
        path = lines[0].split(b" b/", 1)[-1]
        body = []
        for i, line in enumerate(lines):
            if line.startswith(b"+++ ") and line != b"+++ /dev/null":
                path = line[len(b"+++ b/") :]
            elif line.startswith(b"--- ") and line != b"--- /dev/null":
                path = line[len(b"--- a/") :]
            elif line.startswith(b"@@"):
                body = lines[i:]
                break
        yield path, b"\n".join(body)


def commit_seeds(repo):
    for commit in git(repo, "rev-list", "--all").split():
        commit = commit.decode()
        patch = git(
            repo,
            "show",
            "--format=",
            "--diff-merges=first-parent",
            "--no-renames",
            "--no-color",
            "--no-ext-diff",
            "-p",
            commit,
        )
        sections = [message_of(repo, commit)]
        for path, body in files_of(patch.removeprefix(b"diff --git ")):
            sections += [path, body]
        yield b"\0".join(sections)


def main():
    count = write_all(SEEDS / "rule_file", rule_seeds())
    print(f"seeds/rule_file: {count} seeds")
    seeds = []
    with tempfile.TemporaryDirectory() as tmp:
        for script in sorted((ROOT / "fixtures").glob("*.sh")):
            if script.name == "lib.sh":
                continue
            repo = pathlib.Path(tmp) / script.stem
            subprocess.run(["bash", str(script), str(repo)], check=True, capture_output=True)
            seeds += list(commit_seeds(repo))
    count = write_all(SEEDS / "classify", seeds)
    print(f"seeds/classify: {count} seeds")


if __name__ == "__main__":
    sys.exit(main())
