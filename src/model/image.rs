//! Encoding a model as an image (a binary `FileDescriptorSet`), byte-compatible with protoc.

use std::collections::HashMap;

use prost::encoding::{decode_key, decode_varint, encode_key, encode_varint, WireType};
use prost_reflect::{DescriptorPool, Kind};
use prost_types::SourceCodeInfo;

use super::{
    wire::{fields as wire_fields, write_bytes, WireField},
    Model,
};

/// Which files an encoded image holds and what it keeps.
#[derive(Debug, Clone, Copy)]
pub struct ImageOptions {
    /// Keep files that are only imported (dependencies, well-known types).
    pub include_imports: bool,
    /// Keep `source_code_info`.
    pub include_source_info: bool,
    /// Drop options declared `retention = RETENTION_SOURCE` (protoc's default; buf keeps them).
    pub exclude_source_retention_options: bool,
}

impl Model {
    /// Encodes the model as a binary `FileDescriptorSet` in the pool's (topological) order: the
    /// target files and, with `include_imports`, everything they import. Options, including
    /// custom options, are kept byte for byte; source info is removed at the wire level so nothing
    /// else is re-serialised. Without source info the bytes equal protoc's `--descriptor_set_out`.
    pub fn encode_image(&self, options: ImageOptions) -> Vec<u8> {
        let needed = if options.include_imports {
            self.transitive_closure(self.targets().map(|f| f.name.as_str()))
        } else {
            self.targets().map(|f| f.name.clone()).collect()
        };
        let encoding = FileEncoding {
            protoc_option_order: true,
            include_source_info: options.include_source_info,
            explicit_json_names_only: false,
            strip_source_retention: options.exclude_source_retention_options,
            protoc_float_defaults: true,
            go_option_order: false,
        };
        let mut out = Vec::new();
        for file in self.pool.files() {
            if !needed.contains(file.name()) {
                continue;
            }
            let Some(bytes) = self.encode_file(file.name(), encoding) else {
                continue;
            };
            encode_key(1, WireType::LengthDelimited, &mut out);
            encode_varint(bytes.len() as u64, &mut out);
            out.extend_from_slice(&bytes);
        }
        out
    }

    /// The named files and every file they import, transitively.
    pub fn transitive_closure<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<String> = names.into_iter().map(str::to_string).collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(file) = self.pool.get_file_by_name(&name) {
                stack.extend(file.dependencies().map(|d| d.name().to_string()));
            }
        }
        seen
    }
}

/// How [`Model::encode_file`] encodes one file for embedding in generated code.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileEncoding {
    /// Write custom options the way protoc's `--descriptor_set_out` does (source order, repeated
    /// scalars unpacked). Otherwise they are written canonically, by field number, as protoc's
    /// code generators see them after re-parsing options against the file's own pool.
    pub protoc_option_order: bool,
    /// Keep `source_code_info`.
    pub include_source_info: bool,
    /// Keep `json_name` only where the source wrote it (protoc's `FileDescriptor::CopyTo`).
    /// Without source info every `json_name` that differs from the default is kept.
    pub explicit_json_names_only: bool,
    /// Remove options whose definition says `retention = RETENTION_SOURCE`, at any depth
    /// (protoc's `StripSourceRetentionOptions`).
    pub strip_source_retention: bool,
    /// Write `float` defaults as protoc's `FieldDescriptor::CopyTo` does (`SimpleFtoa`, e.g.
    /// `1.5e+10`); the parser keeps the double formatting.
    pub protoc_float_defaults: bool,
    /// Write every options message as Go's `proto.Marshal` (deterministic) does after protogen
    /// resolved custom options as extensions: extension fields first, by number, then the
    /// standard fields by number (what protoc-gen-go embeds).
    pub go_option_order: bool,
}

