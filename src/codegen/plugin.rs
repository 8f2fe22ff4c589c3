//! Running an external generator through the protoc plugin protocol: an encoded
//! `CodeGeneratorRequest` on stdin, a `CodeGeneratorResponse` on stdout. Insertion points are
//! applied to files generated earlier in the same run.

use std::{
    io::{Read, Write},
    process::{Command, Stdio},
};

use prost::{
    encoding::{encode_key, encode_varint, WireType},
    Message,
};
use prost_types::compiler::CodeGeneratorResponse;

use super::{safe_relative_path, Files};
use crate::{
    model::{FileEncoding, Model},
    Error, Result,
};

/// Encodes a `CodeGeneratorRequest` for `targets`: `proto_file` holds them and every file they
/// import (in the pool's topological order), `source_file_descriptors` the targets with
/// source-retention options kept.
pub fn request(model: &Model, targets: &[String], parameter: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let put_bytes = |number: u32, bytes: &[u8], out: &mut Vec<u8>| {
        encode_key(number, WireType::LengthDelimited, out);
        encode_varint(bytes.len() as u64, out);
        out.extend_from_slice(bytes);
    };
    for t in targets {
        put_bytes(1, t.as_bytes(), &mut out);
    }
    if !parameter.is_empty() {
        put_bytes(2, parameter.as_bytes(), &mut out);
    }
    // compiler_version: protobuf 7.35.1 (protoc 35.1), as grpcio-tools 1.85.1's protoc reports.
    let mut version = Vec::new();
    for (n, v) in [(1u32, 7u64), (2, 35), (3, 1)] {
        encode_key(n, WireType::Varint, &mut version);
        encode_varint(v, &mut version);
    }
    put_bytes(4, b"", &mut version);
    put_bytes(3, &version, &mut out);
    let needed = model.transitive_closure(targets.iter().map(String::as_str));
    // proto_file: as protoc sends it — source info kept, source-retention options stripped
    // (options re-parsed, so custom options by number), every json_name present.
    let proto_file = FileEncoding {
        include_source_info: true,
        strip_source_retention: true,
        protoc_float_defaults: true,
        go_option_order: false,
        ..Default::default()
    };
    for file in model.pool.files() {
        if needed.contains(file.name()) {
            if let Some(bytes) = model.encode_file(file.name(), proto_file) {
                put_bytes(15, &bytes, &mut out);
            }
        }
    }
    // source_file_descriptors: the targets with every option, as written.
    let source_file = FileEncoding {
        protoc_option_order: true,
        include_source_info: true,
        protoc_float_defaults: true,
        go_option_order: false,
        ..Default::default()
    };
    for t in targets {
        if let Some(bytes) = model.encode_file(t, source_file) {
            put_bytes(17, &bytes, &mut out);
        }
    }
    out
}

/// Runs a plugin command with a request; returns its response.
pub fn run(command: &[String], request: &[u8]) -> Result<CodeGeneratorResponse> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| Error::usage("empty plugin command"))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            Error::other(format!(
                "plugin {program}: could not start: {e} (is it on PATH?)"
            ))
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let request = request.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&request));
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut stdout)
        .map_err(|e| Error::other(format!("plugin {program}: reading its output: {e}")))?;
    let status = child
        .wait()
        .map_err(|e| Error::other(format!("plugin {program}: {e}")))?;
    let _ = writer.join();
    if !status.success() {
        return Err(Error::other(format!(
            "plugin {program}: exited with {status}"
        )));
    }
    let response = CodeGeneratorResponse::decode(stdout.as_slice()).map_err(|e| {
        Error::other(format!(
            "plugin {program}: invalid CodeGeneratorResponse: {e}"
        ))
    })?;
    if let Some(err) = response.error.as_deref().filter(|e| !e.is_empty()) {
        return Err(Error::other(format!("plugin {program}: {err}")));
    }
    Ok(response)
}

