#!/usr/bin/env python3
"""Side-by-side benchmark: protowright against buf 1.75.0 (build, lint, breaking) and grpcio-tools'
protoc (Python generation) on the googleapis corpus, in one run.

usage: python3 bench/bench.py [--runs N] [--only SCENARIO] [--no-write]

Each scenario runs each tool N times (default 3) under /usr/bin/time -v and keeps the fastest
wall time and the largest peak RSS. Prints a table with the ratio protowright/peer and writes
docs/performance.md (unless --no-write). Needs: a release build (built here), buf (installed into
target/tools by .ci/run, or $PROTOWRIGHT_BUF) and ../shared/corpus/googleapis.tar.gz.
"""
import argparse, os, re, shutil, subprocess, sys, tarfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, "target", "bench")
CORPUS_TAR = os.path.join(REPO, "..", "shared", "corpus", "googleapis.tar.gz")


def find_buf():
    for cand in (os.environ.get("PROTOWRIGHT_BUF"), os.path.join(REPO, "target/tools/node_modules/.bin/buf"), shutil.which("buf")):
        if cand and os.path.exists(cand):
            out = subprocess.run([cand, "--version"], capture_output=True, text=True).stdout.strip()
            if out == "1.75.0":
                return cand
    sys.exit("bench: buf 1.75.0 not found (run .ci/run once, or set PROTOWRIGHT_BUF)")


def corpus():
    root = os.path.join(WORK, "googleapis")
    if not os.path.isdir(root):
        if not os.path.exists(CORPUS_TAR):
            sys.exit(f"bench: corpus not found at {CORPUS_TAR}")
        os.makedirs(WORK, exist_ok=True)
        with tarfile.open(CORPUS_TAR) as tar:
            tar.extractall(WORK, filter="data")
    # googleapis has no buf.yaml: both tools use their defaults (one module at the input root).
    return root


def measure(cmd, cwd, ok_codes=(0, 100)):
    # stdout (findings) is discarded; only time and memory matter here.
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak MiB, exit code)."""
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
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
    return secs, cpu, rss, code


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
    if not os.path.exists(image):
        subprocess.run([pw, "build", tree, "-o", image], check=True)
    gen_yaml = os.path.join(out, "buf.gen.yaml")
    with open(gen_yaml, "w") as fh:
        fh.write(GEN_YAML.format(out=os.path.join(out, "gen-pw")))
    protos = []
    for root, _, files in os.walk(tree):
        protos += [os.path.relpath(os.path.join(root, f), tree) for f in files if f.endswith(".proto")]
    protos.sort()
    os.makedirs(os.path.join(out, "gen-protoc"), exist_ok=True)
    gen_protoc = os.path.join(out, "gen-protoc")
    return [
        ("build googleapis", [
            ("protowright", [pw, "build", tree, "-o", os.path.join(out, "pw.binpb")]),
            ("buf", [buf, "build", tree, "-o", os.path.join(out, "buf.binpb")]),
        ]),
        ("lint googleapis (no buf.yaml)", [
            ("protowright", [pw, "lint", tree, "--error-format", "json"]),
            ("buf", [buf, "lint", tree, "--error-format", "json"]),
        ]),
        ("breaking googleapis against an image of itself", [
            ("protowright", [pw, "breaking", tree, "--against", image]),
            ("buf", [buf, "breaking", tree, "--against", image]),
        ]),
        ("python generation for googleapis", [
            ("protowright", [pw, "generate", tree, "--template", gen_yaml]),
            ("grpcio-tools protoc", [sys.executable, "-m", "grpc_tools.protoc", "-I", tree,
                                     f"--python_out={gen_protoc}", f"--pyi_out={gen_protoc}",
                                     f"--grpc_python_out={gen_protoc}", *protos]),
        ]),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO, check=True)
    pw = os.path.join(REPO, "target", "release", "protowright")
    buf = find_buf()
    tree = corpus()
    rows = []
    for name, tools in scenarios(pw, buf, tree):
        if args.only and args.only not in name:
            continue
        results = {}
        for _ in range(args.runs):
            for tool, cmd in tools:  # interleaved, so load changes hit both tools alike
                wall, cpu, rss, _ = measure(cmd, WORK)
                best = results.get(tool)
                results[tool] = (min(wall, best[0]) if best else wall, min(cpu, best[1]) if best else cpu, max(rss, best[2]) if best else rss)
        base = results["protowright"]
        for tool in results:
            if tool == "protowright":
                continue
            rows.append((name, tool, base, results[tool]))
    lines = [
        "| scenario | protowright wall | peer | peer wall | wall ratio | protowright CPU | peer CPU | protowright peak | peer peak | memory ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, tool, (w, c, m), (pw_, pc, pm) in rows:
        lines.append(f"| {name} | {w:.2f} s | {tool} | {pw_:.2f} s | {w / pw_:.2f} | {c:.2f} s | {pc:.2f} s | {m:.0f} MiB | {pm:.0f} MiB | {m / pm:.2f} |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        doc = os.path.join(REPO, "docs", "performance.md")
        with open(doc, "w") as fh:
            fh.write("# Performance\n\n")
            fh.write("Generated by `python3 bench/bench.py` on the googleapis corpus (7,227 files) from "
                     "`../shared/corpus`, both tools run interleaved in the same run on the same machine "
                     f"({os.cpu_count()} cores); best of {args.runs} wall times, largest peak RSS. "
                     "A ratio below 1 means protowright is faster or smaller.\n\n")
            fh.write(f"Measured {time.strftime('%Y-%m-%d', time.gmtime())}.\n\n{table}\n")
        print(f"wrote {doc}")


if __name__ == "__main__":
    main()
