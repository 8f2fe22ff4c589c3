#!/usr/bin/env python3
"""Side-by-side benchmark: protowright against buf 1.75.0 (build, lint, breaking) and grpcio-tools'
protoc (Python generation) on the googleapis corpus, in one run, on the same inputs.

usage: python3 bench/bench.py [--runs N] [--only SUBSTRING] [--no-write] [--no-build]

Scenarios (each tool runs N times, interleaved with its peer so that load changes hit both alike;
the fastest wall and CPU time and the largest peak RSS are kept):
  - build: the tree to an image;
  - lint with no buf.yaml (buf's defaults), and with a v2 buf.yaml selecting STANDARD;
  - breaking: the tree against an image of itself, and a copy with a few hundred deterministic
    edits (field renames, deletions and type changes across many files) against that image;
  - Python generation (python, pyi, grpc_python) for the whole tree;
  - lint again with protowright's result cache warm (the peer row repeats buf's lint figures).
Every cold protowright run passes --no-cache.

Prints a table with the ratio protowright/peer and writes docs/performance.md and
docs/performance.png (unless --no-write; the chart needs matplotlib, else it is skipped). Needs: a
release build (built here unless --no-build), buf 1.75.0 ($PROTOWRIGHT_BUF, target/tools, or
PATH), grpcio-tools (python3 -m grpc_tools.protoc) and ../shared/corpus/googleapis.tar.gz.
"""
import argparse, json, os, random, re, shutil, subprocess, sys, tarfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, "target", "bench")


def corpus_tar():
    """../shared/corpus/googleapis.tar.gz beside the repository (or beside a parent directory,
    for a git worktree), or $PROTOWRIGHT_CORPUS."""
    if os.environ.get("PROTOWRIGHT_CORPUS"):
        return os.environ["PROTOWRIGHT_CORPUS"]
    d = REPO
    while True:
        cand = os.path.join(os.path.dirname(d), "shared", "corpus", "googleapis.tar.gz")
        if os.path.exists(cand) or os.path.dirname(d) == d:
            return cand
        d = os.path.dirname(d)
# Bump when the generated inputs (edits, configs) change, so stale copies are rebuilt.
INPUTS_VERSION = "3"


def find_buf():
    cands = (os.environ.get("PROTOWRIGHT_BUF"), os.path.join(REPO, "target/tools/node_modules/.bin/buf"),
             "/tmp/ref/node_modules/.bin/buf", shutil.which("buf"))
    for cand in cands:
        if cand and os.path.exists(cand):
            out = subprocess.run([cand, "--version"], capture_output=True, text=True).stdout.strip()
            if out == "1.75.0":
                return cand
    sys.exit("bench: buf 1.75.0 not found (run .ci/run once, or set PROTOWRIGHT_BUF)")


def corpus():
    root = os.path.join(WORK, "googleapis")
    if not os.path.isdir(root):
        tar_path = corpus_tar()
        if not os.path.exists(tar_path):
            sys.exit(f"bench: corpus not found at {tar_path} (set PROTOWRIGHT_CORPUS)")
        os.makedirs(WORK, exist_ok=True)
        with tarfile.open(tar_path) as tar:
            tar.extractall(WORK, filter="data")
    # googleapis has no buf.yaml: both tools use their defaults (one module at the input root).
    return root


def list_protos(tree):
    protos = []
    for root, _, files in os.walk(tree):
        protos += [os.path.relpath(os.path.join(root, f), tree) for f in files if f.endswith(".proto")]
    return sorted(protos)


def fresh_copy(tree, name):
    """A copy of the tree under WORK/name, rebuilt when INPUTS_VERSION changes."""
    dest = os.path.join(WORK, name)
    stamp = os.path.join(WORK, f".{name}.version")
    if os.path.isdir(dest) and os.path.exists(stamp) and open(stamp).read() == INPUTS_VERSION:
        return dest, False
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(tree, dest)
    return dest, True


def mark_done(name):
    with open(os.path.join(WORK, f".{name}.version"), "w") as fh:
        fh.write(INPUTS_VERSION)


V2_STANDARD = "version: v2\nlint:\n  use:\n    - STANDARD\nbreaking:\n  use:\n    - FILE\n"


def v2_copy(tree):
    dest, new = fresh_copy(tree, "googleapis-v2")
    if new:
        with open(os.path.join(dest, "buf.yaml"), "w") as fh:
            fh.write(V2_STANDARD)
        mark_done("googleapis-v2")
    return dest


FIELD = re.compile(r"^(\s+)((?:optional |repeated )?)(?!option\b)([A-Za-z_][\w.]*) (\w+) = (\d+)(.*);\s*$")
TYPE_SWAP = {"string": "bytes", "bytes": "string", "int32": "int64", "int64": "int32", "uint32": "uint64",
             "uint64": "uint32", "bool": "int32", "double": "float", "float": "double"}


