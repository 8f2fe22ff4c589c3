//! Go naming as protoc-gen-go (google.golang.org/protobuf `compiler/protogen`, `internal/strs`)
//! does it: camel-casing of proto names, identifier sanitising, package names derived from import
//! paths, and the per-file import alias allocator.

use std::collections::{BTreeMap, HashSet};

/// Go's reserved keywords.
pub const GO_KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// The names of Go's universe scope (`types.Universe.Names()`): an import alias never takes one.
pub const GO_UNIVERSE: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

pub fn is_go_keyword(s: &str) -> bool {
    GO_KEYWORDS.contains(&s)
}

/// Camel-cases a protobuf name for use as a Go identifier (`strs.GoCamelCase`): `_x` → `X`,
/// `.x` → `X`, `.X` → `_X`, a leading `_` → `X`, digits kept.
pub fn go_camel_case(s: &str) -> String {
    let b = s.as_bytes();
    let lower = |i: usize| i < b.len() && b[i].is_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' && lower(i + 1) {
            // skip the dot before a lower-case letter
        } else if c == b'.' {
            out.push('_');
        } else if c == b'_' && (i == 0 || b[i - 1] == b'.') {
            out.push('X');
        } else if c == b'_' && lower(i + 1) {
            // skip the underscore before a lower-case letter
        } else if c.is_ascii_digit() {
            out.push(c as char);
        } else if c.is_ascii() {
            out.push(c.to_ascii_uppercase() as char);
            while lower(i + 1) {
                i += 1;
                out.push(b[i] as char);
            }
        } else {
            // Not an ASCII letter (proto identifiers are ASCII): copy the byte sequence as is.
            let ch = s[i..].chars().next().unwrap_or('_');
            out.push(ch);
            i += ch.len_utf8() - 1;
        }
        i += 1;
    }
    out
}

/// A valid Go identifier from any string (`strs.GoSanitized`): characters other than letters
/// and digits become `_`; a `_` is prepended to keywords and to names not starting with a letter.
pub fn go_sanitized(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c.is_numeric() {
                c
            } else {
                '_'
            }
        })
        .collect();
    let starts_with_letter = mapped.chars().next().is_some_and(char::is_alphabetic);
    if is_go_keyword(&mapped) || !starts_with_letter {
        format!("_{mapped}")
    } else {
        mapped
    }
}

/// The Go package name derived from an import path: its last element, sanitised
/// (`cleanPackageName(path.Base(importPath))`).
pub fn package_name_from_import_path(import_path: &str) -> String {
    go_sanitized(path_base(import_path))
}

/// `path.Base`: the last slash-separated element, trailing slashes removed; `.` when empty.
pub fn path_base(p: &str) -> &str {
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return if p.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// The JSON name protoc gives a field (`lower_camel`): underscores dropped, the letter after one
/// upper-cased.
pub fn json_camel_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut was_underscore = false;
    for c in s.chars() {
        if c != '_' {
            if was_underscore && c.is_ascii_lowercase() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
        }
        was_underscore = c == '_';
    }
    out
}

/// The imports of one generated Go file: each import path gets an alias the first time an
/// identifier of it is qualified (`GeneratedFile.QualifiedGoIdent`): the sanitised base of the
/// path, with `1`, `2`, … appended while it clashes with a universe name or an earlier alias.
/// Call [`GoImports::qualify`] in the order the generator prints identifiers.
#[derive(Debug, Clone)]
pub struct GoImports {
    own_path: String,
    aliases: BTreeMap<String, String>,
    used: HashSet<String>,
}

/// One import line: `alias "path"`.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct GoImport {
    pub alias: String,
    pub path: String,
}