impl Model {
    /// Encodes one file as a `FileDescriptorProto`; `None` when the pool has no such file.
    pub fn encode_file(&self, name: &str, options: FileEncoding) -> Option<Vec<u8>> {
        let file = self.pool.get_file_by_name(name)?;
        let mut bytes = file.encode_to_vec();
        let info = self.source_info(&file);
        if self.source_info_detached {
            // The pool holds at most part of it: put the model's copy in its place (or none).
            bytes = with_source_info(&bytes, info.filter(|_| options.include_source_info));
        }
        if options.protoc_option_order || options.strip_source_retention {
            // Stripping re-serialises options canonically, as protoc does; otherwise custom
            // options follow the source.
            bytes = rewrite_options(&bytes, info, &self.pool, options.strip_source_retention);
        }
        if options.go_option_order {
            let context = Context {
                order: HashMap::new(),
                pool: &self.pool,
                strip_source_retention: false,
                extensions_first: true,
            };
            if let Some(out) = rewrite(&bytes, Element::File, &mut Vec::new(), &context) {
                bytes = out;
            }
        }
        if options.explicit_json_names_only || options.protoc_float_defaults {
            let explicit_json: Option<std::collections::HashSet<Vec<i32>>> = info.map(|info| {
                info.location
                    .iter()
                    .filter(|l| l.path.len() >= 2 && l.path.last() == Some(&10))
                    .map(|l| l.path[..l.path.len() - 1].to_vec())
                    .collect()
            });
            let ctx = StripContext {
                options,
                explicit_json,
            };
            if let Some(out) = strip_file(&bytes, Element::File, &mut Vec::new(), &ctx) {
                bytes = out;
            }
        }
        if !options.include_source_info {
            bytes = strip_field(&bytes, SOURCE_CODE_INFO_FIELD);
        }
        Some(bytes)
    }
}

struct StripContext {
    options: FileEncoding,
    /// Paths of fields whose `json_name` the source wrote; `None` without source info.
    explicit_json: Option<std::collections::HashSet<Vec<i32>>>,
}

/// `FieldDescriptorProto.json_name` and `.name`.
const JSON_NAME_FIELD: u32 = 10;
const FIELD_NAME_FIELD: u32 = 1;

