//! Where a finding on an option goes: the location of the option path when the file has one,
//! otherwise buf's fuzzy match (`OptionExtensionLocation`): the first location inside the path,
//! or else the longest location the path is inside of, no shorter than the extension itself.

use crate::lint::FileEl;

/// The SourceCodeInfo path to report for the option path `path`, whose first `extension_len`
/// elements lead to the extension (`…, 8, 1159`).
pub fn best(file: &FileEl<'_>, path: &[i32], extension_len: usize) -> Option<Vec<i32>> {
    if file.location(path).is_some() {
        return Some(path.to_vec());
    }
    let info = file.source_info?;
    let mut best: Option<&[i32]> = None;
    for loc in &info.location {
        let lp = loc.path.as_slice();
        if lp.len() >= extension_len
            && path.starts_with(lp)
            && lp.len() > best.map_or(0, <[i32]>::len)
        {
            best = Some(lp);
        } else if lp.starts_with(path) {
            return Some(lp.to_vec());
        }
    }
    best.map(<[i32]>::to_vec)
}

/// Where to report an option path: a path the file has a location for, or a span computed
/// from the source inside an option's message literal (`[(f).fixed32 = { lt: 10 gte: 10 }]`),
/// which buf's compiler records and ours does not.
pub enum At {
    Path(Vec<i32>),
    /// The closest path with a location (for comment ignores) and the span to report.
    Span(Vec<i32>, Vec<i32>),
}

/// Like [`best`], but also sees the locations buf's compiler records inside an option's
/// message literal, which ours does not: one per scalar field (`lt: 10`), and one per
/// occurrence of a repeated field, at the index of its first element (`cel: [{…}, {…}]` is
/// at index 0 only); message-valued fields have none. `root` is the extension's message type
/// (`buf.validate.FieldRules`).
pub fn resolve(
    file: &FileEl<'_>,
    path: &[i32],
    extension_len: usize,
    root: Option<&prost_reflect::MessageDescriptor>,
) -> Option<At> {
    let found = best(file, path, extension_len)?;
    if found.len() >= path.len() || !path.starts_with(&found) {
        return Some(At::Path(found));
    }
    let virtual_locations = (|| {
        let root = root?;
        let source = file.source.as_deref()?;
        let loc = file.location(&found)?;
        // The message type at the found path.
        let mut desc = root.clone();
        let mut rest = &found[extension_len..];
        while let Some((&n, tail)) = rest.split_first() {
            let field = desc.get_field(u32::try_from(n).ok()?)?;
            rest = tail;
            if field.is_list() && !rest.is_empty() {
                rest = &rest[1..];
            }
            desc = field.kind().as_message()?.clone();
        }
        let (line, col) = (loc.span.first().copied()?, loc.span.get(1).copied()?);
        let chars = CharPos::new(source, line, col)?;
        let mut lex = Lex { chars, i: 0 };
        // An `option (x) = {…};` statement: buf's location of the option runs from its name
        // to the end of its value, where ours covers the statement.
        let statement = lex.chars.iter().take(6).map(|(_, c)| c).collect::<String>() == "option";
        let mut name_start = None;
        // The literal follows the option's `=`.
        while lex.peek()? != '=' {
            if name_start.is_none() && statement && lex.i >= 6 && !lex.peek()?.is_whitespace() {
                name_start = lex.pos();
            }
            lex.i += 1;
        }
        lex.i += 1;
        lex.skip();
        let open = lex.peek()?;
        if open != '{' && open != '<' {
            return None;
        }
        lex.i += 1;
        let entries = lex.message(if open == '{' { '}' } else { '>' })?;
        let option_span = name_start.and_then(|start| Some((start, lex.end()?)));
        let mut out = Vec::new();
        literal_locations(&desc, &entries, &found, &mut out);
        Some((out, option_span))
    })();
    let (virtual_locations, option_span) = virtual_locations.unwrap_or_default();
    let fallback = |found: Vec<i32>| match option_span {
        Some(span) if found.len() == extension_len => At::Span(found, span_vec(span)),
        _ => At::Path(found),
    };
    // buf's search over the literal's locations: exact, else the first one inside the path,
    // else the longest one the path is inside of.
    if let Some((p, span)) = virtual_locations.iter().find(|(p, _)| p == path) {
        return Some(At::Span(p.clone(), span_vec(*span)));
    }
    let mut best_virtual: Option<&(Vec<i32>, Span)> = None;
    for entry in &virtual_locations {
        let lp = &entry.0;
        if path.starts_with(lp) && lp.len() > best_virtual.map_or(found.len(), |b| b.0.len()) {
            best_virtual = Some(entry);
        } else if lp.starts_with(path) {
            return Some(At::Span(found, span_vec(entry.1)));
        }
    }
    Some(match best_virtual {
        Some((_, span)) => At::Span(found, span_vec(*span)),
        None => fallback(found),
    })
}

fn span_vec(((sl, sc), (el, ec)): Span) -> Vec<i32> {
    if sl == el {
        vec![sl, sc, ec]
    } else {
        vec![sl, sc, el, ec]
    }
}

