//! Images: files holding a serialized `FileDescriptorSet`, as `buf build -o` writes them.
//!
//! buf's images are `buf.alpha.image.v1.Image` messages: a `FileDescriptorSet` whose files carry
//! one extra field, `buf_extension = 8042` (is the file an import, was `syntax` unspecified…).
//! On the wire that is a valid `FileDescriptorSet`, so reading always yields the binary encoding
//! and leaves the extra field in place for whoever wants it.
//!
//! JSON, text and YAML images are converted to binary with `prost-reflect` against a schema
//! built from the image itself, in two passes like buf: the first pass reads the files with
//! custom options skipped, the second reads everything again with the image's own extensions
//! known, so custom options (`"[acme.label]": "x"`) survive. Nothing goes through `prost-types`
//! structs, which would drop unknown and extension fields.
//!
//! Text images need one more step: the text parser cannot skip unknown fields, so the first
//! pass reads a copy with extensions and unknown fields blanked out, and the second drops
//! extensions nothing in the image defines (buf writes an empty
//! `[buf.descriptor.v1.buf_source_code_info_extension]` from its own registry; its JSON output
//! omits it just the same).
//!
//! Writing ([`write_image`]) renders JSON byte for byte like buf (checked against buf 1.75 on
//! googleapis): protobuf JSON names, compact, fields in declaration order, extensions sorted by
//! full name, 64-bit integers as strings, Go's float formatting. Text and YAML output are valid
//! and read back by buf, but their layout differs from buf's (`file: [{…}, {…}]` lists, YAML
//! quoting).

use std::{
    io::{Read, Write},
    path::Path,
};

use prost::Message;
use prost_reflect::{
    text_format::FormatOptions, DescriptorPool, DeserializeOptions, DynamicMessage, Kind,
    MessageDescriptor, ReflectMessage, SerializeOptions,
};
use prost_types::{
    field_descriptor_proto::{Label, Type},
    DescriptorProto, FieldDescriptorProto, FileDescriptorProto, FileDescriptorSet,
};

use super::{Compression, ImageFormat, ImageInput};
use crate::{error::Error, Result};

/// Reads an image and returns it as a binary-encoded `FileDescriptorSet` (buf's `Image`, with
/// its `buf_extension` fields kept). `-` reads stdin. Errors name the file: unreadable, corrupt
/// compression, undecodable content, or an image without files (as buf: "image contains no
/// files").
pub fn read_image(spec: &ImageInput) -> Result<Vec<u8>> {
    let name = spec.path.display().to_string();
    let data = if spec.is_stdio() {
        let mut data = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut data)
            .map_err(|err| Error::io("<stdin>", err))?;
        data
    } else {
        std::fs::read(&spec.path).map_err(|err| Error::io(&spec.path, err))?
    };
    decode_image(&name, &data, spec.format, spec.compression)
}

/// Like [`read_image`] on bytes already in memory; `name` is used in messages.
pub fn decode_image(
    name: &str,
    data: &[u8],
    format: ImageFormat,
    compression: Compression,
) -> Result<Vec<u8>> {
    let fail = |message: String| Error::input(name, message);
    let data = decompress(data, compression).map_err(fail)?;
    let binary = match format {
        ImageFormat::Binpb => {
            // The one full decode of a binary image: it is the validation.
            FileDescriptorSet::decode(data.as_slice()).map_err(|err| {
                fail(format!(
                    "not a valid binary image (FileDescriptorSet): {err}"
                ))
            })?;
            data
        }
        ImageFormat::Json => {
            let value: serde_json::Value = serde_json::from_slice(&data)
                .map_err(|err| fail(format!("not a valid JSON image: {err}")))?;
            from_json_value(&value).map_err(|err| fail(format!("not a valid JSON image: {err}")))?
        }
        ImageFormat::Yaml => {
            // Images are far larger than the configuration files the default budget is for.
            let mut budget = serde_saphyr::Budget::default();
            budget.max_nodes = usize::MAX;
            budget.max_events = usize::MAX;
            budget.max_depth = 1024;
            let mut options = serde_saphyr::Options::default();
            options.budget = Some(budget);
            // YAML 1.2 scalars: `y`, `no`, `on`… and `007` stay strings, as buf wrote them.
            options.strict_booleans = true;
            options.leading_zero_numbers_as_strings = true;
            let value: serde_json::Value = serde_saphyr::from_slice_with_options(&data, options)
                .map_err(|err| fail(format!("not a valid YAML image: {err}")))?;
            from_json_value(&value).map_err(|err| fail(format!("not a valid YAML image: {err}")))?
        }
        ImageFormat::Txtpb => {
            let text = std::str::from_utf8(&data)
                .map_err(|err| fail(format!("not a valid text image: {err}")))?;
            from_text(text).map_err(|err| fail(format!("not a valid text image: {err}")))?
        }
    };
    if !has_files(&binary) {
        return Err(fail("image contains no files".into()));
    }
    Ok(binary)
}

/// Whether a (valid) encoded image has at least one `file` (field 1).
fn has_files(mut buf: &[u8]) -> bool {
    use prost::encoding::{decode_key, skip_field, DecodeContext};
    while !buf.is_empty() {
        let Ok((tag, wire_type)) = decode_key(&mut buf) else {
            return false;
        };
        if tag == 1 {
            return true;
        }
        if skip_field(wire_type, tag, &mut buf, DecodeContext::default()).is_err() {
            return false;
        }
    }
    false
}

