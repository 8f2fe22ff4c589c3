//! Adjustments to freshly parsed descriptors so that they equal protoc's.
//!
//! - `[packed = …]` is interpreted before linking. prost-reflect 0.16 decides whether a field is
//!   packed while resolving names, before it interprets options; for files parsed from source the
//!   option is still uninterpreted then, so `repeated E x = 1 [packed = false]` in a proto3 file
//!   counts as packed. Setting `FieldOptions.packed` here, and moving its source location the way
//!   prost-reflect moves interpreted options (`…, 8, 999, i` → `…, 8, 2`), gives protoc's result.
//! - A method declared with a body (`rpc M(A) returns (B) {}`) gets an empty `MethodOptions`, as
//!   protoc's parser creates one for every method body, options or not.
//! - proto2 fields whose default JSON names collide get explicit ones (see
//!   [`relax_proto2_json_names`]).
//! - The location of a field's `[default = …]` spans `default = …`, as protoc's does (the
//!   parser records only the value); breaking-change findings point there.
//! - Option values written as the identifiers `inf` and `nan` also get their double value (see
//!   [`float_identifiers`]), as protoc accepts them for float and double options.
//! - SourceCodeInfo columns count characters, not bytes, on lines with non-ASCII text (see
//!   [`columns_in_chars`]), and tabs advance to the next multiple of 4 (see
//!   [`columns_with_tab_stops`]), as buf's compiler counts them.

use prost_types::{
    source_code_info::Location, uninterpreted_option::NamePart, DescriptorProto,
    FieldDescriptorProto, FileDescriptorProto,
};

const FILE_MESSAGE_TYPE: i32 = 4;
const FILE_EXTENSION: i32 = 7;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED_TYPE: i32 = 3;
const MESSAGE_EXTENSION: i32 = 6;
const FIELD_OPTIONS: i32 = 8;
const OPTIONS_UNINTERPRETED: i32 = 999;
const FIELD_OPTIONS_PACKED: i32 = 2;

/// Applies every adjustment to a file parsed from `source`.
pub fn apply(file: &mut FileDescriptorProto, source: &str) {
    // First: the span-reading fixups below take columns as characters.
    columns_in_chars(file, source);
    interpret_packed(file);
    method_bodies_have_options(file, source);
    relax_proto2_json_names(file);
    float_identifiers(file);
    default_spans_include_the_name(file, source);
    // Last: the fixups above read columns as characters.
    columns_with_tab_stops(file, source);
}

/// buf's compiler advances a tab to the next multiple of 4 columns in SourceCodeInfo spans (protoc
/// uses 8); the parser counts a tab as one column. Converts every span on a line with a tab, so
/// lint and breaking findings point where buf's do.
fn columns_with_tab_stops(file: &mut FileDescriptorProto, source: &str) {
    if !source.contains('\t') {
        return;
    }
    let Some(info) = &mut file.source_code_info else {
        return;
    };
    let lines: Vec<&str> = source.split('\n').collect();
    let convert = |line: i32, col: i32| -> i32 {
        let Some(text) = usize::try_from(line).ok().and_then(|l| lines.get(l)) else {
            return col;
        };
        if !text.contains('\t') {
            return col;
        }
        let mut visual = 0i32;
        for c in text.chars().take(usize::try_from(col).unwrap_or(0)) {
            visual += if c == '\t' { 4 - visual % 4 } else { 1 };
        }
        visual
    };
    map_columns(info, convert);
}

const FIELD_DEFAULT_VALUE: i32 = 7;

