//! Comment text as gofmt prints it: protoc comments become `//` lines, and comments in doc
//! position are normalised the way `go/printer` does through `go/doc/comment` (paragraphs,
//! code blocks, lists, headings, link definitions).

/// `//` lines of a protoc comment (`protogen.Comments`): one per line, no normalisation.
pub fn raw_lines(comment: &str) -> Vec<String> {
    if comment.is_empty() {
        return Vec::new();
    }
    comment
        .strip_suffix('\n')
        .unwrap_or(comment)
        .split('\n')
        .map(|l| trim_right(&format!("//{l}")).to_string())
        .collect()
}

/// gofmt removes trailing white space from `//` comments.
fn trim_right(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
}

fn is_directive(c: &str) -> bool {
    if c.starts_with("line ") || c.starts_with("extern ") || c.starts_with("export ") {
        return true;
    }
    let b = c.as_bytes();
    let Some(colon) = c.find(':') else {
        return false;
    };
    if colon == 0 || colon + 1 >= b.len() {
        return false;
    }
    (0..=colon + 1)
        .filter(|&i| i != colon)
        .all(|i| b[i].is_ascii_lowercase() || b[i].is_ascii_digit())
}

/// The `//` lines of a comment in doc position (a protoc comment printed at column 1 right
/// before a declaration), as gofmt reformats them. Empty when gofmt drops the comment.
pub fn doc_lines(comment: &str) -> Vec<String> {
    let raw = raw_lines(comment);
    if raw.is_empty() {
        return raw;
    }
    let mut text = String::new();
    let mut directives = Vec::new();
    for c in &raw {
        let after = &c[2..];
        if is_directive(after) {
            directives.push(c.clone());
            continue;
        }
        text.push_str(after.strip_prefix(' ').unwrap_or(after));
        text.push('\n');
    }
    if text.is_empty() {
        return raw;
    }
    let printed = print(&parse(&text));
    let mut out: Vec<String> = Vec::new();
    let mut rest = printed.as_str();
    while !rest.is_empty() {
        let (line, r) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = r;
        out.push(if line.is_empty() {
            "//".to_string()
        } else if line.starts_with('\t') {
            format!("//{line}")
        } else {
            format!("// {line}")
        });
    }
    if !directives.is_empty() {
        out.push("//".into());
        out.extend(directives);
    }
    out.into_iter()
        .map(|l| trim_right(&l).to_string())
        .collect()
}

#[derive(Debug)]
enum Block {
    Para(String),
    Heading(String),
    Code(String),
    List {
        items: Vec<(String, Vec<String>)>,
        force_blank_before: bool,
        force_blank_between: bool,
    },
}

struct Doc {
    blocks: Vec<Block>,
    links: Vec<(String, String)>,
}

fn indented(line: &str) -> bool {
    line.starts_with(' ') || line.starts_with('\t')
}

fn leading_space(s: &str) -> &str {
    let n = s.len() - s.trim_start_matches([' ', '\t']).len();
    &s[..n]
}

fn unindent(lines: &[&str]) -> Vec<String> {
    let blank = |s: &str| s.is_empty() || s == "\n";
    let mut lo = 0;
    let mut hi = lines.len();
    while lo < hi && blank(lines[lo]) {
        lo += 1;
    }
    while hi > lo && blank(lines[hi - 1]) {
        hi -= 1;
    }
    let lines = &lines[lo..hi];
    if lines.is_empty() {
        return Vec::new();
    }
    let mut prefix = leading_space(lines[0]).to_string();
    for line in &lines[1..] {
        if !blank(line) {
            let ls = leading_space(line);
            let n = prefix
                .bytes()
                .zip(ls.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            prefix.truncate(n);
        }
    }
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = l.strip_prefix(prefix.as_str()).unwrap_or(l);
            if l.trim().is_empty() {
                String::new()
            } else {
                l.to_string()
            }
        })
        .collect();
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn list_marker(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let first = line.chars().next()?;
    let (num, rest) = if matches!(first, '•' | '*' | '+' | '-') {
        (String::new(), &line[first.len_utf8()..])
    } else if first.is_ascii_digit() {
        let n = line.bytes().take_while(u8::is_ascii_digit).count();
        let b = line.as_bytes();
        if n >= b.len() || (b[n] != b'.' && b[n] != b')') {
            return None;
        }
        (line[..n].to_string(), &line[n + 1..])
    } else {
        return None;
    };
    if !indented(rest) || rest.trim().is_empty() {
        return None;
    }
    Some((num, rest.to_string()))
}