fn strip_file(
    message: &[u8],
    element: Element,
    path: &mut Vec<i32>,
    ctx: &StripContext,
) -> Option<Vec<u8>> {
    let (children, _) = element.shape();
    let mut counts: HashMap<u32, i32> = HashMap::new();
    let fields = wire_fields(message)?;
    let field_name = fields
        .iter()
        .find(|f| f.number == FIELD_NAME_FIELD)
        .and_then(|f| f.payload)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    // TYPE_DOUBLE = 1, TYPE_FLOAT = 2 (a one-byte varint after the one-byte key).
    let field_type = |wanted: u8| {
        matches!(element, Element::Field)
            && fields.iter().any(|f| {
                f.number == FIELD_TYPE_FIELD && f.raw.get(1) == Some(&wanted) && f.raw.len() == 2
            })
    };
    let (is_float, is_double) = (field_type(2), field_type(1));
    let mut out = Vec::with_capacity(message.len());
    for field in &fields {
        let child = children.iter().find(|(n, _)| *n == field.number);
        let replaced = match (child, field.payload) {
            (Some((number, child)), Some(payload)) => {
                let index = counts.entry(*number).or_insert(0);
                path.extend([*number as i32, *index]);
                *index += 1;
                let inner = strip_file(payload, *child, path, ctx);
                path.truncate(path.len() - 2);
                inner
            }
            (None, Some(payload))
                if matches!(element, Element::Field)
                    && field.number == JSON_NAME_FIELD
                    && ctx.options.explicit_json_names_only =>
            {
                let explicit = match &ctx.explicit_json {
                    Some(set) => set.contains(path.as_slice()),
                    None => field_name
                        .as_deref()
                        .is_none_or(|n| default_json_name(n).as_bytes() != payload),
                };
                if explicit {
                    None
                } else {
                    continue;
                }
            }
            (None, Some(payload))
                if (is_float || is_double)
                    && field.number == DEFAULT_VALUE_FIELD
                    && ctx.options.protoc_float_defaults =>
            {
                std::str::from_utf8(payload).ok().and_then(|t| {
                    if is_float {
                        t.parse::<f32>().ok().map(simple_ftoa)
                    } else {
                        t.parse::<f64>().ok().map(simple_dtoa)
                    }
                    .map(String::into_bytes)
                })
            }
            _ => None,
        };
        match replaced {
            Some(payload) => {
                encode_key(field.number, WireType::LengthDelimited, &mut out);
                encode_varint(payload.len() as u64, &mut out);
                out.extend_from_slice(&payload);
            }
            None => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// `FieldDescriptorProto.type` and `.default_value`.
const FIELD_TYPE_FIELD: u32 = 5;
const DEFAULT_VALUE_FIELD: u32 = 7;

/// C's `%.{precision}g`.
fn format_g(v: f64, precision: usize) -> String {
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{:.*e}", precision - 1, v);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= precision as i32 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim(&format!("{v:.decimals$}"))
    }
}

/// protobuf's `SimpleFtoa`: `%.6g`, or `%.9g` when that does not round-trip.
pub fn simple_ftoa(v: f32) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v.is_nan() {
        return "nan".into();
    }
    let short = format_g(f64::from(v), 6);
    if short.parse::<f32>().ok() == Some(v) {
        short
    } else {
        format_g(f64::from(v), 9)
    }
}

/// protobuf's `SimpleDtoa`: `%.15g`, or `%.17g` when that does not round-trip.
pub fn simple_dtoa(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v.is_nan() {
        return "nan".into();
    }
    let short = format_g(v, 15);
    if short.parse::<f64>().ok() == Some(v) {
        short
    } else {
        format_g(v, 17)
    }
}

/// protoc's default JSON name: underscores dropped, the letter after each one upper-cased.
pub fn default_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `FileDescriptorProto.source_code_info`.
const SOURCE_CODE_INFO_FIELD: u32 = 9;

/// Removes `source_code_info` from every file of an encoded `FileDescriptorSet`, at the wire
/// level; `None` when the set is not well-formed (decoding it reports that).
pub fn strip_source_info(set: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(set.len());
    for field in wire_fields(set)? {
        match (field.number, field.payload) {
            (1, Some(file)) => {
                wire_fields(file)?;
                let file = strip_field(file, SOURCE_CODE_INFO_FIELD);
                encode_key(1, WireType::LengthDelimited, &mut out);
                encode_varint(file.len() as u64, &mut out);
                out.extend_from_slice(&file);
            }
            _ => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// An encoded `FileDescriptorProto` with its `source_code_info` replaced by `info` (or removed),
/// written where protoc writes it: after the fields numbered below 9.
fn with_source_info(file: &[u8], info: Option<&SourceCodeInfo>) -> Vec<u8> {
    use prost::Message;
    let without = strip_field(file, SOURCE_CODE_INFO_FIELD);
    let Some(info) = info else {
        return without;
    };
    let Some(fields) = wire_fields(&without) else {
        return without;
    };
    let encoded = info.encode_to_vec();
    let mut out = Vec::with_capacity(without.len() + encoded.len() + 8);
    let mut written = false;
    for field in &fields {
        if !written && field.number > SOURCE_CODE_INFO_FIELD {
            write_bytes(SOURCE_CODE_INFO_FIELD, &encoded, &mut out);
            written = true;
        }
        out.extend_from_slice(field.raw);
    }
    if !written {
        write_bytes(SOURCE_CODE_INFO_FIELD, &encoded, &mut out);
    }
    out
}

/// Copies an encoded message, leaving out every occurrence of one top-level field.
/// The input comes from our own encoder, so it is well-formed; should it not be, the rest is kept
/// unchanged rather than dropped.
fn strip_field(message: &[u8], field: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    let mut buf = message;
    while !buf.is_empty() {
        let start = message.len() - buf.len();
        let Ok((number, wire_type)) = decode_key(&mut buf) else {
            out.extend_from_slice(&message[start..]);
            break;
        };
        let ok = match wire_type {
            WireType::Varint => decode_varint(&mut buf).is_ok(),
            WireType::SixtyFourBit if buf.len() >= 8 => {
                buf = &buf[8..];
                true
            }
            WireType::ThirtyTwoBit if buf.len() >= 4 => {
                buf = &buf[4..];
                true
            }
            WireType::LengthDelimited => match decode_varint(&mut buf) {
                Ok(len) if (len as usize) <= buf.len() => {
                    buf = &buf[len as usize..];
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            out.extend_from_slice(&message[start..]);
            break;
        }
        let end = message.len() - buf.len();
        if number != field {
            out.extend_from_slice(&message[start..end]);
        }
    }
    out
}

/// The descriptor messages that can hold options, for walking an encoded FileDescriptorProto.
#[derive(Clone, Copy)]
enum Element {
    File,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
    ExtensionRange,
}

impl Element {
    /// (field number, element) of the nested descriptors, and the number of the options field.
    fn shape(self) -> (&'static [(u32, Element)], u32) {
        use Element::*;
        match self {
            File => (&[(4, Message), (5, Enum), (6, Service), (7, Field)], 8),
            Message => (
                &[
                    (2, Field),
                    (3, Message),
                    (4, Enum),
                    (5, ExtensionRange),
                    (6, Field),
                    (8, Oneof),
                ],
                7,
            ),
            Field => (&[], 8),
            Oneof => (&[], 2),
            Enum => (&[(2, EnumValue)], 3),
            EnumValue => (&[], 3),
            Service => (&[(2, Method)], 3),
            Method => (&[], 4),
            ExtensionRange => (&[], 3),
        }
    }

    /// The full name of this element's options message.
    fn options_message(self) -> &'static str {
        use Element::*;
        match self {
            File => "google.protobuf.FileOptions",
            Message => "google.protobuf.MessageOptions",
            Field => "google.protobuf.FieldOptions",
            Oneof => "google.protobuf.OneofOptions",
            Enum => "google.protobuf.EnumOptions",
            EnumValue => "google.protobuf.EnumValueOptions",
            Service => "google.protobuf.ServiceOptions",
            Method => "google.protobuf.MethodOptions",
            ExtensionRange => "google.protobuf.ExtensionRangeOptions",
        }
    }
}

/// Writes every options message of a file the way protoc does.
///
/// - Custom options (extension fields, numbers from 1000) come after the standard ones, in the
///   order the source sets them, repeated scalars unpacked (protoc adds one field per `option`
///   statement); prost-reflect writes all fields by number and packs proto3 repeated scalars. The
///   source order is read from the linked SourceCodeInfo, whose option locations stay in
///   declaration order; without source info the order is left as it is.
/// - With `strip_source_retention`, options whose field is declared
///   `retention = RETENTION_SOURCE` are removed, at any depth (protoc's default for
///   `--descriptor_set_out`, buf's `--exclude-source-retention-options`). protoc re-serialises
///   the options it strips, so then they keep prost-reflect's canonical order.
fn rewrite_options(
    file: &[u8],
    info: Option<&SourceCodeInfo>,
    pool: &DescriptorPool,
    strip_source_retention: bool,
) -> Vec<u8> {
    // options path -> extension numbers in order of first appearance.
    let mut order: HashMap<Vec<i32>, Vec<u32>> = HashMap::new();
    for location in info.iter().flat_map(|i| &i.location) {
        if let Some((options_path, number)) = custom_option_of(&location.path) {
            let entry = order.entry(options_path.to_vec()).or_default();
            if !entry.contains(&number) {
                entry.push(number);
            }
        }
    }
    if order.is_empty() && !strip_source_retention {
        return file.to_vec();
    }
    let context = Context {
        order,
        pool,
        strip_source_retention,
        extensions_first: false,
    };
    rewrite(file, Element::File, &mut Vec::new(), &context).unwrap_or_else(|| file.to_vec())
}

struct Context<'a> {
    /// Options path → extension numbers in source order.
    order: HashMap<Vec<i32>, Vec<u32>>,
    pool: &'a DescriptorPool,
    strip_source_retention: bool,
    /// Rewrite every options message with extension fields first (Go's marshal order).
    extensions_first: bool,
}

/// For a source location inside a custom option, the path of its options message and the
/// option's field number. Walks the path along the descriptor shape, so element indices are never
/// mistaken for option numbers.
fn custom_option_of(path: &[i32]) -> Option<(&[i32], u32)> {
    let mut element = Element::File;
    let mut i = 0;
    while i + 1 < path.len() {
        let (children, options_field) = element.shape();
        let tag = path[i] as u32;
        if tag == options_field {
            let number = u32::try_from(path[i + 1]).ok()?;
            return (number >= 1000).then_some((&path[..=i], number));
        }
        element = children.iter().find(|(n, _)| *n == tag)?.1;
        i += 2;
    }
    None
}

fn rewrite(
    message: &[u8],
    element: Element,
    path: &mut Vec<i32>,
    context: &Context<'_>,
) -> Option<Vec<u8>> {
    let (children, options_field) = element.shape();
    let mut counts: HashMap<u32, i32> = HashMap::new();
    let mut out = Vec::with_capacity(message.len());
    for field in wire_fields(message)? {
        let child = children.iter().find(|(n, _)| *n == field.number);
        let replaced = match (child, field.payload) {
            (Some((number, child)), Some(payload)) => {
                let index = counts.entry(*number).or_insert(0);
                path.extend([*number as i32, *index]);
                *index += 1;
                let inner = rewrite(payload, *child, path, context);
                path.truncate(path.len() - 2);
                inner
            }
            (None, Some(payload)) if field.number == options_field => {
                path.push(options_field as i32);
                let options = context.pool.get_message_by_name(element.options_message());
                let inner = match (&options, context.strip_source_retention) {
                    _ if context.extensions_first => extensions_first(payload, options.as_ref()),
                    // protoc re-serialises options it strips, canonically (by number, packed),
                    // and drops an options message that stripping left empty.
                    (Some(desc), true) => match strip_source_retention(payload, desc) {
                        Some(stripped) if stripped.is_empty() && !payload.is_empty() => {
                            path.pop();
                            continue;
                        }
                        stripped => stripped,
                    },
                    _ => context
                        .order
                        .get(path.as_slice())
                        .and_then(|o| reorder_options(payload, o, options.as_ref())),
                };
                path.pop();
                inner
            }
            _ => None,
        };
        match replaced {
            Some(payload) => {
                encode_key(field.number, WireType::LengthDelimited, &mut out);
                encode_varint(payload.len() as u64, &mut out);
                out.extend_from_slice(&payload);
            }
            None => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// Extension fields (numbers from 1000, the extension range of every options message) first,
/// by number, then the standard fields by number; repeated fields keep their relative order.
/// Message values of extensions are written as Go writes dynamic messages (see
/// [`go_dynamic_order`]).
fn extensions_first(
    options: &[u8],
    descriptor: Option<&prost_reflect::MessageDescriptor>,
) -> Option<Vec<u8>> {
    let mut fields = wire_fields(options)?;
    fields.sort_by_key(|f| (f.number < 1000, f.number));
    let mut out = Vec::with_capacity(options.len());
    for field in &fields {
        let ext_message = descriptor
            .filter(|_| field.number >= 1000)
            .and_then(|d| d.get_extension(field.number))
            .and_then(|e| match e.kind() {
                Kind::Message(m) if !e.is_group() => Some(m),
                _ => None,
            });
        match (ext_message, field.payload) {
            (Some(m), Some(payload)) => {
                let inner = go_dynamic_order(payload, &m)?;
                encode_key(field.number, WireType::LengthDelimited, &mut out);
                encode_varint(inner.len() as u64, &mut out);
                out.extend_from_slice(&inner);
            }
            _ => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// Go's deterministic marshalling of a dynamic message (`order.LegacyFieldOrder`): extensions
/// first, then fields outside real oneofs, then oneof members grouped by oneof; by number
/// within each group. Applied recursively to message-typed fields.
fn go_dynamic_order(
    message: &[u8],
    descriptor: &prost_reflect::MessageDescriptor,
) -> Option<Vec<u8>> {
    let fields = wire_fields(message)?;
    let mut keyed = Vec::with_capacity(fields.len());
    for field in fields {
        let regular = descriptor.get_field(field.number);
        let (group, kind) = match &regular {
            Some(f) => {
                let oneof = f
                    .containing_oneof()
                    .filter(|o| !o.is_synthetic())
                    .map(|o| o.path().last().copied().unwrap_or(0) as usize + 2)
                    .unwrap_or(1);
                (oneof, (!f.is_group()).then(|| f.kind()))
            }
            None => (
                0,
                descriptor
                    .get_extension(field.number)
                    .filter(|e| !e.is_group())
                    .map(|e| e.kind()),
            ),
        };
        let bytes = match (kind, field.payload) {
            (Some(Kind::Message(m)), Some(payload)) if !is_map_entry(&m) => {
                let inner = go_dynamic_order(payload, &m)?;
                let mut b = Vec::new();
                encode_key(field.number, WireType::LengthDelimited, &mut b);
                encode_varint(inner.len() as u64, &mut b);
                b.extend_from_slice(&inner);
                b
            }
            _ => field.raw.to_vec(),
        };
        keyed.push(((group, field.number), bytes));
    }
    keyed.sort_by_key(|(k, _)| *k);
    Some(keyed.into_iter().flat_map(|(_, b)| b).collect())
}

fn is_map_entry(m: &prost_reflect::MessageDescriptor) -> bool {
    m.is_map_entry()
}

/// Standard options stay first in their order; extension fields follow in `order`, the rest last.
/// Packed repeated scalar extensions are written unpacked.
fn reorder_options(
    options: &[u8],
    order: &[u32],
    descriptor: Option<&prost_reflect::MessageDescriptor>,
) -> Option<Vec<u8>> {
    let mut fields = wire_fields(options)?;
    let rank = |f: &WireField<'_>| -> usize {
        if f.number < 1000 {
            0
        } else {
            order
                .iter()
                .position(|n| *n == f.number)
                .map_or(order.len() + 1, |p| p + 1)
        }
    };
    fields.sort_by_key(rank);
    let mut out = Vec::with_capacity(options.len());
    for field in &fields {
        let packed_scalar = if field.number >= 1000 {
            descriptor
                .and_then(|d| d.get_extension(field.number))
                .filter(|ext| ext.is_list())
                .and_then(|ext| scalar_wire_type(&ext.kind()))
        } else {
            None
        };
        match (packed_scalar, field.payload) {
            (Some(wire_type), Some(payload)) => {
                unpack(field.number, wire_type, payload, &mut out)?;
            }
            _ => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// Removes fields declared `retention = RETENTION_SOURCE` from an encoded message of type
/// `descriptor`, descending into message-typed fields. `None` when the message is not well-formed.
fn strip_source_retention(
    message: &[u8],
    descriptor: &prost_reflect::MessageDescriptor,
) -> Option<Vec<u8>> {
    const RETENTION_SOURCE: i32 = 2;
    let mut out = Vec::with_capacity(message.len());
    for field in wire_fields(message)? {
        let (options, kind) = match descriptor.get_field(field.number) {
            Some(f) => (f.options(), f.kind()),
            None => match descriptor.get_extension(field.number) {
                Some(e) => (e.options(), e.kind()),
                None => {
                    out.extend_from_slice(field.raw);
                    continue;
                }
            },
        };
        let retention = options
            .get_field_by_name("retention")
            .and_then(|v| v.as_enum_number());
        if retention == Some(RETENTION_SOURCE) {
            continue;
        }
        match (kind, field.payload) {
            (Kind::Message(inner), Some(payload)) => {
                let payload = strip_source_retention(payload, &inner)?;
                encode_key(field.number, WireType::LengthDelimited, &mut out);
                encode_varint(payload.len() as u64, &mut out);
                out.extend_from_slice(&payload);
            }
            _ => out.extend_from_slice(field.raw),
        }
    }
    Some(out)
}

/// The wire type of one element of a packable scalar kind; `None` for length-delimited kinds.
fn scalar_wire_type(kind: &Kind) -> Option<WireType> {
    match kind {
        Kind::Double | Kind::Fixed64 | Kind::Sfixed64 => Some(WireType::SixtyFourBit),
        Kind::Float | Kind::Fixed32 | Kind::Sfixed32 => Some(WireType::ThirtyTwoBit),
        Kind::Int32
        | Kind::Int64
        | Kind::Uint32
        | Kind::Uint64
        | Kind::Sint32
        | Kind::Sint64
        | Kind::Bool
        | Kind::Enum(_) => Some(WireType::Varint),
        Kind::String | Kind::Bytes | Kind::Message(_) => None,
    }
}

/// Writes each element of a packed payload as its own field.
fn unpack(number: u32, wire_type: WireType, payload: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut buf = payload;
    while !buf.is_empty() {
        let before = buf;
        match wire_type {
            WireType::Varint => {
                decode_varint(&mut buf).ok()?;
            }
            WireType::SixtyFourBit => buf = buf.get(8..)?,
            WireType::ThirtyTwoBit => buf = buf.get(4..)?,
            _ => return None,
        }
        encode_key(number, wire_type, out);
        out.extend_from_slice(&before[..before.len() - buf.len()]);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;
    use prost_types::FileDescriptorProto;

    #[test]
    fn double_defaults_like_protoc() {
        assert_eq!(simple_dtoa(1e-7), "1e-07");
        assert_eq!(simple_dtoa(0.1), "0.1");
        assert_eq!(simple_dtoa(1.5e300), "1.5e+300");
        assert_eq!(simple_dtoa(100.0), "100");
    }

    #[test]
    fn float_defaults_like_protoc() {
        assert_eq!(simple_ftoa(1.5e10), "1.5e+10");
        assert_eq!(simple_ftoa(0.1), "0.1");
        assert_eq!(simple_ftoa(100.0), "100");
        assert_eq!(simple_ftoa(1e-5), "1e-05");
        assert_eq!(simple_ftoa(123456789.0), "123456792");
        assert_eq!(simple_ftoa(-2.5), "-2.5");
        assert_eq!(simple_ftoa(3.4028235e38), "3.40282347e+38");
    }

    #[test]
    fn custom_option_paths() {
        assert_eq!(custom_option_of(&[8, 1051]), Some((&[8][..], 1051)));
        assert_eq!(
            custom_option_of(&[6, 0, 2, 3, 4, 72295728, 4]),
            Some((&[6, 0, 2, 3, 4][..], 72295728))
        );
        // Message 1500's field options: the index is not an option number.
        assert_eq!(
            custom_option_of(&[4, 1500, 2, 0, 8, 50000]),
            Some((&[4, 1500, 2, 0, 8][..], 50000))
        );
        assert_eq!(custom_option_of(&[4, 1500, 2, 0, 8, 3]), None);
        assert_eq!(custom_option_of(&[4, 1500, 1]), None);
    }

    #[test]
    fn strip_field_removes_only_that_field() {
        let file = FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            source_code_info: Some(prost_types::SourceCodeInfo::default()),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        let stripped = strip_field(&file.encode_to_vec(), SOURCE_CODE_INFO_FIELD);
        let back = FileDescriptorProto::decode(stripped.as_slice()).unwrap();
        assert_eq!(
            back,
            FileDescriptorProto {
                source_code_info: None,
                ..file
            }
        );
    }
}
