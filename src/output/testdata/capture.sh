#!/usr/bin/env bash
# Regenerates the golden outputs in this directory from the real buf.
#
#   BUF=/path/to/buf src/output/testdata/capture.sh
#
# The inputs live in this script (some paths hold characters that do not belong in a git
# checkout: `<`, tabs, control characters). Each case directory gets:
#   findings.jsonl            buf's `--error-format json` output, the renderer tests' input
#   <format>.golden           buf's output for every other format
# Captured with buf 1.75.0.
set -euo pipefail

BUF=${BUF:-/tmp/ref/node_modules/.bin/buf}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

FORMATS=(text msvs junit github-actions gitlab-code-quality)

# capture CASE CMD...: runs CMD once per format in the current directory; buf exits 100.
capture() {
  local case=$1
  shift
  mkdir -p "$HERE/$case"
  "$@" --error-format json >"$HERE/$case/findings.jsonl" 2>/dev/null || [ $? -eq 100 ]
  for format in "${FORMATS[@]}" ${EXTRA:-}; do
    "$@" --error-format "$format" >"$HERE/$case/$format.golden" 2>/dev/null || [ $? -eq 100 ]
  done
}

# lint: a v1 module at the root, findings in two files; one directory name holds `&`, `<` and
# non-ASCII, which also appear in a message.
mkdir -p "$WORK/lint/proto/a/v1" "$WORK/lint/proto/wéird&<dir"
cd "$WORK/lint"
printf 'version: v1\n' >buf.yaml
cat >proto/a/v1/a.proto <<'EOF'
syntax = "proto3";
package a.v1;

message foo_bar {
  string FieldOne = 1;
  int32 fieldTwo = 2;
}

enum Color {
  RED = 0;
  GREEN = 1;
}

service Svc {
  rpc Get(foo_bar) returns (foo_bar);
}
EOF
cat >"proto/wéird&<dir/b.proto" <<'EOF'
syntax = "proto3";
package weird;

message B {
  string Name = 1;
}
EOF
EXTRA=config-ignore-yaml capture lint "$BUF" lint

# image: the same module built without source info; buf places every finding at 1:1-1:1.
cd "$WORK/lint"
"$BUF" build -o "$WORK/image.binpb" --exclude-source-info
cd "$WORK"
EXTRA=config-ignore-yaml capture image "$BUF" lint image.binpb

# lint-v2: a v2 workspace whose module is `proto`; buf's config-ignore-yaml prints
# module-relative paths under `version: v1`.
mkdir -p "$WORK/lint-v2/proto/a/v1"
cd "$WORK/lint-v2"
printf 'version: v2\nmodules:\n  - path: proto\n' >buf.yaml
cp "$WORK/lint/proto/a/v1/a.proto" proto/a/v1/a.proto
EXTRA=config-ignore-yaml capture lint-v2 "$BUF" lint

# odd: a directory name with a tab, C0 controls, `'`, `>`, U+2028, U+FFFE, DEL and `"`, to pin
# down JSON and XML escaping.
ODD=$(printf "x\ty\x01z\x08\x0c'>\xe2\x80\xa8\xef\xbf\xbe\x7f\"q")
mkdir -p "$WORK/odd/$ODD"
cd "$WORK/odd"
printf 'version: v1\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE, PACKAGE_DIRECTORY_MATCH]\n' >buf.yaml
printf 'syntax = "proto3";\npackage odd;\nmessage M { string Bad = 1; }\n' >"$ODD/m.proto"
EXTRA=config-ignore-yaml capture odd "$BUF" lint

# compile: a syntax error and a missing import. `buf lint` prints compile errors on stdout,
# `buf build` the same bytes on stderr; config-ignore-yaml falls back to text.
mkdir -p "$WORK/compile/a"
cd "$WORK/compile"
printf 'version: v1\n' >buf.yaml
printf 'syntax = "proto3";\npackage a;\nmessage M {\n  string s = 1\n}\n' >a/bad.proto
printf 'syntax = "proto3";\npackage a;\nimport "a/missing.proto";\nmessage N { M m = 1; }\n' >a/imp.proto
EXTRA=config-ignore-yaml capture compile "$BUF" lint
for format in json "${FORMATS[@]}"; do
  "$BUF" build --error-format "$format" 2>"$WORK/build.out" >/dev/null || [ $? -eq 100 ]
  expected="$HERE/compile/$format.golden"
  [ "$format" = json ] && expected="$HERE/compile/findings.jsonl"
  cmp "$WORK/build.out" "$expected"
done

# breaking: two deleted files (findings without a path), a deleted field, changed types and a
# deleted enum value. buf rejects config-ignore-yaml for breaking.
mkdir -p "$WORK/breaking/prev/foo/v1" "$WORK/breaking/cur/foo/v1"
cd "$WORK/breaking"
for dir in prev cur; do printf 'version: v1\nbreaking:\n  use: [FILE]\n' >$dir/buf.yaml; done
cat >prev/foo/v1/a.proto <<'EOF'
syntax = "proto3";
package foo.v1;
message A {
  string name = 1;
  int32 count = 2;
  string note = 3;
}
enum E { E_UNSPECIFIED = 0; E_ONE = 1; }
EOF
printf 'syntax = "proto3";\npackage foo.v1;\nmessage Gone {}\n' >prev/foo/v1/gone.proto
printf 'syntax = "proto3";\npackage foo.v1;\nmessage Gone2 {}\n' >prev/foo/v1/gone2.proto
cat >cur/foo/v1/a.proto <<'EOF'
syntax = "proto3";
package foo.v1;
message A {
  int64 name = 1;
  reserved 3;
  string count = 2;
}
enum E { E_UNSPECIFIED = 0; }
EOF
EXTRA= capture breaking "$BUF" breaking cur --against prev

# clean: no findings; buf prints nothing at all in every format.
mkdir -p "$WORK/clean/clean/v1"
cd "$WORK/clean"
printf 'version: v2\n' >buf.yaml
printf 'syntax = "proto3";\npackage clean.v1;\nmessage Ok {}\n' >clean/v1/clean.proto
EXTRA=config-ignore-yaml capture clean "$BUF" lint

echo "captured with $("$BUF" --version)"