fn is_list(line: &str) -> bool {
    list_marker(line).is_some()
}

fn is_heading(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0] == b'#' && (b[1] == b' ' || b[1] == b'\t') && line.trim() != "#"
}

fn is_old_heading(line: &str, all: &[String], off: usize) -> bool {
    if off == 0
        || !all[off - 1].is_empty()
        || off + 2 >= all.len()
        || !all[off + 1].is_empty()
        || !leading_space(&all[off + 2]).is_empty()
    {
        return false;
    }
    let line = line.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || !first.is_uppercase() {
        return false;
    }
    let last = line.chars().last().unwrap_or(' ');
    if !last.is_alphabetic() && !last.is_numeric() {
        return false;
    }
    if line.contains(|c| ";:!?+*/=[]{}_^°&§~%#@<\">\\".contains(c)) {
        return false;
    }
    let mut b = line;
    while let Some((_, after)) = b.split_once('\'') {
        if after != "s" && !after.starts_with("s ") {
            return false;
        }
        b = after;
    }
    let mut b = line;
    while let Some((_, after)) = b.split_once('.') {
        if after.is_empty() || after.starts_with(' ') {
            return false;
        }
        b = after;
    }
    true
}

fn parse_link(line: &str) -> Option<(String, String)> {
    if !line.starts_with('[') {
        return None;
    }
    let i = line.find("]:")?;
    let b = line.as_bytes();
    if i + 3 >= b.len() || (b[i + 2] != b' ' && b[i + 2] != b'\t') {
        return None;
    }
    let text = &line[1..i];
    let url = line[i + 3..].trim();
    let j = url.find("://")?;
    let scheme = &url[..j];
    let scheme_ok = matches!(
        scheme,
        "http" | "https" | "ftp" | "gopher" | "mailto" | "news" | "irc" | "file"
    );
    if !scheme_ok {
        return None;
    }
    Some((text.to_string(), url.to_string()))
}

#[derive(PartialEq)]
enum SpanKind {
    Code,
    Heading,
    List,
    OldHeading,
    Para,
}

fn parse_spans(lines: &[String]) -> Vec<(usize, usize, SpanKind)> {
    let mut spans = Vec::new();
    let mut i = 0;
    let mut force_indent = 0;
    let mut watchdog = 2 * lines.len() + 2;
    'spans: loop {
        while i < lines.len() && lines[i].is_empty() {
            i += 1;
        }
        if i >= lines.len() || watchdog == 0 {
            break;
        }
        watchdog -= 1;
        let start = i;
        let mut end;
        let kind;
        if i < force_indent || indented(&lines[i]) {
            let mut unindented_list_ok = is_list(&lines[i]) && i < force_indent;
            i += 1;
            while i < lines.len()
                && (lines[i].is_empty()
                    || i < force_indent
                    || indented(&lines[i])
                    || (unindented_list_ok && is_list(&lines[i])))
            {
                if lines[i].is_empty() {
                    unindented_list_ok = false;
                }
                i += 1;
            }
            end = i;
            while end > start && lines[end - 1].is_empty() {
                end -= 1;
            }
            if end < lines.len() && lines[end].starts_with('}') {
                end += 1;
            }
            kind = if is_list(&lines[start]) {
                SpanKind::List
            } else {
                SpanKind::Code
            };
        } else {
            i += 1;
            while i < lines.len() && !lines[i].is_empty() && !indented(&lines[i]) {
                i += 1;
            }
            end = i;
            if i < lines.len() && !lines[i].is_empty() && !is_list(&lines[i]) {
                if is_list(&lines[i - 1]) {
                    force_indent = end;
                    end -= 1;
                    while end > start && is_list(&lines[end - 1]) {
                        end -= 1;
                    }
                } else if lines[i - 1].ends_with('{') || lines[i - 1].ends_with('\\') {
                    force_indent = end;
                    end -= 1;
                }
                if start == end && force_indent > start {
                    i = start;
                    continue 'spans;
                }
            }
            kind = if end - start == 1 && is_heading(&lines[start]) {
                SpanKind::Heading
            } else if end - start == 1 && is_old_heading(&lines[start], lines, start) {
                SpanKind::OldHeading
            } else {
                SpanKind::Para
            };
        }
        spans.push((start, end, kind));
        i = end;
    }
    spans
}