/// protoc's check: a plugin that does not declare `FEATURE_PROTO3_OPTIONAL` must not be given
/// proto3 files with `optional` fields.
pub fn check_features(
    model: &Model,
    targets: &[String],
    response: &CodeGeneratorResponse,
    plugin: &str,
) -> Result<()> {
    const FEATURE_PROTO3_OPTIONAL: u64 = 1;
    if response.supported_features.unwrap_or(0) & FEATURE_PROTO3_OPTIONAL != 0 {
        return Ok(());
    }
    for t in targets {
        let Some(file) = model.pool.get_file_by_name(t) else {
            continue;
        };
        fn any_optional(messages: &[prost_types::DescriptorProto]) -> bool {
            messages.iter().any(|m| {
                m.field
                    .iter()
                    .chain(&m.extension)
                    .any(|f| f.proto3_optional.unwrap_or(false))
                    || any_optional(&m.nested_type)
            })
        }
        let proto = file.file_descriptor_proto();
        let has_optional = any_optional(&proto.message_type)
            || proto
                .extension
                .iter()
                .any(|f| f.proto3_optional.unwrap_or(false));
        if has_optional {
            return Err(Error::other(format!(
                "{t}: is a proto3 file that contains optional fields, but code generator {plugin} hasn't been updated to support optional fields in proto3. Please ask the owner of this code generator to support proto3 optional."
            )));
        }
    }
    Ok(())
}

/// Adds a response's files to `files`, applying insertion points to files already there.
pub fn apply(files: &mut Files, response: CodeGeneratorResponse, plugin: &str) -> Result<()> {
    let mut last: Option<std::path::PathBuf> = None;
    for f in response.file {
        let content = f.content.unwrap_or_default();
        let path = match f.name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => safe_relative_path(name, plugin)?,
            None => last.clone().ok_or_else(|| {
                Error::other(format!(
                    "plugin {plugin}: a file without a name must follow another file"
                ))
            })?,
        };
        match f.insertion_point.as_deref().filter(|p| !p.is_empty()) {
            None => {
                if f.name.as_deref().is_some_and(|n| !n.is_empty()) {
                    if files.contains_key(&path) {
                        return Err(Error::other(format!(
                            "plugin {plugin}: {} was already generated (tried to write the same file twice)",
                            path.display()
                        )));
                    }
                    files.insert(path.clone(), content);
                } else if let Some(existing) = files.get_mut(&path) {
                    existing.push_str(&content);
                }
            }
            Some(point) => {
                let target = files.get_mut(&path).ok_or_else(|| {
                    Error::other(format!(
                        "plugin {plugin}: insertion point {point:?} into {}, which was not generated",
                        path.display()
                    ))
                })?;
                *target = insert(target, point, &content).ok_or_else(|| {
                    Error::other(format!(
                        "plugin {plugin}: {} has no insertion point {point:?}",
                        path.display()
                    ))
                })?;
            }
        }
        last = Some(path);
    }
    Ok(())
}

/// Inserts `content` before the line holding `@@protoc_insertion_point(point)`, each line
/// indented like that line (as protoc does).
pub fn insert(text: &str, point: &str, content: &str) -> Option<String> {
    let marker = format!("@@protoc_insertion_point({point})");
    let at = text.find(&marker)?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..at]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let mut inserted = String::new();
    for line in content.split_inclusive('\n') {
        inserted.push_str(&indent);
        inserted.push_str(line);
    }
    if !inserted.ends_with('\n') {
        inserted.push('\n');
    }
    Some(format!(
        "{}{}{}",
        &text[..line_start],
        inserted,
        &text[line_start..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_points_keep_indent() {
        let text = "a\n  # @@protoc_insertion_point(x)\nb\n";
        assert_eq!(
            insert(text, "x", "one\ntwo\n").unwrap(),
            "a\n  one\n  two\n  # @@protoc_insertion_point(x)\nb\n"
        );
        assert!(insert(text, "y", "z").is_none());
    }
}