/// Widens the location of every `default` pseudo-option (a field path followed by 7) to start
/// at the `default` keyword on the same line.
fn default_spans_include_the_name(file: &mut FileDescriptorProto, source: &str) {
    let Some(info) = &mut file.source_code_info else {
        return;
    };
    let lines = LineIndex::new(source);
    for location in &mut info.location {
        let path = &location.path;
        let is_field_default = path.last() == Some(&FIELD_DEFAULT_VALUE)
            && path.len() >= 3
            && matches!(
                path[path.len() - 3],
                MESSAGE_FIELD | MESSAGE_EXTENSION | FILE_EXTENSION
            )
            && (path.len() == 3) == (path[0] == FILE_EXTENSION);
        if !is_field_default || location.span.len() < 3 {
            continue;
        }
        let (line, col) = (location.span[0], location.span[1]);
        let (Some(line_start), Some(value_start)) =
            (lines.offset(line, 0), lines.offset(line, col))
        else {
            continue;
        };
        let before = &source[line_start..value_start];
        let Some(rest) = before.trim_end().strip_suffix('=') else {
            continue;
        };
        let Some(rest) = rest.trim_end().strip_suffix("default") else {
            continue;
        };
        let new_col = rest.chars().count() as i32;
        location.span[1] = new_col;
    }
}

/// The parser reports columns as byte offsets into the line; buf counts characters (a `À` in a
/// string literal moves what follows it by one column, not two). Converts every span on a line
/// with non-ASCII text.
fn columns_in_chars(file: &mut FileDescriptorProto, source: &str) {
    if source.is_ascii() {
        return;
    }
    let Some(info) = &mut file.source_code_info else {
        return;
    };
    let lines: Vec<&str> = source.split('\n').collect();
    let convert = |line: i32, col: i32| -> i32 {
        let Some(text) = usize::try_from(line).ok().and_then(|l| lines.get(l)) else {
            return col;
        };
        if text.is_ascii() {
            return col;
        }
        let byte = usize::try_from(col).unwrap_or(0).min(text.len());
        let chars = text
            .get(..byte)
            .map_or(byte, |prefix| prefix.chars().count());
        i32::try_from(chars).unwrap_or(col)
    };
    map_columns(info, convert);
}

/// Rewrites the column of every span start and end with `convert(line, column)`.
fn map_columns(info: &mut prost_types::SourceCodeInfo, convert: impl Fn(i32, i32) -> i32) {
    for location in &mut info.location {
        match location.span[..] {
            [line, start, end] => {
                location.span = vec![line, convert(line, start), convert(line, end)];
            }
            [start_line, start, end_line, end] => {
                location.span = vec![
                    start_line,
                    convert(start_line, start),
                    end_line,
                    convert(end_line, end),
                ];
            }
            _ => {}
        }
    }
}

/// protoc accepts the identifiers `inf` and `nan` as values of float and double options
/// (`[(buf.validate.field).double.const = nan]`); the parser records them as identifiers, which
/// prost-reflect only accepts for bool and enum options. Setting the double value next to the
/// identifier lets either interpretation succeed: prost-reflect reads `double_value` for float
/// options and `identifier_value` for enum options (an enum value named `nan` still works).
fn float_identifiers(file: &mut FileDescriptorProto) {
    use prost_types::{EnumDescriptorProto, UninterpretedOption};
    fn fix(options: &mut [UninterpretedOption]) {
        for option in options {
            let value = match option.identifier_value.as_deref() {
                Some("inf") => f64::INFINITY,
                Some("nan") => f64::NAN,
                _ => continue,
            };
            option.double_value.get_or_insert(value);
        }
    }
    fn field(field: &mut FieldDescriptorProto) {
        if let Some(o) = &mut field.options {
            fix(&mut o.uninterpreted_option);
        }
    }
    fn enum_(e: &mut EnumDescriptorProto) {
        if let Some(o) = &mut e.options {
            fix(&mut o.uninterpreted_option);
        }
        for value in &mut e.value {
            if let Some(o) = &mut value.options {
                fix(&mut o.uninterpreted_option);
            }
        }
    }
    fn message(m: &mut DescriptorProto) {
        if let Some(o) = &mut m.options {
            fix(&mut o.uninterpreted_option);
        }
        m.field.iter_mut().chain(&mut m.extension).for_each(field);
        for oneof in &mut m.oneof_decl {
            if let Some(o) = &mut oneof.options {
                fix(&mut o.uninterpreted_option);
            }
        }
        for range in &mut m.extension_range {
            if let Some(o) = &mut range.options {
                fix(&mut o.uninterpreted_option);
            }
        }
        m.enum_type.iter_mut().for_each(enum_);
        m.nested_type.iter_mut().for_each(message);
    }
    if let Some(o) = &mut file.options {
        fix(&mut o.uninterpreted_option);
    }
    file.message_type.iter_mut().for_each(message);
    file.enum_type.iter_mut().for_each(enum_);
    file.extension.iter_mut().for_each(field);
    for service in &mut file.service {
        if let Some(o) = &mut service.options {
            fix(&mut o.uninterpreted_option);
        }
        for method in &mut service.method {
            if let Some(o) = &mut method.options {
                fix(&mut o.uninterpreted_option);
            }
        }
    }
}