fn parse(text: &str) -> Doc {
    let split: Vec<&str> = text.split('\n').collect();
    let lines = unindent(&split);
    let mut doc = Doc {
        blocks: Vec::new(),
        links: Vec::new(),
    };
    let mut prev_end = 0;
    for (start, end, kind) in parse_spans(&lines) {
        let span = &lines[start..end];
        match kind {
            SpanKind::Code => {
                let refs: Vec<&str> = span.iter().map(String::as_str).collect();
                let mut body = unindent(&refs);
                body.push(String::new());
                doc.blocks.push(Block::Code(body.join("\n")));
            }
            SpanKind::Heading => doc
                .blocks
                .push(Block::Heading(lines[start].trim()[1..].trim().to_string())),
            SpanKind::OldHeading => doc
                .blocks
                .push(Block::Heading(lines[start].trim().to_string())),
            SpanKind::Para => {
                if let Some(p) = paragraph(span, &mut doc.links) {
                    doc.blocks.push(Block::Para(p));
                }
            }
            SpanKind::List => {
                let num_first = list_marker(&span[0]).map(|m| m.0).unwrap_or_default();
                let mut items: Vec<(String, Vec<String>)> = Vec::new();
                let mut text: Vec<String> = Vec::new();
                let mut force_blank_between = false;
                let mut have_item = false;
                let flush = |items: &mut Vec<(String, Vec<String>)>,
                             text: &mut Vec<String>,
                             have: bool,
                             links: &mut Vec<(String, String)>| {
                    if have {
                        if let Some(p) = paragraph(text, links) {
                            if let Some(last) = items.last_mut() {
                                last.1.push(p);
                            }
                        }
                    }
                    text.clear();
                };
                for line in span {
                    let mut line = line.clone();
                    if let Some((n, after)) = list_marker(&line) {
                        if n.is_empty() == num_first.is_empty() {
                            flush(&mut items, &mut text, have_item, &mut doc.links);
                            items.push((n, Vec::new()));
                            have_item = true;
                            line = after;
                        }
                    }
                    let t = line.trim();
                    if t.is_empty() {
                        force_blank_between = true;
                        flush(&mut items, &mut text, have_item, &mut doc.links);
                        continue;
                    }
                    text.push(t.to_string());
                }
                flush(&mut items, &mut text, have_item, &mut doc.links);
                doc.blocks.push(Block::List {
                    items,
                    force_blank_before: prev_end < start,
                    force_blank_between,
                });
            }
        }
        prev_end = end;
    }
    doc
}

fn paragraph(lines: &[String], links: &mut Vec<(String, String)>) -> Option<String> {
    let defs: Option<Vec<_>> = lines.iter().map(|l| parse_link(l)).collect();
    // A paragraph made only of link definitions (or of nothing) is no block.
    match defs {
        Some(defs) => {
            links.extend(defs);
            None
        }
        None => Some(quotes(&lines.join("\n"))),
    }
}