/// Writes `image` (a binary `FileDescriptorSet`) to `path` in `format`, compressed as asked;
/// `-` or `/dev/stdout` writes to stdout and `/dev/null` discards. Files are written atomically:
/// into a temporary file next to `path`, then renamed over it, so a failure never leaves a
/// partial file. Use [`super::parse_image_output`] to get the format and compression from a
/// `-o` value the way buf does.
pub fn write_image(
    path: &Path,
    image: &[u8],
    format: ImageFormat,
    compression: Compression,
) -> Result<()> {
    let bytes = encode_image(image, format, compression)
        .map_err(|message| Error::input(path.display().to_string(), message))?;
    if path == Path::new("/dev/null") {
        return Ok(());
    }
    if path == Path::new("-") || path == Path::new("/dev/stdout") {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|err| Error::io("<stdout>", err));
    }
    write_atomically(path, &bytes)
}

/// Encodes a binary image in `format` with `compression` (the bytes [`write_image`] writes).
pub fn encode_image(
    image: &[u8],
    format: ImageFormat,
    compression: Compression,
) -> Result<Vec<u8>, String> {
    let encoded = match format {
        // Callers pass images from our own encoder: no need to decode them to write them.
        ImageFormat::Binpb => image.to_vec(),
        ImageFormat::Json => {
            let (message, desc) = image_message(image)?;
            let value = to_json_value(&message)?;
            let mut out = String::with_capacity(image.len() * 2);
            write_json(&mut out, &value, Some(&Kind::Message(desc)));
            out.into_bytes()
        }
        ImageFormat::Yaml => {
            let (message, _) = image_message(image)?;
            // Lists indented under their key, as buf writes them.
            let mut options = serde_saphyr::SerializerOptions::default();
            options.compact_list_indent = false;
            options.yaml_12 = true;
            options.no_lang_directive = true;
            options.folded_wrap_chars = usize::MAX;
            serde_saphyr::to_string_with_options(&to_json_value(&message)?, options)
                .map_err(|err| format!("cannot render YAML: {err}"))?
                .into_bytes()
        }
        ImageFormat::Txtpb => {
            let (message, _) = image_message(image)?;
            let options = FormatOptions::new()
                .pretty(true)
                .print_message_fields_in_index_order(true);
            let mut text = message.to_text_format_with_options(&options);
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.into_bytes()
        }
    };
    compress(encoded, compression)
}

fn decompress(data: &[u8], compression: Compression) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match compression {
        Compression::None => return Ok(data.to_vec()),
        Compression::Gzip => flate2::read::MultiGzDecoder::new(data)
            .read_to_end(&mut out)
            .map_err(|err| format!("invalid gzip data: {err}"))?,
        Compression::Zstd => {
            let mut input = data;
            let mut decoder = ruzstd::decoding::StreamingDecoder::new(&mut input)
                .map_err(|err| format!("invalid zstd data: {err}"))?;
            decoder
                .read_to_end(&mut out)
                .map_err(|err| format!("invalid zstd data: {err}"))?
        }
    };
    Ok(out)
}

fn compress(data: Vec<u8>, compression: Compression) -> Result<Vec<u8>, String> {
    match compression {
        Compression::None => Ok(data),
        Compression::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder
                .write_all(&data)
                .and_then(|()| encoder.finish())
                .map_err(|err| format!("cannot gzip: {err}"))
        }
        Compression::Zstd => Ok(ruzstd::encoding::compress_to_vec(
            data.as_slice(),
            ruzstd::encoding::CompressionLevel::Fastest,
        )),
    }
}

/// Writes `bytes` to a temporary file in `path`'s directory, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| {
            Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
            )
        })?
        .to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(".{file_name}.{}-{nanos}.tmp", std::process::id()));
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|err| Error::io(path, err));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// ---------------------------------------------------------------------------------------------
// The schema: descriptor.proto (the image's own, or prost-reflect's) plus buf's Image messages.

const DESCRIPTOR_PROTO: &str = "google/protobuf/descriptor.proto";
const SCHEMA_FILE: &str = "protowright/internal/image.proto";
const SCHEMA_PACKAGE: &str = "protowright.internal.image";

