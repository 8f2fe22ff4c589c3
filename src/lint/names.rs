//! Name helpers with buf's exact semantics (`private/pkg/stringutil`, `private/pkg/protoversion`):
//! the expected spellings in lint messages must match buf's character for character.

fn is_delimiter(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | ' ' | '\t' | '\n' | '\r')
}

/// `PascalCase`: splits on delimiters; a letter after a delimiter, at the start, or already
/// uppercase is uppercased, every other letter lowercased.
pub fn to_pascal_case(s: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for (i, c) in s.trim().chars().enumerate() {
        if !is_delimiter(c) {
            if i == 0 || previous.is_some_and(is_delimiter) || c.is_uppercase() {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
        previous = Some(c);
    }
    out
}

fn to_snake_case(s: &str) -> String {
    let s = s.trim_matches(is_delimiter);
    let bytes: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &raw) in bytes.iter().enumerate() {
        let c = if is_delimiter(raw) { '_' } else { raw };
        if i == 0 {
            out.push(c);
            continue;
        }
        let last_is_underscore = out.ends_with('_');
        let next_starts_word = bytes
            .get(i + 1)
            .is_some_and(|&n| !(n.is_uppercase() || n.is_ascii_digit() || is_delimiter(n)));
        let previous_lower = bytes[i - 1].is_lowercase();
        if c.is_uppercase()
            && !last_is_underscore
            && ((i + 1 < bytes.len() && next_starts_word) || previous_lower)
        {
            out.push('_');
            out.push(c);
        } else if !(is_delimiter(raw) && last_is_underscore) {
            out.push(c);
        }
    }
    out
}

/// `lower_snake_case`, as buf computes it (digits do not start words).
pub fn to_lower_snake_case(s: &str) -> String {
    to_snake_case(s).to_lowercase()
}

/// `UPPER_SNAKE_CASE`, as buf computes it.
pub fn to_upper_snake_case(s: &str) -> String {
    to_snake_case(s).to_uppercase()
}

/// The stability of a versioned package (`foo.v1`, `foo.v1beta1`, `foo.v1test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    Stable,
    Alpha,
    Beta,
    Test,
}

fn positive_number(s: &str) -> Option<i64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-')
    {
        return None;
    }
    let value: i32 = s.parse().ok()?;
    (value >= 1).then_some(value as i64)
}

/// The stability of a package whose last component is a version (`v\d+`, `v\d+test.*`,
/// `v\d+(alpha|beta)\d*`, `v\d+p\d+(alpha|beta)\d*`, numbers ≥ 1, at least two components);
/// `None` when the package has no version.
pub fn package_version(pkg: &str) -> Option<Stability> {
    let parts: Vec<&str> = pkg.split('.').collect();
    if pkg.is_empty() || parts.len() < 2 {
        return None;
    }
    let last = parts[parts.len() - 1];
    if last.len() < 2 || !last.starts_with('v') {
        return None;
    }
    let version = &last[1..];
    if let Some((major, _)) = version.split_once("test") {
        positive_number(major)?;
        return Some(Stability::Test);
    }
    let alpha = version.contains("alpha");
    let beta = version.contains("beta");
    let (stability, word) = match (alpha, beta) {
        (false, false) => {
            positive_number(version)?;
            return Some(Stability::Stable);
        }
        (true, false) => (Stability::Alpha, "alpha"),
        (false, true) => (Stability::Beta, "beta"),
        (true, true) => return None,
    };
    let (head, minor) = version.split_once(word)?;
    if !minor.is_empty() {
        positive_number(minor)?;
    }
    if let Some((major, patch)) = head.split_once('p') {
        positive_number(major)?;
        positive_number(patch)?;
    } else {
        positive_number(head)?;
    }
    Some(stability)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        for (input, pascal, lower, upper) in [
            ("foo_bar", "FooBar", "foo_bar", "FOO_BAR"),
            ("fooBar", "FooBar", "foo_bar", "FOO_BAR"),
            ("FooBAR", "FooBAR", "foo_bar", "FOO_BAR"),
            ("HTTPServer", "HTTPServer", "http_server", "HTTP_SERVER"),
            ("oneTwo", "OneTwo", "one_two", "ONE_TWO"),
            ("foo1Bar", "Foo1Bar", "foo1_bar", "FOO1_BAR"),
            ("_foo__bar_", "FooBar", "foo_bar", "FOO_BAR"),
            (
                "enumFooNone",
                "EnumFooNone",
                "enum_foo_none",
                "ENUM_FOO_NONE",
            ),
            ("a", "A", "a", "A"),
            ("ABC", "ABC", "abc", "ABC"),
        ] {
            assert_eq!(to_pascal_case(input), pascal, "{input}");
            assert_eq!(to_lower_snake_case(input), lower, "{input}");
            assert_eq!(to_upper_snake_case(input), upper, "{input}");
        }
    }

    #[test]
    fn versions() {
        assert_eq!(package_version("foo.v1"), Some(Stability::Stable));
        assert_eq!(package_version("foo.v1beta1"), Some(Stability::Beta));
        assert_eq!(package_version("foo.v1p1alpha"), Some(Stability::Alpha));
        assert_eq!(package_version("foo.v2test"), Some(Stability::Test));
        assert_eq!(package_version("foo.v2testfoo"), Some(Stability::Test));
        assert_eq!(package_version("v1"), None);
        assert_eq!(package_version("foo.v0"), None);
        assert_eq!(package_version("foo.v1alphabeta"), None);
        assert_eq!(package_version("foo.bar"), None);
        assert_eq!(package_version("foo.v1beta0"), None);
    }
}