def edit_file(text, rng):
    """Applies up to 3 edits to single-line fields outside oneofs; returns (text, edits made)."""
    lines = text.split("\n")
    stack, candidates = [], []
    for i, line in enumerate(lines):
        code = line.split("//")[0]
        m = FIELD.match(line)
        if m and stack and stack[-1] == "message":
            candidates.append(i)
        for opener in re.finditer(r"\b(message|oneof|enum|service|extend)\b[^{;]*\{|\{|\}", code):
            tok = opener.group(0)
            if tok == "}":
                if stack:
                    stack.pop()
            elif tok == "{":
                stack.append("other")
            else:
                stack.append(opener.group(1))
    if not candidates:
        return text, 0
    made = 0
    for i in sorted(rng.sample(candidates, min(3, len(candidates))), reverse=True):
        indent, label, typ, name, number, rest = FIELD.match(lines[i]).groups()
        kind = rng.randrange(3)
        if kind == 0:
            lines[i] = f"{indent}{label}{typ} {name}_renamed = {number}{rest};"
        elif kind == 1 and typ in TYPE_SWAP:
            lines[i] = f"{indent}{label}{TYPE_SWAP[typ]} {name} = {number}{rest};"
        else:
            lines[i] = f"{indent}// deleted by bench: {name} = {number}"
        made += 1
    return "\n".join(lines), made


def edited_copy(tree, pw):
    """A copy with a few hundred deterministic edits (seeded), checked to still compile."""
    dest, new = fresh_copy(tree, "googleapis-edited")
    if not new:
        return dest
    rng = random.Random(8)
    files = [p for p in list_protos(dest) if not p.startswith("google/protobuf/")]
    originals, made = {}, {}
    for rel in rng.sample(files, 200):
        path = os.path.join(dest, rel)
        text = open(path, encoding="utf-8").read()
        edited, count = edit_file(text, rng)
        if count:
            originals[rel], made[rel] = text, count
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(edited)
    # Keep only edits that compile (a deleted field may be named in an option): revert the files
    # with errors, and their importers' errors go with them, until the copy builds.
    for _ in range(5):
        check = subprocess.run([pw, "build", dest, "--error-format", "json"], capture_output=True, text=True)
        if check.returncode == 0:
            break
        broken = {json.loads(line)["path"] for line in check.stderr.splitlines() if line.startswith("{")}
        broken = {os.path.relpath(p, dest) if os.path.isabs(p) else os.path.relpath(os.path.join(WORK, p), dest)
                  for p in broken}
        reverted = [rel for rel in broken if rel in originals]
        if not reverted:
            sys.exit(f"bench: the edited copy does not build:\n{check.stderr[-2000:]}")
        for rel in reverted:
            with open(os.path.join(dest, rel), "w", encoding="utf-8") as fh:
                fh.write(originals.pop(rel))
            made.pop(rel)
    else:
        sys.exit("bench: the edited copy does not build")
    with open(os.path.join(WORK, "googleapis-edited.txt"), "w") as fh:
        fh.write(f"{sum(made.values())} edits in {len(made)} files\n")
    mark_done("googleapis-edited")
    return dest


def measure(cmd, cwd, env=None, ok_codes=(0, 100)):
    """Runs cmd under /usr/bin/time -v (stdout discarded); returns (wall s, cpu s, peak MiB)."""
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env)
    err = p.stderr

    def field(name):
        m = re.search(rf"{re.escape(name)}: (.+)", err)
        return m.group(1).strip() if m else "0"
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall.split(":")]
    secs = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    code = int(field("Exit status"))
    if code not in ok_codes:
        sys.exit(f"bench: {' '.join(cmd)} exited {code}\n{err[-2000:]}")
    return secs, cpu, rss


GEN_YAML = """version: v2
plugins:
  - protoc_builtin: python
    out: {out}
  - protoc_builtin: pyi
    out: {out}
  - local: protoc-gen-grpc_python
    out: {out}
"""


