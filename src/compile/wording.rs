//! buf's wording for compile errors. protox (and prost-reflect, which links) describe the same
//! problems in their own words and sometimes at the other end of a pair of locations; buf users
//! compare messages, so the common ones are restated as buf 1.75 prints them, at the location buf
//! uses. Anything not listed keeps protox's message.

/// Which of a diagnostic's labels buf points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    First,
    Last,
}

/// The text between the first pair of `'` quotes after `prefix`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('\'')?;
    rest.split_once('\'').map(|(q, _)| q)
}

/// buf's message for a protox message, and which label it is located at. `label_text` is the
/// source text under the first label (e.g. the key type of a bad map field).
pub fn buf_message(message: &str, label_text: Option<&str>) -> Option<(String, At)> {
    if let Some(name) = quoted_after(message, "name ") {
        if message.ends_with("is not defined") {
            return Some((format!("cannot find `{name}` in this scope"), At::First));
        }
        if message.ends_with("is defined twice") {
            let short = name.rsplit('.').next().unwrap_or(name);
            return Some((format!("`{short}` declared multiple times"), At::First));
        }
    }
    if let Some(number) = quoted_after(message, "field number ") {
        if message.ends_with("is already used") {
            return Some((
                format!("field number `{number}` used more than once"),
                At::Last,
            ));
        }
        if message.contains("conflicts with reserved range") {
            return Some((format!("use of reserved field number `{number}`"), At::Last));
        }
    }
    if let Some(number) = quoted_after(message, "enum number ") {
        if message.ends_with("has already been used") {
            return Some((
                format!("enum value `{number}` used more than once"),
                At::Last,
            ));
        }
        if message.contains("conflicts with reserved range") {
            return Some((format!("use of reserved enum value `{number}`"), At::First));
        }
    }
    if message.starts_with("camel-case name of field ") && message.contains("conflicts with field")
    {
        return Some(("message fields have the same JSON name".into(), At::Last));
    }
    if let Some(number) = message
        .strip_prefix("message '")
        .and_then(|r| r.split_once("' does not define '"))
        .and_then(|(_, r)| r.strip_suffix("' as an extension number"))
    {
        return Some((
            format!("extension with unreserved number `{number}`"),
            At::First,
        ));
    }
    let fixed = match message {
        "the first value for proto3 enums must be 0" => "first value of open enum must be zero",
        "default values are not allowed in proto3" => "custom default in \"proto3\"",
        "message numbers must be between 1 and 536870911" => "field number out of range",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some((fixed.into(), At::First));
    }
    let text = label_text?;
    match message {
        "required fields are not allowed in proto3 syntax" | "oneof fields cannot have labels" => {
            Some((format!("unexpected `{text}`"), At::First))
        }
        "a map field key type must be an integer, boolean or string" => Some((
            format!("expected map key type, found scalar type `{text}`"),
            At::First,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restated() {
        for (protox, label, buf, at) in [
            (
                "name 'Foo' is not defined",
                None,
                "cannot find `Foo` in this scope",
                At::First,
            ),
            (
                "name 'a.A.x' is defined twice",
                None,
                "`x` declared multiple times",
                At::First,
            ),
            (
                "field number '1' is already used",
                None,
                "field number `1` used more than once",
                At::Last,
            ),
            (
                "field number '2' conflicts with reserved range '2 to 2'",
                None,
                "use of reserved field number `2`",
                At::Last,
            ),
            (
                "enum number '0' has already been used",
                None,
                "enum value `0` used more than once",
                At::Last,
            ),
            (
                "camel-case name of field 'foo_bar' conflicts with field 'fooBar'",
                None,
                "message fields have the same JSON name",
                At::Last,
            ),
            (
                "message 'A' does not define '5' as an extension number",
                None,
                "extension with unreserved number `5`",
                At::First,
            ),
            (
                "required fields are not allowed in proto3 syntax",
                Some("required"),
                "unexpected `required`",
                At::First,
            ),
            (
                "a map field key type must be an integer, boolean or string",
                Some("float"),
                "expected map key type, found scalar type `float`",
                At::First,
            ),
        ] {
            assert_eq!(
                buf_message(protox, label),
                Some((buf.to_string(), at)),
                "{protox}"
            );
        }
        assert_eq!(buf_message("something else entirely", None), None);
    }
}