impl GoImports {
    /// The imports of a file in the Go package `own_path`.
    pub fn new(own_path: &str) -> Self {
        GoImports {
            own_path: own_path.to_string(),
            aliases: BTreeMap::new(),
            used: GO_UNIVERSE.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The alias of `import_path`, allocating one on first use; `None` for the file's own package.
    pub fn alias(&mut self, import_path: &str) -> Option<String> {
        if import_path == self.own_path {
            return None;
        }
        if let Some(a) = self.aliases.get(import_path) {
            return Some(a.clone());
        }
        let orig = package_name_from_import_path(import_path);
        let mut name = orig.clone();
        let mut i = 1;
        while self.used.contains(&name) {
            name = format!("{orig}{i}");
            i += 1;
        }
        self.used.insert(name.clone());
        self.aliases.insert(import_path.to_string(), name.clone());
        Some(name)
    }

    /// `name` as seen from this file: bare in the own package, `alias.name` otherwise.
    pub fn qualify(&mut self, import_path: &str, name: &str) -> String {
        match self.alias(import_path) {
            Some(a) => format!("{a}.{name}"),
            None => name.to_string(),
        }
    }

    /// Every import, sorted by path as protogen prints them.
    pub fn list(&self) -> Vec<GoImport> {
        self.aliases
            .iter()
            .map(|(path, alias)| GoImport {
                alias: alias.clone(),
                path: path.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        assert_eq!(go_camel_case("foo_bar"), "FooBar");
        assert_eq!(go_camel_case("foo_bar_baz"), "FooBarBaz");
        assert_eq!(go_camel_case("_my_field"), "XMyField");
        assert_eq!(go_camel_case("Foo_Bar"), "Foo_Bar");
        assert_eq!(go_camel_case("foo2bar"), "Foo2Bar");
        assert_eq!(go_camel_case("foo_2bar"), "Foo_2Bar");
        assert_eq!(go_camel_case("Outer.inner"), "OuterInner");
        assert_eq!(go_camel_case("Outer.Inner"), "Outer_Inner");
        assert_eq!(go_camel_case("Outer._x"), "Outer_XX");
        assert_eq!(go_camel_case("HTTPRule"), "HTTPRule");
        assert_eq!(go_camel_case("ip_v4"), "IpV4");
        assert_eq!(go_camel_case("a__b"), "A_B");
        assert_eq!(go_camel_case("x_"), "X_");
    }

    #[test]
    fn sanitized() {
        assert_eq!(
            go_sanitized("greeter/v1/greeter.proto"),
            "greeter_v1_greeter_proto"
        );
        assert_eq!(go_sanitized("type"), "_type");
        assert_eq!(go_sanitized("1abc"), "_1abc");
        assert_eq!(go_sanitized("a-b"), "a_b");
        assert_eq!(package_name_from_import_path("example.com/foo/v1"), "v1");
        assert_eq!(
            package_name_from_import_path("example.com/foo-bar"),
            "foo_bar"
        );
        assert_eq!(package_name_from_import_path("example.com/go"), "_go");
        assert_eq!(path_base("a/b/"), "b");
        assert_eq!(path_base(""), ".");
    }

    #[test]
    fn json_names() {
        assert_eq!(json_camel_case("foo_bar"), "fooBar");
        assert_eq!(json_camel_case("foo__bar_1"), "fooBar1");
        assert_eq!(json_camel_case("FooBar"), "FooBar");
    }

    #[test]
    fn import_aliases() {
        let mut imports = GoImports::new("example.com/own");
        assert_eq!(imports.qualify("example.com/own", "X"), "X");
        assert_eq!(imports.qualify("example.com/a/v1", "X"), "v1.X");
        assert_eq!(imports.qualify("example.com/b/v1", "Y"), "v11.Y");
        assert_eq!(imports.qualify("example.com/a/v1", "Z"), "v1.Z");
        assert_eq!(imports.qualify("example.com/c/string", "S"), "string1.S");
        assert_eq!(
            imports.list(),
            vec![
                GoImport {
                    alias: "v1".into(),
                    path: "example.com/a/v1".into()
                },
                GoImport {
                    alias: "v11".into(),
                    path: "example.com/b/v1".into()
                },
                GoImport {
                    alias: "string1".into(),
                    path: "example.com/c/string".into()
                },
            ]
        );
    }
}