def scenarios(pw, buf, tree):
    out = os.path.join(WORK, "out")
    os.makedirs(out, exist_ok=True)
    # One image of the tree, used as the --against side by both tools.
    image = os.path.join(out, "against.binpb")
    subprocess.run([pw, "build", tree, "-o", image], check=True)
    v2 = v2_copy(tree)
    edited = edited_copy(tree, pw)
    gen_yaml = os.path.join(out, "buf.gen.yaml")
    with open(gen_yaml, "w") as fh:
        fh.write(GEN_YAML.format(out=os.path.join(out, "gen-pw")))
    protos = list_protos(tree)
    gen_protoc = os.path.join(out, "gen-protoc")
    os.makedirs(gen_protoc, exist_ok=True)
    no_cache = dict(os.environ, PROTOWRIGHT_NO_CACHE="1")
    cache_dir = os.path.join(WORK, "cache")
    shutil.rmtree(cache_dir, ignore_errors=True)
    warm = dict(os.environ, PROTOWRIGHT_CACHE_DIR=cache_dir)
    buf_lint = [buf, "lint", tree, "--error-format", "json"]
    # (name, [(tool, cmd, env)], setup): the first tool is protowright.
    return [
        ("build", "build googleapis", [
            ("protowright", [pw, "build", tree, "-o", os.path.join(out, "pw.binpb")], no_cache),
            ("buf", [buf, "build", tree, "-o", os.path.join(out, "buf.binpb")], None),
        ], None),
        ("lint", "lint googleapis (no buf.yaml)", [
            ("protowright", [pw, "lint", tree, "--error-format", "json"], no_cache),
            ("buf", buf_lint, None),
        ], None),
        ("lint-v2", "lint googleapis (v2 buf.yaml, STANDARD)", [
            ("protowright", [pw, "lint", v2, "--error-format", "json"], no_cache),
            ("buf", [buf, "lint", v2, "--error-format", "json"], None),
        ], None),
        ("breaking-self", "breaking googleapis against an image of itself", [
            ("protowright", [pw, "breaking", tree, "--against", image], no_cache),
            ("buf", [buf, "breaking", tree, "--against", image], None),
        ], None),
        ("breaking-edited", "breaking googleapis with edits against an image of the original", [
            ("protowright", [pw, "breaking", edited, "--against", image], no_cache),
            ("buf", [buf, "breaking", edited, "--against", image], None),
        ], None),
        ("python", "python generation for googleapis", [
            ("protowright", [pw, "generate", tree, "--template", gen_yaml], no_cache),
            ("grpcio-tools protoc", [sys.executable, "-m", "grpc_tools.protoc", "-I", tree,
                                     f"--python_out={gen_protoc}", f"--pyi_out={gen_protoc}",
                                     f"--grpc_python_out={gen_protoc}", *protos], None),
        ], None),
        ("lint-warm", "lint googleapis (no buf.yaml), protowright's cache warm", [
            ("protowright", [pw, "lint", tree, "--error-format", "json"], warm),
            ("buf", buf_lint, None),
        ], lambda: measure([pw, "lint", tree, "--error-format", "json"], WORK, env=warm)),
    ]