/// go/doc/comment's old-style quotes in text: ` `` ` → `“`, `''` → `”` (runs of three or more
/// backticks are left alone).
fn quotes(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut wrote = 0;
    while i < b.len() {
        if b[i..].starts_with(b"``") {
            if b.get(i + 2) == Some(&b'`') {
                i += 3;
                while i < b.len() && b[i] == b'`' {
                    i += 1;
                }
                continue;
            }
            out.push_str(&s[wrote..i]);
            out.push('“');
            i += 2;
            wrote = i;
        } else if b[i..].starts_with(b"''") {
            out.push_str(&s[wrote..i]);
            out.push('”');
            i += 2;
            wrote = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[wrote..]);
    out
}

fn print(doc: &Doc) -> String {
    let mut out = String::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let blank_before = match b {
            Block::List {
                items,
                force_blank_before,
                force_blank_between,
            } => *force_blank_before || list_loose(items, *force_blank_between),
            _ => true,
        };
        if i > 0 && blank_before {
            out.push('\n');
        }
        match b {
            Block::Para(t) => {
                out.push_str(t);
                out.push('\n');
            }
            Block::Heading(t) => {
                out.push_str("# ");
                out.push_str(t);
                out.push('\n');
            }
            Block::Code(t) => {
                let mut md = t.as_str();
                while !md.is_empty() {
                    let (line, rest) = md.split_once('\n').unwrap_or((md, ""));
                    md = rest;
                    if !line.is_empty() {
                        out.push('\t');
                        out.push_str(line);
                    }
                    out.push('\n');
                }
            }
            Block::List {
                items,
                force_blank_between,
                ..
            } => {
                let loose = list_loose(items, *force_blank_between);
                for (i, (num, content)) in items.iter().enumerate() {
                    if i > 0 && loose {
                        out.push('\n');
                    }
                    out.push(' ');
                    if num.is_empty() {
                        out.push_str(" - ");
                    } else {
                        out.push_str(num);
                        out.push_str(". ");
                    }
                    for (j, para) in content.iter().enumerate() {
                        if j > 0 {
                            out.push_str("\n    ");
                        }
                        out.push_str(&para.replace('\n', "\n    "));
                        out.push('\n');
                    }
                }
            }
        }
    }
    if !doc.links.is_empty() {
        out.push('\n');
        for (text, url) in &doc.links {
            out.push_str(&format!("[{text}]: {url}\n"));
        }
    }
    out
}

fn list_loose(items: &[(String, Vec<String>)], force_blank_between: bool) -> bool {
    force_blank_between || items.iter().any(|(_, c)| c.len() != 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_code() {
        assert_eq!(
            doc_lines(" Hello.\n World  \n"),
            vec!["// Hello.", "// World"]
        );
        assert_eq!(
            doc_lines(" Intro:\n\n     code here\n       more\n\n\n Outro.\n"),
            vec![
                "// Intro:",
                "//",
                "//\tcode here",
                "//\t  more",
                "//",
                "// Outro."
            ]
        );
        assert!(doc_lines("\n\n").is_empty());
        assert_eq!(raw_lines(" a \n b"), vec!["// a", "// b"]);
    }

    #[test]
    fn lists_and_headings() {
        assert_eq!(
            doc_lines(" Items:\n * one\n * two\n"),
            vec!["// Items:", "// * one", "// * two"]
        );
        assert_eq!(
            doc_lines(" Items:\n\n  * one\n  * two\n"),
            vec!["// Items:", "//", "//   - one", "//   - two"]
        );
        assert_eq!(
            doc_lines(" use '' or ``x`` or ```y```\n"),
            vec!["// use ” or “x“ or ```y```"]
        );
        assert_eq!(
            doc_lines(" List:\n\n  - a\n\n  - b\n"),
            vec!["// List:", "//", "//   - a", "//", "//   - b"]
        );
        assert_eq!(
            doc_lines(" Intro.\n\n Heading Here\n\n Text.\n"),
            vec!["// Intro.", "//", "// # Heading Here", "//", "// Text."]
        );
        assert_eq!(
            doc_lines(" Types that are valid to be assigned to X:\n\n\t*A_B\n"),
            vec![
                "// Types that are valid to be assigned to X:",
                "//",
                "//\t*A_B"
            ]
        );
    }
}