const FILE_SERVICE: i32 = 6;
const SERVICE_METHOD: i32 = 2;

/// Gives methods declared with a `{ … }` body an (empty) options message.
fn method_bodies_have_options(file: &mut FileDescriptorProto, source: &str) {
    let Some(info) = &file.source_code_info else {
        return;
    };
    if file.service.is_empty() {
        return;
    }
    let lines = LineIndex::new(source);
    let mut with_body = Vec::new();
    for location in &info.location {
        if let [FILE_SERVICE, s, SERVICE_METHOD, m] = location.path[..] {
            if lines
                .text(&location.span)
                .is_some_and(|t| t.trim_end().ends_with('}'))
            {
                with_body.push((s as usize, m as usize));
            }
        }
    }
    for (s, m) in with_body {
        if let Some(method) = file
            .service
            .get_mut(s)
            .and_then(|svc| svc.method.get_mut(m))
        {
            method.options.get_or_insert_with(Default::default);
        }
    }
}

/// Byte offsets of line starts, to turn SourceCodeInfo spans into text.
struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                source
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex { source, starts }
    }

    /// The byte offset of a 0-based line and character column.
    fn offset(&self, line: i32, col: i32) -> Option<usize> {
        let start = *self.starts.get(usize::try_from(line).ok()?)?;
        let text = &self.source[start..];
        let byte = text
            .char_indices()
            .nth(usize::try_from(col).ok()?)
            .map_or(text.len(), |(b, _)| b);
        Some(start + byte)
    }

    /// The source text a SourceCodeInfo span covers.
    fn text(&self, span: &[i32]) -> Option<&'a str> {
        let (start_line, start_col, end_line, end_col) = match *span {
            [l, c, e] => (l, c, l, e),
            [l, c, el, ec] => (l, c, el, ec),
            _ => return None,
        };
        self.source
            .get(self.offset(start_line, start_col)?..self.offset(end_line, end_col)?)
    }
}

/// Sets `packed` from its uninterpreted option on every field and extension of the file.
fn interpret_packed(file: &mut FileDescriptorProto) {
    let mut moves = Vec::new();
    for (i, field) in file.extension.iter_mut().enumerate() {
        interpret_field(field, vec![FILE_EXTENSION, i as i32], &mut moves);
    }
    for (i, message) in file.message_type.iter_mut().enumerate() {
        interpret_message(message, vec![FILE_MESSAGE_TYPE, i as i32], &mut moves);
    }
    if moves.is_empty() {
        return;
    }
    if let Some(info) = &mut file.source_code_info {
        for location in &mut info.location {
            relocate(location, &moves);
        }
    }
}

fn interpret_message(message: &mut DescriptorProto, path: Vec<i32>, moves: &mut Vec<Move>) {
    for (i, field) in message.field.iter_mut().enumerate() {
        interpret_field(field, child(&path, MESSAGE_FIELD, i), moves);
    }
    for (i, field) in message.extension.iter_mut().enumerate() {
        interpret_field(field, child(&path, MESSAGE_EXTENSION, i), moves);
    }
    for (i, nested) in message.nested_type.iter_mut().enumerate() {
        interpret_message(nested, child(&path, MESSAGE_NESTED_TYPE, i), moves);
    }
}