/// A pool that knows the image's files (for extensions) and the `Image` message.
fn schema(files: &[FileDescriptorProto]) -> Result<MessageDescriptor, String> {
    let mut pool = DescriptorPool::new();
    // A failed add leaves the pool unchanged.
    if pool
        .add_file_descriptor_protos(files.iter().cloned())
        .is_err()
    {
        // Some files cannot be linked (an image built with --exclude-imports, say): keep the
        // ones that can, in order, so their extensions stay known; well-known imports that are
        // missing come from prost-reflect's copies, as buf takes them from its own registry.
        for file in files {
            if pool.add_file_descriptor_proto(file.clone()).is_err() {
                let mut added = false;
                for dep in &file.dependency {
                    added |= add_builtin(&mut pool, dep);
                }
                if added {
                    let _ = pool.add_file_descriptor_proto(file.clone());
                }
            }
        }
    }
    if pool
        .get_message_by_name("google.protobuf.FileDescriptorProto")
        .is_none()
        && !add_builtin(&mut pool, DESCRIPTOR_PROTO)
    {
        return Err("cannot load google/protobuf/descriptor.proto".into());
    }
    let file_proto = pool
        .get_message_by_name("google.protobuf.FileDescriptorProto")
        .ok_or("google.protobuf.FileDescriptorProto is missing")?;
    let mut image_file = file_proto.descriptor_proto().clone();
    image_file.name = Some("ImageFile".into());
    image_file.field.push(field(
        "buf_extension",
        8042,
        Label::Optional,
        Type::Message,
        Some(".protowright.internal.image.ImageFileExtension"),
    ));
    let schema = FileDescriptorProto {
        name: Some(SCHEMA_FILE.into()),
        package: Some(SCHEMA_PACKAGE.into()),
        dependency: vec![DESCRIPTOR_PROTO.into()],
        syntax: Some("proto2".into()),
        message_type: vec![
            message(
                "Image",
                vec![field(
                    "file",
                    1,
                    Label::Repeated,
                    Type::Message,
                    Some(".protowright.internal.image.ImageFile"),
                )],
            ),
            image_file,
            message(
                "ImageFileExtension",
                vec![
                    field("is_import", 1, Label::Optional, Type::Bool, None),
                    field(
                        "module_info",
                        2,
                        Label::Optional,
                        Type::Message,
                        Some(".protowright.internal.image.ModuleInfo"),
                    ),
                    field(
                        "is_syntax_unspecified",
                        3,
                        Label::Optional,
                        Type::Bool,
                        None,
                    ),
                    field("unused_dependency", 4, Label::Repeated, Type::Int32, None),
                ],
            ),
            message(
                "ModuleInfo",
                vec![
                    field(
                        "name",
                        1,
                        Label::Optional,
                        Type::Message,
                        Some(".protowright.internal.image.ModuleName"),
                    ),
                    field("commit", 2, Label::Optional, Type::String, None),
                ],
            ),
            message(
                "ModuleName",
                vec![
                    field("remote", 1, Label::Optional, Type::String, None),
                    field("owner", 2, Label::Optional, Type::String, None),
                    field("repository", 3, Label::Optional, Type::String, None),
                ],
            ),
        ],
        ..Default::default()
    };
    if pool.get_file_by_name(SCHEMA_FILE).is_none() {
        pool.add_file_descriptor_proto(schema)
            .map_err(|err| format!("cannot build the image schema: {err}"))?;
    }
    pool.get_message_by_name(&format!("{SCHEMA_PACKAGE}.Image"))
        .ok_or_else(|| "cannot build the image schema".to_string())
}

/// Adds prost-reflect's copy of a well-known file (and its imports) when the pool lacks it;
/// whether anything was added.
fn add_builtin(pool: &mut DescriptorPool, name: &str) -> bool {
    if pool.get_file_by_name(name).is_some() {
        return false;
    }
    let Some(builtin) = DescriptorPool::global().get_file_by_name(name) else {
        return false;
    };
    for dep in builtin.dependencies() {
        add_builtin(pool, dep.name());
    }
    pool.add_file_descriptor_proto(builtin.file_descriptor_proto().clone())
        .is_ok()
}

fn message(name: &str, field: Vec<FieldDescriptorProto>) -> DescriptorProto {
    DescriptorProto {
        name: Some(name.into()),
        field,
        ..Default::default()
    }
}

fn field(
    name: &str,
    number: i32,
    label: Label,
    ty: Type,
    type_name: Option<&str>,
) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        label: Some(label as i32),
        r#type: Some(ty as i32),
        type_name: type_name.map(str::to_string),
        ..Default::default()
    }
}

/// Decodes a binary image as a dynamic `Image` message whose schema knows its extensions.
fn image_message(image: &[u8]) -> Result<(DynamicMessage, MessageDescriptor), String> {
    let set = FileDescriptorSet::decode(image)
        .map_err(|err| format!("not a valid binary image (FileDescriptorSet): {err}"))?;
    let desc = schema(&set.file)?;
    let message = DynamicMessage::decode(desc.clone(), image)
        .map_err(|err| format!("not a valid binary image (FileDescriptorSet): {err}"))?;
    Ok((message, desc))
}

// ---------------------------------------------------------------------------------------------
// JSON and YAML.

/// Converts the JSON mapping of an image to binary, keeping custom options.
fn from_json_value(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    // Pass 1: the files, with options whose extensions are not yet known skipped.
    let bootstrap = schema(&[])?;
    let lenient = DeserializeOptions::new().deny_unknown_fields(false);
    let first = DynamicMessage::deserialize_with_options(bootstrap, value, &lenient)
        .map_err(|err| err.to_string())?;
    let set = FileDescriptorSet::decode(first.encode_to_vec().as_slice())
        .map_err(|err| err.to_string())?;
    // Pass 2: everything, against the image's own schema.
    let desc = schema(&set.file)?;
    let second = DynamicMessage::deserialize(desc, value).map_err(|err| err.to_string())?;
    Ok(second.encode_to_vec())
}

/// Renders a message like Go's protojson (buf's `-o x.json`), before compaction: fields in
/// declaration order, then extensions sorted by full name.
fn to_json_value(message: &DynamicMessage) -> Result<serde_json::Value, String> {
    let value = message
        .serialize_with_options(
            serde_json::value::Serializer,
            &SerializeOptions::new().stringify_64_bit_integers(true),
        )
        .map_err(|err| format!("cannot render JSON: {err}"))?;
    Ok(reorder(value, &message.descriptor()))
}

fn reorder(value: serde_json::Value, desc: &MessageDescriptor) -> serde_json::Value {
    let serde_json::Value::Object(mut map) = value else {
        return value;
    };
    if desc.full_name().starts_with("google.protobuf.") && is_special_json(desc.full_name()) {
        return serde_json::Value::Object(map);
    }
    let mut out = serde_json::Map::with_capacity(map.len());
    // Declaration order is the order of the descriptor's own field list.
    let declared = desc.descriptor_proto().field.iter();
    for field in declared.filter_map(|f| desc.get_field(f.number() as u32)) {
        if let Some(v) = map.remove(field.json_name()) {
            out.insert(
                field.json_name().to_string(),
                reorder_field(v, &field.kind()),
            );
        }
    }
    let mut extensions: Vec<_> = desc
        .extensions()
        .filter(|ext| map.contains_key(ext.json_name()))
        .collect();
    extensions.sort_by(|a, b| a.full_name().cmp(b.full_name()));
    for ext in extensions {
        if let Some(v) = map.remove(ext.json_name()) {
            out.insert(ext.json_name().to_string(), reorder_field(v, &ext.kind()));
        }
    }
    // Anything left (should not happen) keeps its place at the end.
    out.extend(map);
    serde_json::Value::Object(out)
}

