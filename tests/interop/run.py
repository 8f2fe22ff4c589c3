#!/usr/bin/env python3
"""Cross-language gRPC interop: Go, Python and Rust clients and servers, stubs from protowright.

usage: run.py [--protowright BIN] [matrix | examples | all]

matrix    generates tests/interop/proto with `protowright generate`, builds the Go and Rust peers,
          starts one server per language on 127.0.0.1 (free ports) and runs every client against
          every server: 9 pairings x 4 RPC kinds, plus error / metadata / deadline per pairing.
          Prints the table; exits 1 on any red cell.
examples  runs the examples (examples/greeter, examples/chat) as their READMEs describe.

Exit code 3 (with `MISSING: ...` on stderr) when a prerequisite is absent: Go, python3 with
grpcio, or cargo able to fetch the Rust crates. Work files go to target/interop/.

Which generator produces each language's stubs is in GENERATORS; "stand-in" means the reference
generators (protoc-gen-go/-go-grpc via grpcio-tools' protoc, tonic-prost-build), used only while
protowright's own generator for that language is not available.
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "interop"
WORK = ROOT / "target" / "interop"
CARGO_TARGET = WORK / "cargo"  # one target dir for every Rust crate of the interop tests

GENERATORS = {
    "python": "protowright",
    "go": "protowright",  # .pb.go
    "go-grpc": "protowright",  # _grpc.pb.go
    "rust": "protowright",  # prost + tonic
}
# e.g. INTEROP_STAND_IN=go,rust: use the reference generators for these (to compare).
for _name in filter(None, os.environ.get("INTEROP_STAND_IN", "").split(",")):
    GENERATORS[_name] = "stand-in"

# The buf.gen.yaml plugin blocks protowright runs, per language (`out` relative to the -o dir).
PLUGINS = {
    "python": """  - protoc_builtin: python
    out: python
  - protoc_builtin: pyi
    out: python
  - local: protoc-gen-grpc_python
    out: python
""",
    "go": """  - local: protoc-gen-go
    out: go/gen
    opt: paths=source_relative
""",
    "go-grpc": """  - local: protoc-gen-go-grpc
    out: go/gen
    opt: paths=source_relative
""",
    # protowright's tonic generator writes messages and services, one file per package.
    "rust": """  - local: protoc-gen-tonic
    out: rust
""",
}

LANGUAGES = ["go", "python", "rust"]
RPCS = ["unary", "client_stream", "server_stream", "bidi_stream"]
EXTRAS = ["error", "metadata", "deadline"]


class Missing(Exception):
    pass


def run(cmd, **kwargs):
    """Runs cmd; on failure prints its output and raises."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(f"$ {' '.join(map(str, cmd))}\n{result.stdout}{result.stderr}")
        raise SystemExit(f"command failed with exit code {result.returncode}")
    return result


def timed(label, timings, fn, *args):
    started = time.monotonic()
    value = fn(*args)
    timings.append((label, time.monotonic() - started))
    return value


# --- prerequisites -----------------------------------------------------------------------------


def python_grpc():
    probe = subprocess.run(
        [sys.executable, "-c", "import grpc, google.protobuf"], capture_output=True
    )
    if probe.returncode != 0:
        raise Missing("python3 with grpcio and protobuf (pip install grpcio-tools)")


def go_tool():
    if shutil.which("go") is None:
        raise Missing("the Go toolchain (go on PATH)")


def go_download(module_dir):
    """The pinned Go modules, from the module cache or the proxy."""
    go_tool()
    probe = subprocess.run(["go", "mod", "download"], cwd=module_dir, capture_output=True, text=True)
    if probe.returncode != 0:
        raise Missing(f"Go modules of {module_dir} (go mod download failed: {probe.stderr.strip()})")


