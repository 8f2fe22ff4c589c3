//! The result cache of `lint`: a hit prints what a cold run prints, every input change misses,
//! damaged entries are recomputed, `--no-cache` bypasses it, concurrent runs are safe.

use std::path::{Path, PathBuf};

use crate::util::{command, run_env, Run, Sandbox};

const FORMATS: &[&str] = &[
    "text",
    "json",
    "msvs",
    "junit",
    "github-actions",
    "gitlab-code-quality",
    "sarif",
    "config-ignore-yaml",
];

/// A v2 workspace with two files, one importing the other, and lint findings in both.
fn project() -> Sandbox {
    let sb = Sandbox::new();
    sb.file(
        "buf.yaml",
        "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [STANDARD]\n",
    )
    .file(
        "proto/acme/v1/base.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nmessage base { string Name = 1; }\n",
    )
    .file(
        "proto/acme/v1/api.proto",
        "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v1/base.proto\";\n\
         // buf:lint:ignore FIELD_LOWER_SNAKE_CASE\nmessage Req { base B = 1; }\n\
         service api { rpc get(Req) returns (Req); }\n",
    );
    sb
}

struct Cached {
    sb: Sandbox,
    cache: PathBuf,
}

impl Cached {
    fn new() -> Self {
        let sb = project();
        let cache = sb.path().join("cache-dir");
        Cached { sb, cache }
    }

    fn lint(&self, extra: &[&str]) -> Run {
        let mut args = vec!["lint"];
        args.extend_from_slice(extra);
        run_env(
            self.sb.path(),
            &args,
            &[("PROTOWRIGHT_CACHE_DIR", self.cache.as_path())],
        )
    }

