//! gofmt's layout rules for the constructs protoc-gen-go prints, computed ahead of rendering:
//! column alignment (text/tabwriter's elastic tabstops as go/printer drives them: cells separated
//! by tabs, a column block is a run of consecutive lines that have a cell in that column, empty
//! columns discarded, one space of padding), the composite-literal rule that breaks alignment
//! between elements of very different sizes, and Go string quoting.

/// Aligns the rows of one section. Each row is a list of cells; its last entry is trailing
/// text (not a cell, never padded). A row with a single entry (a comment line, say) ends every
/// column block that spans it.
pub fn align(rows: &[Vec<String>]) -> Vec<String> {
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.len()]).collect();
    format_columns(rows, 0, 0, rows.len(), &mut widths);
    rows.iter()
        .zip(&widths)
        .map(|(row, w)| {
            let mut line = String::new();
            for (j, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if j + 1 < row.len() {
                    let pad = w[j].saturating_sub(width(cell));
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line
        })
        .collect()
}

/// Aligns rows, starting a new section (a formfeed) before each row whose flag is set.
pub fn align_sections(rows: &[Vec<String>], new_section: &[bool]) -> Vec<String> {
    let mut out = Vec::with_capacity(rows.len());
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || new_section.get(i).copied().unwrap_or(false) {
            out.extend(align(&rows[start..i]));
            start = i;
        }
    }
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn format_columns(
    rows: &[Vec<String>],
    col: usize,
    lo: usize,
    hi: usize,
    widths: &mut [Vec<usize>],
) {
    let has_cell = |r: &Vec<String>| col + 1 < r.len();
    let mut this = lo;
    while this < hi {
        if !has_cell(&rows[this]) {
            this += 1;
            continue;
        }
        let start = this;
        let mut w = 0;
        let mut discardable = true;
        while this < hi && has_cell(&rows[this]) {
            let cw = width(&rows[this][col]);
            w = w.max(cw + 1);
            if cw > 0 {
                discardable = false;
            }
            this += 1;
        }
        if discardable {
            w = 0;
        }
        for row in widths.iter_mut().take(this).skip(start) {
            row[col] = w;
        }
        format_columns(rows, col + 1, start, this, widths);
    }
}

/// For the elements of a multi-line composite literal (one per line), whether gofmt starts a
/// new alignment section before each (go/printer's `exprList`): `sizes` are the one-line sizes
/// of the elements (of the keys for `key: value` elements), 0 for elements spanning lines.
pub fn expr_list_sections(sizes: &[usize]) -> Vec<bool> {
    let mut out = Vec::with_capacity(sizes.len());
    let mut lnsum = 0.0f64;
    let mut count = 0usize;
    let mut prev = 0usize;
    for (i, &size) in sizes.iter().enumerate() {
        let mut use_ff = true;
        if prev > 0 && size > 0 {
            if count == 0 || (prev <= 40 && size <= 40) {
                use_ff = false;
            } else {
                let geomean = (lnsum / count as f64).exp();
                let ratio = size as f64 / geomean;
                use_ff = 2.5 * ratio <= 1.0 || 2.5 <= ratio;
            }
        }
        out.push(i > 0 && use_ff);
        if i > 0 && use_ff {
            // A new section restarts the geometric mean.
            lnsum = 0.0;
            count = 0;
        }
        if size > 0 {
            lnsum += (size as f64).ln();
            count += 1;
        }
        prev = size;
    }
    out
}

/// `strconv.Quote` of arbitrary bytes: valid printable UTF-8 kept, `\a\b\f\n\r\t\v\\\"`
/// escaped, other bytes as `\xNN`, non-printable runes as `\uNNNN` / `\UNNNNNNNN`.
pub fn go_quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x07 => out.push_str("\\a"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x0b => out.push_str("\\v"),
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\x{b:02x}")),
            }
            i += 1;
            continue;
        }
        let len = match b {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        let decoded = (len > 0 && i + len <= bytes.len())
            .then(|| std::str::from_utf8(&bytes[i..i + len]).ok())
            .flatten()
            .and_then(|s| s.chars().next());
        match decoded {
            Some(c) if is_print(c) => {
                out.push(c);
                i += len;
            }
            Some(c) => {
                let v = c as u32;
                if v < 0x10000 {
                    out.push_str(&format!("\\u{v:04x}"));
                } else {
                    out.push_str(&format!("\\U{v:08x}"));
                }
                i += len;
            }
            None => {
                out.push_str(&format!("\\x{b:02x}"));
                i += 1;
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` for non-ASCII runes.
fn is_print(c: char) -> bool {
    let v = c as u32;
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || v == 0xad
        || (0x200b..=0x200f).contains(&v)
        || (0x202a..=0x202e).contains(&v)
        || (0x2060..=0x206f).contains(&v)
        || v == 0xfeff
        || (0xe000..=0xf8ff).contains(&v)
        || (0xfff9..=0xfffb).contains(&v)
        || v >= 0xf0000)
}

/// `%q` of a Go string value (struct tags, names): quoting of its UTF-8 bytes.
pub fn quote_str(s: &str) -> String {
    go_quote(s.as_bytes())
}

/// The raw descriptor split after each `\n` byte, each chunk Go-quoted (`bytes.SplitAfter`).
pub fn split_descriptor(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(go_quote(&bytes[start..=i]));
            start = i + 1;
        }
    }
    out.push(go_quote(&bytes[start..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aligns_struct_fields() {
        let rows = vec![
            row(&[
                "state",
                "protoimpl.MessageState",
                "",
                "`protogen:\"open.v1\"`",
            ]),
            row(&["// Who."]),
            row(&["Name", "string", "", "`protobuf:\"x\"`"]),
            row(&["unknownFields", "protoimpl.UnknownFields"]),
            row(&["sizeCache", "protoimpl.SizeCache"]),
        ];
        assert_eq!(
            align(&rows),
            vec![
                "state protoimpl.MessageState `protogen:\"open.v1\"`",
                "// Who.",
                "Name          string `protobuf:\"x\"`",
                "unknownFields protoimpl.UnknownFields",
                "sizeCache     protoimpl.SizeCache",
            ]
        );
    }

    #[test]
    fn aligns_trailing_comments() {
        let rows = vec![row(&["0,", "// a"]), row(&["10,", "// b"]), row(&["x"])];
        assert_eq!(align(&rows), vec!["0,  // a", "10, // b", "x"]);
        let sections = align_sections(&rows[..2], &[false, true]);
        assert_eq!(sections, vec!["0, // a", "10, // b"]);
    }

    #[test]
    fn expr_list_breaks_on_size_ratio() {
        assert_eq!(expr_list_sections(&[5, 6, 7]), vec![false, false, false]);
        assert_eq!(expr_list_sections(&[10, 10, 60]), vec![false, false, true]);
        // After a break the mean restarts: 24 after 79 breaks again (gofmt's goTypes layout).
        assert_eq!(
            expr_list_sections(&[32, 31, 79, 24, 14, 49, 3, 29]),
            vec![false, false, true, true, false, true, true, false]
        );
        assert_eq!(expr_list_sections(&[50, 45, 60]), vec![false, false, false]);
        assert_eq!(expr_list_sections(&[10, 0, 10]), vec![false, true, true]);
    }

    #[test]
    fn quotes_and_splits() {
        assert_eq!(
            go_quote(b"a\n\"\\\x00\x7f\xff"),
            "\"a\\n\\\"\\\\\\x00\\x7f\\xff\""
        );
        assert_eq!(go_quote("é".as_bytes()), "\"é\"");
        assert_eq!(go_quote("\u{200b}".as_bytes()), "\"\\u200b\"");
        assert_eq!(
            split_descriptor(b"\n\x05a.pro\nto"),
            vec!["\"\\n\"", "\"\\x05a.pro\\n\"", "\"to\""]
        );
        assert_eq!(split_descriptor(b"ab\n"), vec!["\"ab\\n\"", "\"\""]);
    }
}
