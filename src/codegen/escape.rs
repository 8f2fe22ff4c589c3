//! Byte-string escaping as protoc's generators do it (absl's `CEscape` and `CHexEscape`).

/// absl `CHexEscape`: `\n \r \t \" \' \\` by name, other non-printable bytes as `\xNN`; a hex
/// digit right after a `\x` escape is escaped too, so it cannot extend the escape.
pub fn c_hex_escape(bytes: &[u8]) -> String {
    escape(bytes, true)
}

/// absl `CEscape`: like [`c_hex_escape`] but with three-digit octal escapes.
pub fn c_escape(bytes: &[u8]) -> String {
    escape(bytes, false)
}

fn escape(bytes: &[u8], hex: bool) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut last_hex = false;
    for &b in bytes {
        let mut is_hex = false;
        match b {
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\'' => out.push_str("\\'"),
            b'\\' => out.push_str("\\\\"),
            _ => {
                let printable = (0x20..0x7f).contains(&b);
                if !printable || (last_hex && b.is_ascii_hexdigit()) {
                    if hex {
                        out.push_str(&format!("\\x{b:02x}"));
                        is_hex = true;
                    } else {
                        out.push_str(&format!("\\{b:03o}"));
                    }
                } else {
                    out.push(b as char);
                }
            }
        }
        last_hex = is_hex;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digit_after_hex_escape_is_escaped() {
        assert_eq!(c_hex_escape(b"\x0bChat"), "\\x0b\\x43hat");
        assert_eq!(c_hex_escape(b"\x0e2\x14."), "\\x0e\\x32\\x14.");
        assert_eq!(c_hex_escape(b"\"G\n"), "\\\"G\\n");
        assert_eq!(c_escape(b"Z,\x01a\xff"), "Z,\\001a\\377");
    }
}
