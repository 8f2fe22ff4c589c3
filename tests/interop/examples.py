"""Runs the examples the way their READMEs do, each in a copy under target/interop/examples/.

examples/greeter: `protowright generate`, the Python service and the Rust service, the Go client
against each. examples/chat: `protowright generate`, the Go chat room, the Python client.
Called by run.py (`run.py examples`).
"""
import re
import shutil
import subprocess
import sys

LANGUAGE_OF_PLUGIN = {
    "protoc-gen-go": "go",
    "protoc-gen-go-grpc": "go-grpc",
    "protoc-gen-prost": "rust",
    "protoc-gen-tonic": "rust",
}


def filtered_template(text, drop):
    """buf.gen.yaml without the plugin blocks of the languages in drop."""
    out, block = [], []

    def flush():
        name = re.search(r"-\s+(?:local|protoc_builtin|remote):\s*(\S+)", block[0]) if block else None
        if block and not (name and LANGUAGE_OF_PLUGIN.get(name.group(1)) in drop):
            out.extend(block)
        block.clear()

    for line in text.splitlines(keepends=True):
        if line.startswith("  - "):
            flush()
            block.append(line)
        elif block and line.startswith("    "):
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "".join(out)


class Server:
    """A server process that prints `... listening on HOST:PORT` first."""

    def __init__(self, name, cmd, cwd, env=None):
        self.name = name
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        line = self.proc.stdout.readline()
        found = re.search(r"listening on (\S+:\d+)", line)
        if not found:
            self.proc.kill()
            raise SystemExit(f"{name} did not start: {line}{self.proc.stderr.read()}")
        self.address = found.group(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()


def client(label, cmd, cwd, want):
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    ok = result.returncode == 0 and want in result.stdout
    print(f"{'ok  ' if ok else 'FAIL'} {label}")
    if not ok:
        print(result.stdout + result.stderr)
    return ok


def prepare(run, protowright, name, languages):
    """Copies examples/<name> to the work dir and generates its stubs as the README says."""
    src = run.ROOT / "examples" / name
    dst = run.WORK / "examples" / name
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("gen", "target"))
    stand_ins = {name for name in run.GENERATORS if run.GENERATORS[name] != "protowright"}
    cmd = [protowright, "generate"]
    if stand_ins:
        template = dst / "buf.gen.protowright.yaml"
        template.write_text(filtered_template((dst / "buf.gen.yaml").read_text(), stand_ins))
        cmd += ["--template", str(template)]
    run.run(cmd, cwd=dst)
    if "go" in languages and stand_ins & {"go", "go-grpc"}:
        run.stand_in_go(dst / "proto", dst / "gen")
    return dst


def go_build(run, module, package, binary):
    env = dict(run.os.environ, GOFLAGS="-mod=readonly -buildvcs=false")
    run.run(["go", "build", "-o", str(binary), package], cwd=module, env=env)


def rust_build(run, crate):
    env = dict(run.os.environ, CARGO_TARGET_DIR=str(run.CARGO_TARGET))
    run.run(["cargo", "build", "--locked", "--manifest-path", str(crate / "Cargo.toml")], env=env)


def run_all(run, protowright):
    run.python_grpc()
    run.go_tool()
    for example in ["greeter", "chat"]:
        run.go_download(run.ROOT / "examples" / example)
    run.cargo_fetch(run.ROOT / "examples" / "greeter" / "rust" / "Cargo.toml")
    bins = run.WORK / "bin"
    bins.mkdir(parents=True, exist_ok=True)
    ok = True

    if run.GENERATORS["rust"] != "protowright":
        raise SystemExit("examples/greeter/rust reads protowright's Rust output; no stand-in")
    greeter = prepare(run, protowright, "greeter", ["python", "go", "rust"])
    go_build(run, greeter, "./client", bins / "greeter-client")
    rust_build(run, greeter / "rust")
    python_server = [sys.executable, "python/server.py", "0"]
    with Server("greeter (python)", python_server, greeter) as server:
        ok &= client("examples/greeter: Go client -> Python service",
                     [str(bins / "greeter-client"), server.address], greeter, "all four RPC kinds ok")
    rust_server = [str(run.CARGO_TARGET / "debug" / "greeter-server"), "0"]
    with Server("greeter (rust)", rust_server, greeter) as server:
        ok &= client("examples/greeter: Go client -> Rust service",
                     [str(bins / "greeter-client"), server.address], greeter, "all four RPC kinds ok")

    chat = prepare(run, protowright, "chat", ["python", "go"])
    go_build(run, chat, "./server", bins / "chat-server")
    with Server("chat (go)", [str(bins / "chat-server"), "0"], chat) as server:
        ok &= client("examples/chat: Python client <-> Go chat room (bidirectional streaming)",
                     [sys.executable, "python/client.py", server.address, "ada"], chat, "chat ok")
    return ok