/// The locations of a message literal's fields, in source order.
fn literal_locations(
    desc: &prost_reflect::MessageDescriptor,
    entries: &[Entry],
    path: &[i32],
    out: &mut Vec<(Vec<i32>, Span)>,
) {
    let mut counts: Vec<(u32, i32)> = Vec::new();
    for entry in entries {
        let Some(field) = desc.get_field_by_name(&entry.name) else {
            continue;
        };
        let number = field.number();
        let mut field_path = path.to_vec();
        field_path.push(number as i32);
        let span = (entry.start, entry.end);
        let message = field.kind().as_message().cloned();
        if field.is_list() {
            let count = match counts.iter_mut().find(|(n, _)| *n == number) {
                Some((_, c)) => c,
                None => {
                    counts.push((number, 0));
                    &mut counts.last_mut().expect("pushed").1
                }
            };
            let first = *count;
            let items: Vec<&Val> = match &entry.value {
                Val::List(items) => items.iter().map(|(_, v)| v).collect(),
                v => vec![v],
            };
            *count += items.len() as i32;
            if items.is_empty() {
                continue;
            }
            let mut at = field_path.clone();
            at.push(first);
            out.push((at, span));
            // Only the first element of a `[…]` list has locations inside it.
            if let (Some(m), Some(Val::Message(inner))) = (&message, items.first()) {
                let mut p = field_path.clone();
                p.push(first);
                literal_locations(m, inner, &p, out);
            }
        } else if let (Some(m), Val::Message(inner)) = (&message, &entry.value) {
            literal_locations(m, inner, &field_path, out);
        } else {
            out.push((field_path, span));
        }
    }
}

type Pos = (i32, i32);
type Span = (Pos, Pos);

#[derive(Clone)]
struct Entry {
    name: String,
    start: Pos,
    end: Pos,
    value: Val,
}

#[derive(Clone)]
enum Val {
    Message(Vec<Entry>),
    List(Vec<(Span, Val)>),
    Scalar,
}

/// The characters of the source from a line and column on, with their positions.
struct CharPos;

impl CharPos {
    #[allow(clippy::new_ret_no_self)]
    fn new(source: &str, line: i32, col: i32) -> Option<Vec<(Pos, char)>> {
        let mut out = Vec::new();
        let mut started = false;
        for (l, text) in source.split('\n').enumerate() {
            let l = i32::try_from(l).ok()?;
            if l < line {
                continue;
            }
            for (c, ch) in text.chars().enumerate() {
                let c = i32::try_from(c).ok()?;
                if !started && (l > line || c >= col) {
                    started = true;
                }
                if started {
                    out.push(((l, c), ch));
                }
            }
            if l >= line {
                started = true;
                let end = i32::try_from(text.chars().count()).ok()?;
                out.push(((l, end), '\n'));
            }
        }
        Some(out)
    }
}

struct Lex {
    chars: Vec<(Pos, char)>,
    i: usize,
}

impl Lex {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).map(|(_, c)| *c)
    }

    fn pos(&self) -> Option<Pos> {
        self.chars.get(self.i).map(|(p, _)| *p)
    }

    /// The position just after the previous character.
    fn end(&self) -> Option<Pos> {
        let (p, _) = self.chars.get(self.i.checked_sub(1)?)?;
        Some((p.0, p.1 + 1))
    }

    fn skip(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += 1;
            } else if c == '#' || (c == '/' && self.chars.get(self.i + 1).map(|x| x.1) == Some('/'))
            {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
            } else if c == '/' && self.chars.get(self.i + 1).map(|x| x.1) == Some('*') {
                self.i += 2;
                while self.peek().is_some()
                    && !(self.peek() == Some('*')
                        && self.chars.get(self.i + 1).map(|x| x.1) == Some('/'))
                {
                    self.i += 1;
                }
                self.i += 2;
            } else {
                break;
            }
        }
    }

    fn message(&mut self, close: char) -> Option<Vec<Entry>> {
        let mut entries = Vec::new();
        loop {
            self.skip();
            let c = self.peek()?;
            if c == close {
                self.i += 1;
                return Some(entries);
            }
            let start = self.pos()?;
            let name = if c == '[' {
                let mut name = String::new();
                self.i += 1;
                while self.peek()? != ']' {
                    name.push(self.peek()?);
                    self.i += 1;
                }
                self.i += 1;
                format!("[{}]", name.trim())
            } else {
                let mut name = String::new();
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    name.push(self.peek()?);
                    self.i += 1;
                }
                if name.is_empty() {
                    return None;
                }
                name
            };
            self.skip();
            if self.peek() == Some(':') {
                self.i += 1;
                self.skip();
            }
            let value = self.value()?;
            let end = self.end()?;
            entries.push(Entry {
                name,
                start,
                end,
                value,
            });
            self.skip();
            if matches!(self.peek(), Some(',' | ';')) {
                self.i += 1;
            }
        }
    }

    fn value(&mut self) -> Option<Val> {
        let c = self.peek()?;
        match c {
            '{' | '<' => {
                self.i += 1;
                let close = if c == '{' { '}' } else { '>' };
                Some(Val::Message(self.message(close)?))
            }
            '[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip();
                    if self.peek()? == ']' {
                        self.i += 1;
                        return Some(Val::List(items));
                    }
                    let start = self.pos()?;
                    let v = self.value()?;
                    items.push(((start, self.end()?), v));
                    self.skip();
                    if self.peek() == Some(',') {
                        self.i += 1;
                    }
                }
            }
            '"' | '\'' => {
                // Adjacent string literals form one value.
                while let Some(q @ ('"' | '\'')) = self.peek() {
                    self.i += 1;
                    while self.peek()? != q {
                        if self.peek()? == '\\' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    let save = self.i;
                    self.skip();
                    if !matches!(self.peek(), Some('"' | '\'')) {
                        self.i = save;
                        break;
                    }
                }
                Some(Val::Scalar)
            }
            _ => {
                let start = self.i;
                if c == '-' {
                    self.i += 1;
                    self.skip();
                }
                while self
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'))
                {
                    self.i += 1;
                }
                (self.i > start).then_some(Val::Scalar)
            }
        }
    }
}
