//! The well-known types (`google/protobuf/*.proto`), embedded from protoc 35.1. See `README.md`.

/// Every embedded file as `(import path, source)`, sorted by path.
pub const FILES: &[(&str, &str)] = &[
    (
        "google/protobuf/any.proto",
        include_str!("google/protobuf/any.proto"),
    ),
    (
        "google/protobuf/api.proto",
        include_str!("google/protobuf/api.proto"),
    ),
    (
        "google/protobuf/compiler/plugin.proto",
        include_str!("google/protobuf/compiler/plugin.proto"),
    ),
    (
        "google/protobuf/cpp_features.proto",
        include_str!("google/protobuf/cpp_features.proto"),
    ),
    (
        "google/protobuf/descriptor.proto",
        include_str!("google/protobuf/descriptor.proto"),
    ),
    (
        "google/protobuf/duration.proto",
        include_str!("google/protobuf/duration.proto"),
    ),
    (
        "google/protobuf/empty.proto",
        include_str!("google/protobuf/empty.proto"),
    ),
    (
        "google/protobuf/field_mask.proto",
        include_str!("google/protobuf/field_mask.proto"),
    ),
    (
        "google/protobuf/go_features.proto",
        include_str!("google/protobuf/go_features.proto"),
    ),
    (
        "google/protobuf/java_features.proto",
        include_str!("google/protobuf/java_features.proto"),
    ),
    (
        "google/protobuf/source_context.proto",
        include_str!("google/protobuf/source_context.proto"),
    ),
    (
        "google/protobuf/struct.proto",
        include_str!("google/protobuf/struct.proto"),
    ),
    (
        "google/protobuf/timestamp.proto",
        include_str!("google/protobuf/timestamp.proto"),
    ),
    (
        "google/protobuf/type.proto",
        include_str!("google/protobuf/type.proto"),
    ),
    (
        "google/protobuf/wrappers.proto",
        include_str!("google/protobuf/wrappers.proto"),
    ),
];

/// The source of a well-known type by import path, as the parser accepts it.
///
/// protox-parse 0.10 rejects options on a single-number extension range
/// (`extensions 536000000 [declaration = …]`, used twice in descriptor.proto), so such ranges are
/// spelled `N to N`, which declares the same range: the descriptor is unchanged, only the source
/// spans of those two lines move.
pub fn source(name: &str) -> Option<std::borrow::Cow<'static, str>> {
    let text = FILES
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| FILES[i].1)?;
    Some(if text.contains("extensions 536000000 [") {
        std::borrow::Cow::Owned(text.replace(
            "extensions 536000000 [",
            "extensions 536000000 to 536000000 [",
        ))
    } else {
        std::borrow::Cow::Borrowed(text)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_and_parseable() {
        assert!(super::FILES.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, _) in super::FILES {
            let source = super::source(name).unwrap();
            protox_parse::parse(name, &source).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(super::source("google/protobuf/descriptor.proto").is_some());
    }
}