    fn entries(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        walk(&self.cache, &mut out);
        out.sort();
        out
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Stdout, stderr and exit code.
fn observed(run: &Run) -> (String, String, i32) {
    run.no_panic();
    (run.stdout(), run.stderr(), run.code())
}

#[test]
fn a_hit_prints_what_a_cold_run_prints_in_every_format() {
    let c = Cached::new();
    for format in FORMATS {
        let args = ["--error-format", format];
        let uncached = observed(&c.lint(&[&args[..], &["--no-cache"]].concat()));
        assert_eq!(uncached.2, 100, "{format}: {uncached:?}");
        let cold = observed(&c.lint(&args));
        let warm = observed(&c.lint(&args));
        assert_eq!(cold, uncached, "{format}");
        assert_eq!(warm, uncached, "{format}");
    }
    // One entry for all formats: the findings are cached, the format applied when printing.
    assert_eq!(c.entries().len(), 1, "{:?}", c.entries());
}

#[test]
fn a_hit_is_really_read_and_no_cache_bypasses_it() {
    let c = Cached::new();
    let real = observed(&c.lint(&["--error-format", "json"]));
    let entries = c.entries();
    assert_eq!(entries.len(), 1);
    // Forge a well-formed entry with other findings: a cached run must print them, a
    // --no-cache run must not.
    let payload = br#"{"findings":[{"path":"forged.proto","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"FORGED","message":"from the cache"}],"warnings":[]}"#;
    let sum: String = {
        use sha2::Digest;
        sha2::Sha256::digest(payload)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let mut entry = format!("protowright-cache 1\n{sum}\n").into_bytes();
    entry.extend_from_slice(payload);
    std::fs::write(&entries[0], &entry).unwrap();
    let hit = c.lint(&["--error-format", "json"]);
    assert!(hit.stdout().contains("from the cache"), "{}", hit.stdout());
    let bypass = observed(&c.lint(&["--error-format", "json", "--no-cache"]));
    assert_eq!(bypass, real);
    // --no-cache neither writes: a fresh cache directory stays empty.
    let other = Cached::new();
    other.lint(&["--no-cache"]).expect_code(100);
    assert!(other.entries().is_empty(), "{:?}", other.entries());
    // Nor does PROTOWRIGHT_NO_CACHE=1.
    let run = command(
        other.sb.path(),
        &["lint"],
        &[("PROTOWRIGHT_CACHE_DIR", other.cache.as_path())],
    )
    .env("PROTOWRIGHT_NO_CACHE", "1")
    .output()
    .unwrap();
    assert_eq!(run.status.code(), Some(100));
    assert!(other.entries().is_empty(), "{:?}", other.entries());
}

#[test]
fn any_input_change_misses() {
    let c = Cached::new();
    let mut seen = vec![observed(&c.lint(&["--error-format", "json"]))];
    let edits: &[(&str, &str)] = &[
        // The target file.
        (
            "proto/acme/v1/api.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v1/base.proto\";\n\
             message Req { base b = 1; }\nservice api { rpc get(Req) returns (Req); }\n",
        ),
        // Its import.
        (
            "proto/acme/v1/base.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage base { string name = 1; }\n",
        ),
        // The configuration.
        (
            "buf.yaml",
            "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [STANDARD]\n  except: [SERVICE_SUFFIX]\n",
        ),
        // A one-byte edit that changes nothing the linter sees (a comment).
        (
            "proto/acme/v1/base.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage base { string name = 1; } //\n",
        ),
        // A new file.
        (
            "proto/acme/v1/extra.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage lower {}\n",
        ),
    ];
    for (i, (path, text)) in edits.iter().enumerate() {
        c.sb.file(path, text);
        let cached = observed(&c.lint(&["--error-format", "json"]));
        let uncached = observed(&c.lint(&["--error-format", "json", "--no-cache"]));
        assert_eq!(cached, uncached, "after editing {path}");
        assert_eq!(
            c.entries().len(),
            i + 2,
            "editing {path} must give a new entry"
        );
        seen.push(cached);
    }
    // The edits changed the findings where they should.
    assert_ne!(seen[0], seen[1]);
    assert_ne!(seen[1], seen[2]);
    assert_ne!(seen[2], seen[3]);
    assert_ne!(seen[4], seen[5]);
    // --path narrows the targets: another key, and the narrowed result.
    let narrowed = observed(&c.lint(&["--path", "proto/acme/v1/base.proto"]));
    let narrowed_uncached =
        observed(&c.lint(&["--path", "proto/acme/v1/base.proto", "--no-cache"]));
    assert_eq!(narrowed, narrowed_uncached);
    assert_eq!(c.entries().len(), edits.len() + 2);
}

#[test]
fn damaged_entries_are_recomputed() {
    let c = Cached::new();
    let want = observed(&c.lint(&["--error-format", "json"]));
    let entry = c.entries().pop().unwrap();
    let whole = std::fs::read(&entry).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        Vec::new(),
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        {
            let mut b = whole.clone();
            let mid = b.len() - 10;
            b[mid] ^= 0x20;
            b
        },
        b"garbage".to_vec(),
    ];
    for damaged in damages {
        std::fs::write(&entry, &damaged).unwrap();
        assert_eq!(observed(&c.lint(&["--error-format", "json"])), want);
        // Rewritten whole.
        assert_eq!(std::fs::read(&entry).unwrap(), whole);
    }
    // An entry that is a directory, or an unwritable cache location, is not an error either.
    std::fs::remove_file(&entry).unwrap();
    std::fs::create_dir(&entry).unwrap();
    assert_eq!(observed(&c.lint(&["--error-format", "json"])), want);
    let blocked = c.sb.path().join("not-a-dir");
    std::fs::write(&blocked, "x").unwrap();
    let run = run_env(
        c.sb.path(),
        &["lint", "--error-format", "json"],
        &[("PROTOWRIGHT_CACHE_DIR", blocked.as_path())],
    );
    assert_eq!(observed(&run), want);
}

#[test]
fn concurrent_runs_agree_and_leave_whole_entries() {
    let c = Cached::new();
    let want = observed(&c.lint(&["--error-format", "json", "--no-cache"]));
    let children: Vec<_> = (0..8)
        .map(|_| {
            command(
                c.sb.path(),
                &["lint", "--error-format", "json"],
                &[("PROTOWRIGHT_CACHE_DIR", c.cache.as_path())],
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(observed(&Run(out)), want);
    }
    // One whole entry, no temporary files left behind, and it is read back.
    assert_eq!(c.entries().len(), 1, "{:?}", c.entries());
    assert_eq!(observed(&c.lint(&["--error-format", "json"])), want);
}