fn reorder_field(value: serde_json::Value, kind: &Kind) -> serde_json::Value {
    let Kind::Message(desc) = kind else {
        return value;
    };
    if desc.is_map_entry() {
        let value_kind = desc.map_entry_value_field().kind();
        return match value {
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, reorder_field(v, &value_kind)))
                    .collect(),
            ),
            other => other,
        };
    }
    match value {
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(|v| reorder(v, desc)).collect())
        }
        other => reorder(other, desc),
    }
}

/// Writes `value` compactly the way Go's protojson and `json.Compact` do: strings escape only
/// `"`, `\\` and control characters; floating-point numbers use Go's formatting. `kind` is the
/// protobuf type of `value`, when known, to tell `float` from `double`.
fn write_json(out: &mut String, value: &serde_json::Value, kind: Option<&Kind>) {
    use serde_json::Value;
    use std::fmt::Write as _;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_f64(), kind) {
            (Some(f), Some(Kind::Float)) => out.push_str(&go_float(f, true)),
            (Some(f), _) if n.is_f64() => out.push_str(&go_float(f, false)),
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::String(s) => write_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, kind);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let desc = match kind {
                Some(Kind::Message(desc)) if !is_special_json(desc.full_name()) => Some(desc),
                _ => None,
            };
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, key);
                out.push(':');
                let item_kind = desc.and_then(|desc| {
                    if desc.is_map_entry() {
                        return Some(desc.map_entry_value_field().kind());
                    }
                    desc.get_field_by_json_name(key)
                        .map(|f| f.kind())
                        .or_else(|| desc.get_extension_by_json_name(key).map(|e| e.kind()))
                });
                write_json(out, item, item_kind.as_ref());
            }
            out.push('}');
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite number as Go's protojson writes it: the shortest representation that reads back
/// as the same `float`/`double`, in positional notation unless its magnitude is below 1e-6 or at
/// least 1e21, then as `1e+21`, `1.5e-7`.
fn go_float(n: f64, is_f32: bool) -> String {
    let abs = n.abs();
    let exponential = abs != 0.0
        && if is_f32 {
            let a = abs as f32;
            !(1e-6..1e21).contains(&a)
        } else {
            !(1e-6..1e21).contains(&abs)
        };
    if !exponential {
        return if is_f32 {
            format!("{}", n as f32)
        } else {
            format!("{n}")
        };
    }
    let text = if is_f32 {
        format!("{:e}", n as f32)
    } else {
        format!("{n:e}")
    };
    match text.split_once('e') {
        Some((mantissa, exp)) => match exp.strip_prefix('-') {
            Some(digits) => format!("{mantissa}e-{digits}"),
            None => format!("{mantissa}e+{exp:0>2}"),
        },
        None => text,
    }
}

/// Well-known types with a special JSON form, left as prost-reflect renders them.
fn is_special_json(full_name: &str) -> bool {
    matches!(
        full_name,
        "google.protobuf.Any"
            | "google.protobuf.Timestamp"
            | "google.protobuf.Duration"
            | "google.protobuf.Struct"
            | "google.protobuf.Value"
            | "google.protobuf.ListValue"
            | "google.protobuf.FieldMask"
            | "google.protobuf.Empty"
            | "google.protobuf.DoubleValue"
            | "google.protobuf.FloatValue"
            | "google.protobuf.Int64Value"
            | "google.protobuf.UInt64Value"
            | "google.protobuf.Int32Value"
            | "google.protobuf.UInt32Value"
            | "google.protobuf.BoolValue"
            | "google.protobuf.StringValue"
            | "google.protobuf.BytesValue"
    )
}

// ---------------------------------------------------------------------------------------------
// Text format.

/// Converts the text format of an image to binary, keeping custom options. The text parser
/// cannot skip unknown fields the way JSON's can, so the first pass reads a copy with every
/// extension field and every field the built-in schema does not know blanked out.
fn from_text(text: &str) -> Result<Vec<u8>, String> {
    let bootstrap = schema(&[])?;
    let stripped = strip_fields(text, &bootstrap, Strip::Unknown);
    let first =
        DynamicMessage::parse_text_format(bootstrap, &stripped).map_err(|err| err.to_string())?;
    let set = FileDescriptorSet::decode(first.encode_to_vec().as_slice())
        .map_err(|err| err.to_string())?;
    // Pass 2: everything, except extensions the image does not define either (buf writes
    // `[buf.descriptor.v1.buf_source_code_info_extension]` from its own registry; its JSON
    // output omits them).
    let desc = schema(&set.file)?;
    let text = strip_fields(text, &desc, Strip::UnresolvedExtensions);
    let second = DynamicMessage::parse_text_format(desc, &text).map_err(|err| err.to_string())?;
    Ok(second.encode_to_vec())
}

/// What [`strip_fields`] removes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Strip {
    /// Every extension field, and every field or enum value the schema does not know.
    Unknown,
    /// Extension fields the schema cannot resolve where they appear.
    UnresolvedExtensions,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Punct(u8),
    Str,
    Word,
}