def chart(rows, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib not installed (pip install matplotlib): no chart", file=sys.stderr)
        return False
    labels = [r[0].replace("googleapis ", "").replace(" (", "\n(").replace(" against", "\nagainst") for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.5))
    y = range(len(rows))
    for ax, index, unit, title in ((axes[0], 0, "s", "wall time (s)"), (axes[1], 2, "MiB", "peak memory (MiB)")):
        ours = [r[2][index] for r in rows]
        theirs = [r[3][index] for r in rows]
        ax.barh([i - 0.2 for i in y], ours, height=0.4, label="protowright", color="#2a7ab0")
        ax.barh([i + 0.2 for i in y], theirs, height=0.4, label="buf / grpcio-tools protoc", color="#c0504d")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            ax.text(a, i - 0.2, f" {a:.2f} ({a / b:.2f}×)" if unit == "s" else f" {a:.0f} ({a / b:.2f}×)",
                    va="center", fontsize=8)
            ax.text(b, i + 0.2, f" {b:.2f}" if unit == "s" else f" {b:.0f}", va="center", fontsize=8)
        ax.set_yticks(list(y))
        ax.set_yticklabels(labels if index == 0 else [""] * len(rows), fontsize=8)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlim(0, max(ours + theirs) * 1.3)
    axes[0].legend(loc="lower right")
    fig.suptitle("protowright vs buf 1.75.0 / grpcio-tools protoc on googleapis (lower is better)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return True


# (row name prefix, what, value of a row, limit)
TARGETS = [
    ("build googleapis", "build wall ≤ 1/3 of buf's", lambda o, p: o[0] / p[0], 1 / 3),
    ("lint googleapis (no buf.yaml)", "lint wall ≤ 1/5 of buf's", lambda o, p: o[0] / p[0], 1 / 5),
    ("lint googleapis (no buf.yaml)", "lint peak memory ≤ 1/4 of buf's", lambda o, p: o[2] / p[2], 1 / 4),
    ("breaking googleapis against an image of itself", "breaking against itself wall ≤ 1/5 of buf's",
     lambda o, p: o[0] / p[0], 1 / 5),
    ("python generation", "Python generation faster than grpcio-tools' protoc", lambda o, p: o[0] / p[0], 1),
    ("lint googleapis (no buf.yaml), protowright's cache warm", "warm cached lint < 0.5 s",
     lambda o, p: o[0], 0.5),
]


def target_lines(rows):
    out = []
    for prefix, what, value, limit in TARGETS:
        for name, _, ours, peer in rows:
            if name.startswith(prefix) and (prefix != "lint googleapis (no buf.yaml)" or name == prefix):
                v = value(ours, peer)
                out.append(f"- {what}: {v:.2f} ({'met' if v <= limit else 'NOT met'})")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--only", help="run only scenarios whose id or name contains this")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release binary")
    args = ap.parse_args()
    started = time.time()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO, check=True)
    pw = os.path.join(REPO, "target", "release", "protowright")
    buf = find_buf()
    tree = corpus()
    load_before = os.getloadavg()
    rows, measured = [], {}
    for ident, name, tools, setup in scenarios(pw, buf, tree):
        if args.only and args.only not in ident and args.only not in name:
            continue
        if setup:
            setup()
        results = {}
        for _ in range(args.runs):
            for tool, cmd, env in tools:  # interleaved, so load changes hit both tools alike
                key = tuple(cmd)
                if key in measured and tool != "protowright":
                    results[tool] = measured[key]  # the same peer command, already measured
                    continue
                wall, cpu, rss = measure(cmd, WORK, env=env)
                best = results.get(tool)
                results[tool] = (min(wall, best[0]), min(cpu, best[1]), max(rss, best[2])) if best else (wall, cpu, rss)
        for tool, cmd, _ in tools:
            if tool != "protowright":
                measured[tuple(cmd)] = results[tool]
                rows.append((name, tool, results["protowright"], results[tool]))
        print(f"bench: {name}: done ({time.time() - started:.0f} s)", file=sys.stderr)
    load_after = os.getloadavg()
    lines = [
        "| scenario | protowright wall | peer | peer wall | wall ratio | protowright CPU | peer CPU | protowright peak | peer peak | memory ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, tool, (w, c, m), (pw_, pc, pm) in rows:
        lines.append(f"| {name} | {w:.2f} s | {tool} | {pw_:.2f} s | {w / pw_:.2f} | {c:.2f} s | {pc:.2f} s | {m:.0f} MiB | {pm:.0f} MiB | {m / pm:.2f} |")
    table = "\n".join(lines)
    print(table)
    targets = target_lines(rows)
    print("\n".join(targets))
    edits = os.path.join(WORK, "googleapis-edited.txt")
    edits = open(edits).read().strip() if os.path.exists(edits) else "?"
    if args.no_write or not rows:
        return
    png = os.path.join(REPO, "docs", "performance.png")
    drew = chart(rows, png)
    doc = os.path.join(REPO, "docs", "performance.md")
    with open(doc, "w") as fh:
        fh.write("# Performance\n\n")
        fh.write("Generated by `python3 bench/bench.py` on the googleapis corpus (7,227 files) from "
                 "`../shared/corpus`. Each tool and its peer (buf 1.75.0; grpcio-tools' protoc for Python) "
                 "run interleaved in the same run, on the same inputs, on the same machine "
                 f"({os.cpu_count()} cores); best of {args.runs} wall and CPU (user + system) times, "
                 "largest peak RSS (`/usr/bin/time -v`). A ratio below 1 means protowright is faster or "
                 "smaller. Cold protowright runs have the cache off (`PROTOWRIGHT_NO_CACHE=1`); the last row runs `lint` again with "
                 "its result cache warm (see [cache.md](cache.md)) and repeats buf's cold `lint` figures.\n\n")
        fh.write("Inputs: the tree as unpacked (no buf.yaml: both tools use their defaults); a copy with "
                 "a v2 buf.yaml (`lint: use: [STANDARD]`); an image of the tree built by protowright as "
                 f"the `--against` side; and a copy with deterministic edits ({edits}: field renames, "
                 "deletions and scalar type changes, seeded, each kept only if the file still compiles).\n\n")
        fh.write(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
                 f"{load_before[0]:.1f} before, {load_after[0]:.1f} after.\n\n")
        if max(load_before[0], load_after[0]) > (os.cpu_count() or 1):
            fh.write("**The machine was busy during this run** (load above its core count): wall times "
                     "are inflated for both tools; compare the ratios and CPU times.\n\n")
        fh.write(f"{table}\n")
        if targets:
            fh.write("\nTargets (issue #8), checked on this run:\n\n" + "\n".join(targets) + "\n")
        if drew:
            fh.write("\n![protowright vs buf and protoc](performance.png)\n")
    print(f"wrote {doc}" + (f" and {png}" if drew else ""))


if __name__ == "__main__":
    main()