fn child(path: &[i32], tag: i32, index: usize) -> Vec<i32> {
    let mut out = path.to_vec();
    out.extend([tag, index as i32]);
    out
}

/// A source location move: the uninterpreted option at `field_path, 8, 999, removed` became
/// `field_path, 8, 2`, and later uninterpreted options shift down by one.
struct Move {
    field_path: Vec<i32>,
    removed: i32,
}

fn interpret_field(field: &mut FieldDescriptorProto, path: Vec<i32>, moves: &mut Vec<Move>) {
    let Some(options) = &mut field.options else {
        return;
    };
    let is_packed = |parts: &[NamePart]| matches!(parts, [part] if !part.is_extension && part.name_part == "packed");
    let Some(index) = options
        .uninterpreted_option
        .iter()
        .position(|o| is_packed(&o.name))
    else {
        return;
    };
    let value = match options.uninterpreted_option[index]
        .identifier_value
        .as_deref()
    {
        Some("true") => true,
        Some("false") => false,
        // Anything else is left for the linker to reject with its own message.
        _ => return,
    };
    if options.packed.is_some() {
        return;
    }
    options.uninterpreted_option.remove(index);
    options.packed = Some(value);
    moves.push(Move {
        field_path: path,
        removed: index as i32,
    });
}

fn relocate(location: &mut Location, moves: &[Move]) {
    for m in moves {
        let prefix_len = m.field_path.len();
        let path = &mut location.path;
        if path.len() < prefix_len + 3
            || path[..prefix_len] != m.field_path[..]
            || path[prefix_len] != FIELD_OPTIONS
            || path[prefix_len + 1] != OPTIONS_UNINTERPRETED
        {
            continue;
        }
        let index = path[prefix_len + 2];
        if index == m.removed {
            path.splice(prefix_len + 1..prefix_len + 3, [FIELD_OPTIONS_PACKED]);
        } else if index > m.removed {
            path[prefix_len + 2] = index - 1;
        }
        return;
    }
}