def cargo_fetch(manifest):
    probe = subprocess.run(
        ["cargo", "fetch", "--locked", "--manifest-path", str(manifest)],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise Missing(f"the crates of {manifest} (cargo fetch failed: {probe.stderr.strip()[-400:]})")


def stand_in_go_plugins():
    found = []
    for name in ["protoc-gen-go", "protoc-gen-go-grpc"]:
        candidates = [shutil.which(name)]
        for var in ["INTEROP_GOBIN", "GOBIN"]:
            if os.environ.get(var):
                candidates.append(os.path.join(os.environ[var], name))
        candidates.append(str(ROOT / "target" / "tools" / "go" / "bin" / name))  # .ci/run
        candidates.append("/tmp/ref/gobin/" + name)
        path = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
        if path is None:
            raise Missing(f"{name} (stand-in for protowright's Go generator)")
        found.append(path)
    return found


def protoc_wrapper():
    """A `protoc` that runs grpcio-tools' protoc with its well-known types (for tonic-prost-build)."""
    path = WORK / "protoc"
    text = f'#!/bin/sh\nexec {sys.executable} -m grpc_tools.protoc -I"{grpc_tools_include()}" "$@"\n'
    if not path.exists() or path.read_text() != text:
        # Atomically: the matrix and the examples may run at the same time.
        tmp = WORK / f"protoc.{os.getpid()}"
        tmp.write_text(text)
        tmp.chmod(0o755)
        tmp.replace(path)
    return path


def grpc_tools_include():
    probe = subprocess.run(
        [sys.executable, "-c", "import grpc_tools, os; print(os.path.dirname(grpc_tools.__file__))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise Missing("grpcio-tools (stand-in generators need its protoc)")
    return os.path.join(probe.stdout.strip(), "_proto")


# --- generation and builds ---------------------------------------------------------------------


def generate(protowright, proto_dir, out, languages):
    """`protowright generate` of proto_dir into out, for the generators it runs."""
    languages = [lang for lang in PLUGINS if lang in languages and GENERATORS[lang] == "protowright"]
    if not languages:
        return
    template = out / "buf.gen.yaml"
    out.mkdir(parents=True, exist_ok=True)
    template.write_text("version: v2\nplugins:\n" + "".join(PLUGINS[lang] for lang in languages))
    run([protowright, "generate", proto_dir, "--template", template, "-o", out])


def stand_in_go(proto_dir, out):
    """The Go files protowright does not generate (GENERATORS), by the reference plugins."""
    wanted = [name for name in ["go", "go-grpc"] if GENERATORS[name] == "stand-in"]
    if not wanted:
        return
    plugins = dict(zip(["go", "go-grpc"], stand_in_go_plugins()))
    out.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(proto_dir)) for p in sorted(proto_dir.rglob("*.proto"))]
    cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{proto_dir}", f"-I{grpc_tools_include()}"]
    for name in wanted:
        flag = name
        cmd += [f"--plugin=protoc-gen-{name}={plugins[name]}", f"--{flag}_out={out}",
                f"--{flag}_opt=paths=source_relative"]
    run(cmd + files)


def build_go(src, gen_root, out_dir, binary):
    """Copies the Go module src into out_dir, adds the generated code and builds binary."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(src, out_dir)
    if (gen_root / "go" / "gen").is_dir():
        shutil.copytree(gen_root / "go" / "gen", out_dir / "gen", dirs_exist_ok=True)
    env = dict(os.environ, GOFLAGS="-mod=readonly -buildvcs=false")
    run(["go", "build", "-o", binary, "."], cwd=out_dir, env=env)


def build_rust(manifest, gen_dir, proto_dir):
    env = dict(os.environ, CARGO_TARGET_DIR=str(CARGO_TARGET))
    cmd = ["cargo", "build", "--locked", "--manifest-path", str(manifest)]
    if GENERATORS["rust"] == "stand-in":
        env["PROTOC"] = str(protoc_wrapper())
        env["INTEROP_PROTO"] = str(proto_dir)
        cmd += ["--features", "stand-in"]
    else:
        env["INTEROP_RUST_GEN"] = str(gen_dir)
    run(cmd, env=env)


# --- servers and clients -----------------------------------------------------------------------


class Server:
    def __init__(self, language, cmd, cwd=None):
        self.language = language
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
        )
        line = self.proc.stdout.readline()
        if not line.startswith("LISTENING "):
            self.proc.kill()
            raise SystemExit(f"{language} server did not start: {line}{self.proc.stderr.read()}")
        self.port = int(line.split()[1])
        self.address = f"127.0.0.1:{self.port}"
        # Keep draining stderr so a chatty server never blocks.
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def run_client(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = result.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        problem = f"client exited {result.returncode}: {result.stderr.strip()[-300:]}"
        return {name: problem for name in RPCS + EXTRAS}


def matrix(protowright):
    timings = []
    for check in [python_grpc, go_tool]:
        check()
    go_download(HERE / "go")
    cargo_fetch(HERE / "rust" / "Cargo.toml")

    proto = HERE / "proto"
    gen = WORK / "matrix"
    if gen.exists():
        shutil.rmtree(gen)
    timed("protowright generate", timings, generate, protowright, proto, gen, list(PLUGINS))
    if "stand-in" in (GENERATORS["go"], GENERATORS["go-grpc"]):
        go_src_gen = WORK / "matrix-go-src" / "gen"
        if go_src_gen.exists():
            shutil.rmtree(go_src_gen)
        timed("stand-in Go generation", timings, stand_in_go, proto, go_src_gen)
    bins = WORK / "bin"
    bins.mkdir(parents=True, exist_ok=True)

    def go_build():
        go_src = WORK / "matrix-go-src"
        (go_src / "gen").mkdir(parents=True, exist_ok=True)
        for name in ["go.mod", "go.sum", "main.go"]:
            shutil.copy(HERE / "go" / name, go_src / name)
        build_go(go_src, gen, WORK / "matrix-go", bins / "interop-go")

    timed("go build", timings, go_build)
    timed("cargo build (Rust peer)", timings, build_rust, HERE / "rust" / "Cargo.toml", gen / "rust", proto)

    commands = {
        "go": [str(bins / "interop-go")],
        "python": [sys.executable, str(HERE / "python" / "peer.py"), str(gen / "python")],
        "rust": [str(CARGO_TARGET / "debug" / "interop-rust")],
    }
    started = time.monotonic()
    servers = {lang: Server(lang, commands[lang] + ["server"]) for lang in LANGUAGES}
    results = {}
    try:
        threads = []
        for client in LANGUAGES:
            for server in LANGUAGES:
                def work(client=client, server=server):
                    results[(client, server)] = run_client(
                        commands[client] + ["client", servers[server].address, server]
                    )
                threads.append(threading.Thread(target=work))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in servers.values():
            s.stop()
    timings.append(("9 pairings", time.monotonic() - started))
    return report(results, timings)


def report(results, timings):
    print("stubs: " + ", ".join(f"{name}={how}" for name, how in GENERATORS.items()))
    head = ["client -> server"] + RPCS + EXTRAS
    rows = []
    failures = []
    notes = set()
    for (client, server), checks in sorted(results.items()):
        row = [f"{client} -> {server}"]
        for name in RPCS + EXTRAS:
            value = checks.get(name, "not reported")
            if value == "ok":
                row.append("ok")
            elif value.startswith("known: "):
                row.append("ok*")
                notes.add(value[len("known: "):])
            else:
                row.append("FAIL")
                failures.append(f"{client} -> {server} {name}: {value}")
        rows.append(row)
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    cells = len(rows) * len(RPCS)
    green = sum(r[1 + i] == "ok" for r in rows for i in range(len(RPCS)))
    extra = sum(r[i] in ("ok", "ok*") for r in rows for i in range(5, 8))
    print(f"{green}/{cells} RPC cells green, {extra}/{len(rows) * 3} extra checks green")
    for note in sorted(notes):
        print(f"ok* = known deviation: {note}")
    print("times: " + ", ".join(f"{label} {secs:.1f}s" for label, secs in timings))
    for f in failures:
        print("FAIL " + f)
    return not failures and len(rows) == 9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--protowright", default=str(ROOT / "target" / "debug" / "protowright"))
    parser.add_argument("what", nargs="?", default="all", choices=["matrix", "examples", "all"])
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    ok = True
    try:
        if args.what in ("matrix", "all"):
            ok = matrix(args.protowright) and ok
        if args.what in ("examples", "all"):
            import examples  # noqa: PLC0415 (tests/interop/examples.py)

            ok = examples.run_all(sys.modules[__name__], args.protowright) and ok
    except Missing as missing:
        print(f"MISSING: {missing}", file=sys.stderr)
        return 3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