type Token = (Tok, usize, usize);

fn is_separator(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | 0x0b
            | 0x0c
            | b'#'
            | b'"'
            | b'\''
            | b'{'
            | b'}'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b':'
            | b';'
            | b','
            | b'/'
    )
}

/// Splits text format into tokens (kind, start, end), skipping whitespace and comments.
fn tokenize(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != c && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                out.push((Tok::Str, start, i));
            }
            b'{' | b'}' | b'<' | b'>' | b'[' | b']' | b':' | b';' | b',' | b'/' => {
                out.push((Tok::Punct(c), i, i + 1));
                i += 1;
            }
            _ => {
                let start = i;
                while i < b.len() && !is_separator(b[i]) {
                    i += 1;
                }
                let kind = if &b[start..i] == b"-" {
                    Tok::Punct(b'-')
                } else {
                    Tok::Word
                };
                out.push((kind, start, i));
            }
        }
    }
    out
}

/// Blanks out fields as `mode` says, keeping line and column positions. Extension fields are
/// `[pkg.ext]: …` or `[pkg.ext] { … }`; `Any` expansions (`[type.googleapis.com/…]`) are always
/// kept. Malformed input is returned as is for the parser to report.
fn strip_fields(text: &str, desc: &MessageDescriptor, mode: Strip) -> String {
    let mut stripper = Stripper {
        text,
        mode,
        tokens: tokenize(text),
        pos: 0,
        ranges: Vec::new(),
    };
    if stripper.fields(Some(desc), None).is_none() || stripper.pos != stripper.tokens.len() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in stripper.ranges {
        for b in &mut bytes[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Ranges cover whole tokens, hence whole characters: the result stays valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

struct Stripper<'a> {
    text: &'a str,
    mode: Strip,
    tokens: Vec<Token>,
    pos: usize,
    ranges: Vec<(usize, usize)>,
}

impl Stripper<'_> {
    fn peek(&self) -> Option<Tok> {
        self.tokens.get(self.pos).map(|t| t.0)
    }

    /// Fields up to `close` (or the end of input); `desc` is `None` where the type is unknown,
    /// in which case only extension fields are removed.
    fn fields(&mut self, desc: Option<&MessageDescriptor>, close: Option<u8>) -> Option<()> {
        loop {
            match self.peek() {
                None => return close.is_none().then_some(()),
                Some(Tok::Punct(c)) if Some(c) == close => return Some(()),
                _ => {}
            }
            let start = self.tokens[self.pos].1;
            let (mut remove, field) = match self.peek()? {
                Tok::Word => {
                    let (_, s, e) = self.tokens[self.pos];
                    self.pos += 1;
                    match desc.map(|d| field_by_text_name(d, &self.text[s..e])) {
                        None => (false, None),
                        Some(Some(field)) => (false, Some(field.kind())),
                        Some(None) => (self.mode == Strip::Unknown, None),
                    }
                }
                Tok::Punct(b'[') => {
                    self.pos += 1;
                    let name_start = self.tokens.get(self.pos)?.1;
                    let mut has_slash = false;
                    loop {
                        match self.peek()? {
                            Tok::Punct(b']') => break,
                            Tok::Punct(b'/') => has_slash = true,
                            Tok::Word => {}
                            _ => return None,
                        }
                        self.pos += 1;
                    }
                    let name = &self.text[name_start..self.tokens[self.pos].1];
                    self.pos += 1;
                    let extension = desc
                        .and_then(|d| d.extensions().find(|ext| ext.full_name() == name.trim()));
                    match (has_slash, self.mode, extension) {
                        (true, _, _) => (false, None),
                        (false, Strip::Unknown, _) => (true, None),
                        (false, Strip::UnresolvedExtensions, Some(ext)) => {
                            (false, Some(ext.kind()))
                        }
                        (false, Strip::UnresolvedExtensions, None) => (desc.is_some(), None),
                    }
                }
                _ => return None,
            };
            let colon = self.peek()? == Tok::Punct(b':');
            if colon {
                self.pos += 1;
            }
            if !self.value(field.as_ref(), colon)? && self.mode == Strip::Unknown {
                remove = true;
            }
            if matches!(self.peek(), Some(Tok::Punct(b';' | b','))) {
                self.pos += 1;
            }
            if remove {
                let end = self.tokens[self.pos - 1].2;
                // Ranges inside this field were recorded first; this one covers them.
                while self.ranges.last().is_some_and(|&(s, _)| s >= start) {
                    self.ranges.pop();
                }
                self.ranges.push((start, end));
            }
        }
    }

    /// A field's value; `Some(false)` when it holds an enum value `kind` does not know.
    fn value(&mut self, kind: Option<&Kind>, allow_scalar: bool) -> Option<bool> {
        match self.peek()? {
            Tok::Punct(open @ (b'{' | b'<')) => {
                self.pos += 1;
                let close = if open == b'{' { b'}' } else { b'>' };
                let desc = match kind {
                    Some(Kind::Message(m)) => Some(m),
                    _ => None,
                };
                self.fields(desc, Some(close))?;
                self.pos += 1;
                Some(true)
            }
            Tok::Punct(b'[') if allow_scalar => {
                self.pos += 1;
                let mut known = true;
                loop {
                    if self.peek()? == Tok::Punct(b']') {
                        self.pos += 1;
                        return Some(known);
                    }
                    known &= self.value(kind, true)?;
                    if self.peek()? == Tok::Punct(b',') {
                        self.pos += 1;
                    }
                }
            }
            Tok::Str if allow_scalar => {
                while self.peek() == Some(Tok::Str) {
                    self.pos += 1;
                }
                Some(true)
            }
            // `- 5`, `- inf`: a sign apart from its number.
            Tok::Punct(b'-') if allow_scalar => {
                self.pos += 1;
                (self.peek()? == Tok::Word).then(|| self.pos += 1)?;
                Some(true)
            }
            Tok::Word if allow_scalar => {
                let (_, s, e) = self.tokens[self.pos];
                self.pos += 1;
                let word = &self.text[s..e];
                Some(match kind {
                    Some(Kind::Enum(e)) => {
                        e.get_value_by_name(word).is_some()
                            || word.starts_with(|c: char| c.is_ascii_digit())
                    }
                    _ => true,
                })
            }
            _ => None,
        }
    }
}

/// A field as the text format names it: by name, or a group by its type's name.
fn field_by_text_name(
    desc: &MessageDescriptor,
    name: &str,
) -> Option<prost_reflect::FieldDescriptor> {
    desc.get_field_by_name(name).or_else(|| {
        desc.fields()
            .find(|f| f.is_group() && matches!(f.kind(), Kind::Message(m) if m.name() == name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/input/testdata");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(Path::new(TESTDATA).join(name)).unwrap()
    }

    fn read(name: &str) -> Result<Vec<u8>> {
        match super::super::parse(&format!("{TESTDATA}/{name}"))? {
            super::super::InputSpec::Image(spec) => read_image(&spec),
            other => panic!("{name}: not an image: {other:?}"),
        }
    }

    /// Re-encodes an image through the dynamic schema so that field order (Go writes
    /// extensions first, prost-reflect by number) does not matter in comparisons.
    fn canonical(image: &[u8]) -> Vec<u8> {
        image_message(image).unwrap().0.encode_to_vec()
    }

    /// The value of a custom option on a message of the image, through the image's own schema.
    fn message_option(image: &[u8], file: &str, message: &str, ext: &str) -> String {
        let (dynamic, desc) = image_message(image).unwrap();
        let pool = desc.parent_pool().clone();
        let files = dynamic.get_field_by_name("file").unwrap();
        for f in files.as_list().unwrap() {
            let f = f.as_message().unwrap();
            if f.get_field_by_name("name").unwrap().as_str() != Some(file) {
                continue;
            }
            for m in f
                .get_field_by_name("message_type")
                .unwrap()
                .as_list()
                .unwrap()
            {
                let m = m.as_message().unwrap();
                if m.get_field_by_name("name").unwrap().as_str() != Some(message) {
                    continue;
                }
                let options = m.get_field_by_name("options").unwrap();
                let options = options.as_message().unwrap();
                let ext = pool.get_extension_by_name(ext).unwrap();
                assert!(options.has_extension(&ext), "{message}: {ext:?} not set");
                return format!("{:?}", options.get_extension(&ext));
            }
        }
        panic!("{file}/{message} not found");
    }

    #[test]
    fn binary_images_are_returned_as_is() {
        let bytes = read("nosrc.binpb").unwrap();
        assert_eq!(bytes, fixture("nosrc.binpb"));
        assert_eq!(read("noimp.binpb").unwrap(), fixture("noimp.binpb"));
    }

    #[test]
    fn compressed_images_decompress() {
        assert_eq!(read("nosrc.binpb.gz").unwrap(), fixture("nosrc.binpb"));
        assert_eq!(read("nosrc.binpb.zst").unwrap(), fixture("nosrc.binpb"));
        assert_eq!(
            canonical(&read("noimp.json.gz").unwrap()),
            canonical(&fixture("noimp.binpb"))
        );
    }

    #[test]
    fn json_images_match_buf_binary_and_keep_custom_options() {
        for (json, binpb) in [("nosrc.json", "nosrc.binpb"), ("noimp.json", "noimp.binpb")] {
            let got = read(json).unwrap();
            assert_eq!(canonical(&got), canonical(&fixture(binpb)), "{json}");
            assert_eq!(
                message_option(&got, "acme/svc.proto", "Thing", "acme.label"),
                "String(\"thing<>&\")",
                "{json}"
            );
            let rule = message_option(&got, "acme/svc.proto", "Thing", "acme.rule");
            assert!(rule.contains("\"r\""), "{json}: {rule}");
        }
    }

    #[test]
    fn text_and_yaml_images_match_buf_binary() {
        for (name, binpb) in [
            ("noimp.txtpb", "noimp.binpb"),
            ("noimp.yaml", "noimp.binpb"),
        ] {
            let got = read(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(canonical(&got), canonical(&fixture(binpb)), "{name}");
            assert_eq!(
                message_option(&got, "acme/svc.proto", "Thing", "acme.label"),
                "String(\"thing<>&\")",
                "{name}"
            );
        }
    }

    #[test]
    fn json_output_is_byte_identical_to_buf() {
        for (binpb, json) in [
            ("nosrc.binpb", "nosrc.json"),
            ("noimp.binpb", "noimp.json"),
            // Control characters, DEL, U+2028 in a comment.
            ("escapes.binpb", "escapes.json"),
            // float/double/bytes/64-bit custom options: Go's number formatting.
            ("floats.binpb", "floats.json"),
        ] {
            let got = encode_image(&fixture(binpb), ImageFormat::Json, Compression::None).unwrap();
            let want = fixture(json);
            if got != want {
                let got = String::from_utf8_lossy(&got);
                let want = String::from_utf8_lossy(&want);
                let at = got
                    .bytes()
                    .zip(want.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(want.len()));
                let from = at.saturating_sub(150);
                panic!(
                    "{binpb} → JSON differs at byte {at}:\n got: …{}\nwant: …{}",
                    &got[from..(at + 150).min(got.len())],
                    &want[from..(at + 150).min(want.len())]
                );
            }
        }
    }

    #[test]
    fn every_format_round_trips() {
        let image = fixture("nosrc.binpb");
        for format in [
            ImageFormat::Binpb,
            ImageFormat::Json,
            ImageFormat::Txtpb,
            ImageFormat::Yaml,
        ] {
            for compression in [Compression::None, Compression::Gzip, Compression::Zstd] {
                let encoded = encode_image(&image, format, compression).unwrap();
                let decoded = decode_image("x", &encoded, format, compression)
                    .unwrap_or_else(|e| panic!("{format:?}/{compression:?}: {e}"));
                assert_eq!(
                    canonical(&decoded),
                    canonical(&image),
                    "{format:?}/{compression:?}"
                );
            }
        }
    }

    #[test]
    fn broken_images_fail_with_one_clear_error() {
        let binpb = fixture("nosrc.binpb");
        let json = fixture("nosrc.json");
        let gz = fixture("nosrc.binpb.gz");
        let cases: Vec<(&str, Vec<u8>, ImageFormat, Compression, &str)> = vec![
            (
                "truncated.binpb",
                binpb[..binpb.len() / 2].to_vec(),
                ImageFormat::Binpb,
                Compression::None,
                "truncated.binpb: not a valid binary image (FileDescriptorSet): ",
            ),
            (
                "garbage.binpb",
                b"hello world garbage\n".to_vec(),
                ImageFormat::Binpb,
                Compression::None,
                "garbage.binpb: not a valid binary image (FileDescriptorSet): ",
            ),
            (
                "empty.binpb",
                Vec::new(),
                ImageFormat::Binpb,
                Compression::None,
                "empty.binpb: image contains no files",
            ),
            (
                "empty.json",
                Vec::new(),
                ImageFormat::Json,
                Compression::None,
                "empty.json: not a valid JSON image: ",
            ),
            (
                "obj.json",
                b"{}".to_vec(),
                ImageFormat::Json,
                Compression::None,
                "obj.json: image contains no files",
            ),
            (
                "truncated.json",
                json[..json.len() / 2].to_vec(),
                ImageFormat::Json,
                Compression::None,
                "truncated.json: not a valid JSON image: ",
            ),
            (
                "typo.json",
                br#"{"file":[{"nmae":"a.proto"}]}"#.to_vec(),
                ImageFormat::Json,
                Compression::None,
                "typo.json: not a valid JSON image: ",
            ),
            (
                "unknown-ext.json",
                br#"{"file":[{"name":"a.proto","options":{"[nope.x]":1}}]}"#.to_vec(),
                ImageFormat::Json,
                Compression::None,
                "unknown-ext.json: not a valid JSON image: ",
            ),
            (
                "binary.json",
                binpb.clone(),
                ImageFormat::Json,
                Compression::None,
                "binary.json: not a valid JSON image: ",
            ),
            (
                "truncated.binpb.gz",
                gz[..gz.len() / 2].to_vec(),
                ImageFormat::Binpb,
                Compression::Gzip,
                "truncated.binpb.gz: invalid gzip data: ",
            ),
            (
                "plain.binpb.gz",
                binpb.clone(),
                ImageFormat::Binpb,
                Compression::Gzip,
                "plain.binpb.gz: invalid gzip data: ",
            ),
            (
                "garbage.binpb.zst",
                b"garbage\n".to_vec(),
                ImageFormat::Binpb,
                Compression::Zstd,
                "garbage.binpb.zst: invalid zstd data: ",
            ),
            (
                "garbage.txtpb",
                b"file { name: \"a.proto\" ".to_vec(),
                ImageFormat::Txtpb,
                Compression::None,
                "garbage.txtpb: not a valid text image: ",
            ),
            (
                "garbage.yaml",
                b"file: [\n".to_vec(),
                ImageFormat::Yaml,
                Compression::None,
                "garbage.yaml: not a valid YAML image: ",
            ),
        ];
        for (name, data, format, compression, want) in cases {
            match decode_image(name, &data, format, compression) {
                Ok(_) => panic!("{name}: expected an error"),
                Err(err) => {
                    let msg = err.to_string();
                    assert!(msg.starts_with(want), "{name}: {msg}");
                    assert!(
                        matches!(err.kind(), crate::error::ErrorKind::Input { .. }),
                        "{name}: {msg}"
                    );
                }
            }
        }
    }

    #[test]
    fn missing_image_file_is_an_io_error_naming_it() {
        let err = read("does-not-exist.binpb").unwrap_err();
        assert!(matches!(err.kind(), crate::error::ErrorKind::Io { .. }));
        assert!(err.to_string().contains("does-not-exist.binpb"), "{err}");
    }

    #[test]
    fn write_is_atomic_and_picks_the_format() {
        let tmp = tempfile::tempdir().unwrap();
        let image = fixture("nosrc.binpb");
        for (name, format, compression) in [
            ("out.binpb", ImageFormat::Binpb, Compression::None),
            ("out.json", ImageFormat::Json, Compression::None),
            ("out.json.zst", ImageFormat::Json, Compression::Zstd),
            ("out.binpb.gz", ImageFormat::Binpb, Compression::Gzip),
            ("out.txtpb", ImageFormat::Txtpb, Compression::None),
        ] {
            let raw = tmp.path().join(name);
            let spec = super::super::parse_image_output(raw.to_str().unwrap()).unwrap();
            assert_eq!((spec.format, spec.compression), (format, compression));
            write_image(&spec.path, &image, spec.format, spec.compression).unwrap();
            let back = read_image(&spec).unwrap();
            assert_eq!(canonical(&back), canonical(&image), "{name}");
        }
        assert_eq!(
            std::fs::read(tmp.path().join("out.json")).unwrap(),
            fixture("nosrc.json")
        );
        // Overwrites an existing file.
        write_image(
            &tmp.path().join("out.binpb"),
            &fixture("noimp.binpb"),
            ImageFormat::Binpb,
            Compression::None,
        )
        .unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("out.binpb")).unwrap(),
            fixture("noimp.binpb")
        );
        // An invalid image is refused before anything is written, and the old file stays.
        let err = write_image(
            &tmp.path().join("out.binpb"),
            b"\xff\xff",
            ImageFormat::Json,
            Compression::None,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("not a valid binary image"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(tmp.path().join("out.binpb")).unwrap(),
            fixture("noimp.binpb")
        );
        // A failed write (the target is a directory) leaves no temporary file behind.
        std::fs::create_dir(tmp.path().join("dir.binpb")).unwrap();
        let err = write_image(
            &tmp.path().join("dir.binpb"),
            &image,
            ImageFormat::Binpb,
            Compression::None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("dir.binpb"), "{err}");
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                "dir.binpb",
                "out.binpb",
                "out.binpb.gz",
                "out.json",
                "out.json.zst",
                "out.txtpb"
            ]
        );
        // A missing directory is an I/O error naming the path.
        let err = write_image(
            &tmp.path().join("nope/out.binpb"),
            &image,
            ImageFormat::Binpb,
            Compression::None,
        )
        .unwrap_err();
        assert!(matches!(err.kind(), crate::error::ErrorKind::Io { .. }));
    }

    #[test]
    fn schema_links_images_without_their_imports() {
        // noimp lacks descriptor.proto and timestamp.proto; both come from prost-reflect.
        let set = FileDescriptorSet::decode(fixture("noimp.binpb").as_slice()).unwrap();
        assert!(!set.file.iter().any(|f| f.name() == DESCRIPTOR_PROTO));
        let desc = schema(&set.file).unwrap();
        let pool = desc.parent_pool();
        assert!(pool.get_message_by_name("acme.v1.Thing").is_some());
        assert!(pool.get_extension_by_name("acme.label").is_some());
        assert!(pool.get_extension_by_name("acme.big").is_some());
    }

    #[test]
    fn floats_are_formatted_like_go() {
        for (n, is_f32, want) in [
            (1e21, false, "1e+21"),
            (1e20, false, "100000000000000000000"),
            (1e-7, false, "1e-7"),
            (1.5e-7, false, "1.5e-7"),
            (1e-6, false, "0.000001"),
            (123456789.125, false, "123456789.125"),
            (-0.0, false, "-0"),
            (100.0, false, "100"),
            (0.1, false, "0.1"),
            (1.5e300, false, "1.5e+300"),
            (3.4e38_f32 as f64, true, "3.4e+38"),
            (0.1_f32 as f64, true, "0.1"),
            (1e-10_f32 as f64, true, "1e-10"),
            (16777216.0, true, "16777216"),
        ] {
            assert_eq!(go_float(n, is_f32), want, "{n}");
        }
    }

    #[test]
    fn counts_files_on_the_wire() {
        assert!(has_files(&fixture("nosrc.binpb")));
        assert!(!has_files(b""));
        // Only an unknown field (number 2, varint 1): no files.
        assert!(!has_files(b"\x10\x01"));
        let err = decode_image(
            "x.binpb",
            b"\x10\x01",
            ImageFormat::Binpb,
            Compression::None,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.binpb: image contains no files");
    }

    #[test]
    fn strips_extension_and_unknown_fields() {
        let desc = schema(&[]).unwrap();
        let text = "file {\n  name: \"a\"\n  options {\n    [a.b]: \"x\" # c\n    deprecated: true\n    [a.c] { n: 1 [a.d]: 2 }\n    [a.e]: [1, 2]\n    [a.f]: -5;\n  }\n  any { [type.googleapis.com/x.Y] { z: 1 } }\n}\n";
        let stripped = strip_fields(text, &desc, Strip::Unknown);
        assert_eq!(stripped.len(), text.len());
        assert_eq!(stripped.lines().count(), text.lines().count());
        assert!(!stripped.contains("[a."), "{stripped}");
        assert!(stripped.contains("deprecated: true"));
        assert!(stripped.contains("name: \"a\""));
        // `any` is not a field of FileDescriptorProto: removed with what it holds.
        assert!(!stripped.contains("any"), "{stripped}");
        assert!(stripped.contains("# c"));
        let any = "file { [type.googleapis.com/x.Y] { z: 1 [a.b]: 2 } }";
        let stripped = strip_fields(any, &desc, Strip::Unknown);
        assert!(
            stripped.contains("[type.googleapis.com/x.Y] { z: 1"),
            "{stripped}"
        );
        assert!(!stripped.contains("[a.b]"), "{stripped}");
        // Malformed input is left alone.
        assert_eq!(strip_fields("a { [x", &desc, Strip::Unknown), "a { [x");
        // The second pass keeps what resolves, and only removes unresolvable extensions.
        let text = "file { name: \"a\" nope: 1 source_code_info { [x.y]: {} } }";
        let stripped = strip_fields(text, &desc, Strip::UnresolvedExtensions);
        assert_eq!(stripped, text.replace("[x.y]: {}", &" ".repeat(9)));
    }
}