/// proto2 allows fields whose default JSON names collide (`_foo` and `Foo` both map to `Foo`;
/// protoc and buf only reject that in proto3), but prost-reflect rejects it in every syntax. For
/// proto2 files with such a collision, the colliding fields whose names contain `_` get their own
/// name as explicit `json_name` (field names are unique, and a computed JSON name never contains
/// `_`, so the result is collision-free). Such files are rare; their images differ from protoc's
/// in those fields' `json_name`.
fn relax_proto2_json_names(proto: &mut FileDescriptorProto) {
    fn json_name(name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        let mut upper = false;
        for ch in name.chars() {
            if ch == '_' {
                upper = true;
            } else if upper {
                out.push(ch.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(ch);
            }
        }
        out
    }
    fn fix(messages: &mut [prost_types::DescriptorProto]) -> bool {
        let mut changed = false;
        for message in messages {
            let mut groups: std::collections::HashMap<String, Vec<usize>> =
                std::collections::HashMap::new();
            for (index, field) in message.field.iter().enumerate() {
                if field.json_name.is_none() {
                    groups
                        .entry(json_name(field.name()))
                        .or_default()
                        .push(index);
                }
            }
            for indexes in groups.values().filter(|g| g.len() > 1) {
                for &index in indexes {
                    let field = &mut message.field[index];
                    if field.name().contains('_') {
                        field.json_name = Some(field.name().to_string());
                        changed = true;
                    }
                }
            }
            changed |= fix(&mut message.nested_type);
        }
        changed
    }
    if matches!(proto.syntax(), "" | "proto2") {
        fix(&mut proto.message_type);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_with_body_gets_options() {
        let source = "syntax = \"proto3\";\nmessage A {}\nservice S {\n  rpc X(A) returns (A);\n  rpc Y(A) returns (A) {}\n  rpc Z(A) returns (A) {\n  }\n}\n";
        let mut fd = protox_parse::parse("s.proto", source).unwrap();
        apply(&mut fd, source);
        let methods = &fd.service[0].method;
        assert!(methods[0].options.is_none());
        assert!(methods[1].options.is_some());
        assert!(methods[2].options.is_some());
    }

    #[test]
    fn columns_count_characters() {
        let source = "syntax = \"proto3\";\nmessage N { string x = 1 [json_name = \"\u{c0}\u{c0}\"]; string y = 2; }\n";
        let mut fd = protox_parse::parse("n.proto", source).unwrap();
        apply(&mut fd, source);
        let spans: Vec<_> = fd
            .source_code_info
            .unwrap()
            .location
            .into_iter()
            .filter(|l| l.path == [4, 0, 2, 1])
            .map(|l| l.span)
            .collect();
        // buf: `string y = 2;` spans 0-based columns 45..58 (bytes 47..60).
        assert_eq!(spans, vec![vec![1, 45, 58]]);
    }

    #[test]
    fn nan_and_inf_option_values_link() {
        let source = "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\nenum E { nan = 0; inf = 1; }\nextend google.protobuf.FieldOptions { double d = 5000; float f = 5001; E e = 5002; }\nmessage M {\n  double a = 1 [(d) = nan, (f) = inf, (e) = inf];\n}\n";
        let mut fd = protox_parse::parse("m.proto", source).unwrap();
        apply(&mut fd, source);
        let mut files = vec![prost_reflect::DescriptorPool::global()
            .get_file_by_name("google/protobuf/descriptor.proto")
            .unwrap()
            .file_descriptor_proto()
            .clone()];
        files.push(fd);
        let pool = prost_reflect::DescriptorPool::from_file_descriptor_set(
            prost_types::FileDescriptorSet { file: files },
        )
        .unwrap();
        let field = pool.get_message_by_name("M").unwrap().get_field(1).unwrap();
        let options = field.options();
        let get = |name: &str| {
            let ext = pool.get_extension_by_name(name).unwrap();
            options.get_extension(&ext).into_owned()
        };
        assert!(get("d").as_f64().unwrap().is_nan());
        assert_eq!(get("f").as_f32(), Some(f32::INFINITY));
        assert_eq!(get("e").as_enum_number(), Some(1));
    }

    #[test]
    fn packed_false_is_interpreted_and_located() {
        let source = "syntax = \"proto3\";\nmessage M {\n  repeated int32 a = 1 [packed = false, deprecated = true];\n}\n";
        let mut fd = protox_parse::parse("m.proto", source).unwrap();
        interpret_packed(&mut fd);
        let options = fd.message_type[0].field[0].options.as_ref().unwrap();
        assert_eq!(options.packed, Some(false));
        assert_eq!(options.uninterpreted_option.len(), 1);
        let paths: Vec<_> = fd
            .source_code_info
            .clone()
            .unwrap()
            .location
            .into_iter()
            .map(|l| l.path)
            .filter(|p| p.starts_with(&[4, 0, 2, 0, 8]))
            .collect();
        assert!(paths.contains(&vec![4, 0, 2, 0, 8, 2]), "{paths:?}");
        assert!(paths.contains(&vec![4, 0, 2, 0, 8, 999, 0]), "{paths:?}");
        assert!(!paths.contains(&vec![4, 0, 2, 0, 8, 999, 1]), "{paths:?}");
        // The linked pool agrees that the field is not packed.
        let pool = prost_reflect::DescriptorPool::from_file_descriptor_set(
            prost_types::FileDescriptorSet { file: vec![fd] },
        )
        .unwrap();
        let field = pool.get_message_by_name("M").unwrap().get_field(1).unwrap();
        assert!(!field.is_packed());
    }
}
