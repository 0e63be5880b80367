//! XML and SGML corpora: several documents to a file, each one element
//! (Arabic Gigaword and other LDC/TREC newswire SGML, OSIAN-style `<doc>`
//! web crawls, TEI, `<article>` dumps, RSS and Atom feeds), read by a
//! scanner of its own: lenient where SGML is not XML, linear in the size of
//! the input, and keeping the byte offset of every character it hands back
//! (as [`Piece`]s).
//!
//! # Markup
//!
//! - A `<` that begins no well-formed tag, comment, CDATA section,
//!   processing instruction or declaration is text (`a < b`, `x<3`). A tag
//!   name is ASCII (`[A-Za-z_:][A-Za-z0-9_:.-]*`); attribute values are
//!   quoted (`"…"`, `'…'`, no `<` inside), unquoted (SGML) or absent.
//! - `&amp; &lt; &gt; &quot; &apos;` (in any case: `&AMP;`), decimal and
//!   hexadecimal references, and a few HTML ones common in RTL text
//!   (`&nbsp; &lrm; &rlm; &zwnj; &zwj; &shy;`, quotes and dashes) are one
//!   [`Piece::Char`] each. Any other `&` (no `;`, an unknown name, a
//!   control character) stays text, verbatim.
//! - Comments, processing instructions and declarations are dropped;
//!   CDATA is text, without references.
//! - End tags that close nothing open are ignored; one that closes an
//!   element further out closes the ones inside it; `<p>` closes an open
//!   `<p>`; `br`, `lb`, `hr`, `img`, `pb`, `cb`, `wbr`, `milestone` are
//!   always empty.
//!
//! # Documents
//!
//! The document element is the one named (case-insensitively, by its
//! local name unless the name given has a prefix), else the most preferred
//! of `TEI`, `doc`, `article`, `record`, `item`, `document`, `entry` (in
//! that order) that occurs anywhere in the file: a TEI corpus is read by
//! `TEI` though it holds `item`s, an RSS feed by `item`. Documents do not
//! nest: a document element that starts inside another means the first
//! was never closed, so the first is an error (`Err` at its offset) and
//! the second is read; so is one the input ends inside. Nothing else is an
//! error. When no document element occurs, the whole file after its
//! prolog (declarations, comments, whitespace, a BOM) is one document,
//! with a warning: its root element if it has a single one, else all of it.
//!
//! In a document:
//!
//! - **Text**: the first child `text`; else a `text` inside a child `body`
//!   or `content`; else the first child `body`, `content`, `encoded`
//!   (RSS `content:encoded`), `description`, `summary`. Without one, the
//!   document's whole content less its title, id and metadata elements.
//! - **Title**: TEI: `teiHeader//titleStmt//title`. Else the first
//!   `headline`, `title`, `head`, `hl` or `h1` among the children (and the
//!   children of a `header`/`meta`/`metadata`/`info`/`docinfo`/`teiHeader`
//!   child, or of the child that holds the text), else a `title` attribute
//!   (pieces inside its value). One line: every break is a space.
//! - **Id**: attribute `id`, `docid`, `xml:id`; else child `DOCNO`,
//!   `docid` or `id` (trimmed).
//! - **Metadata** (lowercase keys, values with references decoded and
//!   whitespace collapsed, the first value of a key kept): every attribute
//!   of the document element but the id, `title` and `xmlns`, named by
//!   alias (`date`/`when` → `date`, `source`/`publisher` → `source`,
//!   `url`/`href`/`link` → `url`, `author`/`byline` → `author`,
//!   `xml:lang`/`lang` → `lang`) or else by itself lowercased (`type` →
//!   `type`); TEI: `titleStmt/author`, `publicationStmt//date` (its `when`,
//!   else its text), `publicationStmt/publisher` as `source`; then the
//!   children (as for the title) named `date`, `pubDate`, `DATE_TIME`,
//!   `datetime`, `published`, `updated` → `date`; `source`, `publisher` →
//!   `source`; `url`, `link` (text, else `href`) → `url`; `author`,
//!   `byline`, `creator` → `author`; `dateline` → `dateline`; `lang`,
//!   `language` → `lang`; and, when the text is in a container, any other
//!   child holding only text (`DOCTYPE`, `KEYWORD`, `guid`…) by its own
//!   name. Gigaword's `DATELINE` is thus metadata, not text. Last, the text
//!   container's `xml:lang`/`lang` if no `lang` was found. The source is
//!   never guessed from an id prefix (`AFP_ARB_…`).
//! - **Breaks**: `p`, `div`, `head`, `item`, `list`, `lg`, `ab`, `li`,
//!   `table`, `tr`, `h1`…`h6`, `blockquote`, `section` and the like are
//!   paragraphs (`Gap("\n\n")` between them); `br`, `lb` and a verse line
//!   `l` are line breaks (`Gap("\n")`); a sentence `s` and table cells are
//!   separated by a space; other tags are dropped, their text kept with no
//!   space added. In text itself a run of whitespace holding a blank line
//!   (two or more line ends) is a paragraph break, any other run a space
//!   (so the hard-wrapped lines of newswire flow, and a blank line between
//!   them separates paragraphs); a single space between words stays in its
//!   [`Piece::Copy`], other runs are `Gap(" ")`. No leading or trailing
//!   whitespace. `script` and `style` are dropped with their content.
//!
//! # Limits
//!
//! - Markup inside CDATA or escaped (`&lt;p&gt;`, as RSS descriptions
//!   often carry HTML) is text. DTD entities other than the ones above are
//!   not expanded; a reference to whitespace (`&#10;`) is a space.
//! - Tag names are ASCII; `a<b c>` in SGML text is a tag (there is no
//!   telling).
//! - Tokens written one per line (vertical formats) or `<w>` elements with
//!   no whitespace between them come out as they are written: one
//!   paragraph of tokens, or words run together.
//! - An end tag looks at most 256 open elements down for its start tag.
//! - One document's elements are held in memory (about 130 bytes each), so
//!   a whole-file document with millions of tags is costly.
//! - [`extract_at`] with no element named cannot see the rest of the file:
//!   it takes a candidate element at the offset as a document unless it
//!   holds a more preferred candidate; nor can it tell a start tag that
//!   [`extract`] saw inside a comment or attribute value.

use std::ops::Range;

use super::extract::{Extracted, Piece};

/// Document element names tried when none is given, most preferred first
/// (lowercase local names).
const CANDIDATES: [&str; 7] = [
    "tei", "doc", "article", "record", "item", "document", "entry",
];

/// Text container names, most preferred first.
const CONTAINERS: [&str; 6] = [
    "text",
    "body",
    "content",
    "encoded",
    "description",
    "summary",
];

/// Title element names.
const TITLES: [&str; 5] = ["headline", "title", "head", "hl", "h1"];

/// Id element names.
const IDS: [&str; 3] = ["docno", "docid", "id"];

/// Children whose own children are looked at for the title and metadata.
const WRAPPERS: [&str; 6] = ["header", "meta", "metadata", "info", "docinfo", "teiheader"];

/// Paragraph elements.
const BLOCKS: [&str; 39] = [
    "p",
    "div",
    "head",
    "item",
    "list",
    "lg",
    "ab",
    "sp",
    "table",
    "tr",
    "row",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "text",
    "body",
    "front",
    "back",
    "figure",
    "caption",
    "pre",
    "address",
    "center",
    "u",
    "turn",
    "post",
    "para",
];

/// Element names read as metadata wherever the text is, and their keys.
const META_KEYS: [(&str, &str); 19] = [
    ("date", "date"),
    ("pubdate", "date"),
    ("date_time", "date"),
    ("datetime", "date"),
    ("published", "date"),
    ("updated", "date"),
    ("source", "source"),
    ("publisher", "source"),
    ("url", "url"),
    ("link", "url"),
    ("author", "author"),
    ("byline", "author"),
    ("creator", "author"),
    ("dateline", "dateline"),
    ("lang", "lang"),
    ("language", "lang"),
    ("docno", "docno"),
    ("docid", "docid"),
    ("id", "id"),
];

/// Attribute names read under another key.
const ATTR_KEYS: [(&str, &str); 11] = [
    ("date", "date"),
    ("when", "date"),
    ("source", "source"),
    ("publisher", "source"),
    ("url", "url"),
    ("href", "url"),
    ("link", "url"),
    ("author", "author"),
    ("byline", "author"),
    ("xml:lang", "lang"),
    ("lang", "lang"),
];

/// Named references other than the five of XML (case-sensitive, as in
/// HTML).
const HTML_REFS: [(&str, char); 21] = [
    ("nbsp", '\u{a0}'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("shy", '\u{ad}'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("deg", '°'),
    ("times", '×'),
];

/// Longest reference (`&…;`) looked at, in bytes.
const MAX_REF: usize = 40;

/// How far down the open elements an end tag looks for its start tag.
const MAX_UNWIND: usize = 256;

/// Most metadata fields kept for one document.
const MAX_META: usize = 64;

/// No node.
const NONE: usize = usize::MAX;

/// Calls `each` for every document of `input` (a whole decoded file), in
/// order: `Ok` with the document, or `Err` with the byte offset of a
/// document element that is never closed and a message (that document is
/// skipped, the others kept). `element` names the document element
/// (case-insensitively; `<doc>` and `doc` alike); `None` or an empty name
/// guesses it (see the module doc). Returns warnings about the file as a
/// whole (no document elements found: the whole file is one document).
pub(crate) fn extract(
    input: &str,
    element: Option<&str>,
    each: &mut dyn FnMut(Result<Extracted, (usize, String)>),
) -> Vec<String> {
    let mut warnings = Vec::new();
    let b = input.as_bytes();
    let target = match element.map(clean_name).filter(|e| !e.is_empty()) {
        Some(e) => Target::named(e),
        None => match guess(b, 0) {
            Some(r) => Target::guess(r),
            None => {
                whole_file(
                    input,
                    each,
                    &mut warnings,
                    "no document elements (TEI, doc, article, record, item, document, entry)",
                );
                return warnings;
            }
        },
    };
    let mut sc = Scanner::new(b, 0);
    let mut found = false;
    let mut queued: Option<Tok> = None;
    while let Some(tok) = queued.take().or_else(|| sc.next()) {
        let Tok::Start {
            start,
            name_end,
            end,
            empty,
        } = tok
        else {
            continue;
        };
        if !target.matches(slice(b, start + 1, name_end)) {
            continue;
        }
        found = true;
        let (outcome, next) = read_doc(input, &mut sc, (start, name_end, end, empty), &target);
        queued = next;
        match outcome {
            Outcome::Done(doc) => each(Ok(doc)),
            Outcome::Unclosed(message) => each(Err((start, message))),
            Outcome::Refused => {}
        }
    }
    if !found {
        let what = format!("no <{}> elements", String::from_utf8_lossy(target.name));
        whole_file(input, each, &mut warnings, &what);
    }
    warnings
}

/// The document whose start tag begins at byte `at` of `input` (which may
/// be any part of the file that starts before `at` and ends after the
/// document): the same as [`extract`] gave for it. `None` when no document
/// element starts exactly there or it is never closed. When the file has
/// no document elements, `at` is where the whole-file document starts.
pub(crate) fn extract_at(input: &str, at: usize, element: Option<&str>) -> Option<Extracted> {
    let b = input.as_bytes();
    if at >= b.len() || !input.is_char_boundary(at) {
        return None;
    }
    let named = element
        .map(clean_name)
        .filter(|e| !e.is_empty())
        .map(Target::named);
    let mut sc = Scanner::new(b, at);
    if let Some(Tok::Start {
        start,
        name_end,
        end,
        empty,
    }) = sc.next()
        && start == at
    {
        let name = slice(b, start + 1, name_end);
        let target = match &named {
            Some(t) => t.matches(name).then_some(*t),
            None => rank(name).map(Target::guess),
        };
        if let Some(target) = target {
            return match read_doc(input, &mut sc, (start, name_end, end, empty), &target).0 {
                Outcome::Done(doc) => Some(doc),
                _ => None,
            };
        }
    }
    let none = match &named {
        Some(t) => !Scanner::new(b, at).any(|tok| match tok {
            Tok::Start {
                start, name_end, ..
            } => t.matches(slice(b, start + 1, name_end)),
            _ => false,
        }),
        None => guess(b, at).is_none(),
    };
    if !none {
        return None;
    }
    whole(input, at).filter(|d| d.span.start == at)
}

/// An element name as given by a user: trimmed, without `<` `>`.
fn clean_name(e: &str) -> &str {
    e.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
}

/// Hands the whole file to `each` as one document, with a warning that
/// `what` were found.
fn whole_file(
    input: &str,
    each: &mut dyn FnMut(Result<Extracted, (usize, String)>),
    warnings: &mut Vec<String>,
    what: &str,
) {
    match whole(input, 0) {
        Some(doc) => {
            warnings.push(format!("{what} found; the whole file is one document"));
            each(Ok(doc));
        }
        None => warnings.push(format!("{what} found, and the file has no content")),
    }
}

// ---------------------------------------------------------------------------
// Names

/// Markup whitespace.
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// Whether `c` may begin a tag name.
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':'
}

/// Whether `c` may be in a tag name.
fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'-')
}

/// `b[a..z]`, empty when out of range.
fn slice(b: &[u8], a: usize, z: usize) -> &[u8] {
    b.get(a..z).unwrap_or_default()
}

/// A name without its prefix (`tei:TEI` → `TEI`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&c| c == b':') {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

/// `name` is `lower`, in any case.
fn is(name: &[u8], lower: &str) -> bool {
    name.eq_ignore_ascii_case(lower.as_bytes())
}

/// `name` is one of `list`, in any case.
fn is_any(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|l| is(name, l))
}

/// The preference of `name` as a document element (0 best), if it is a
/// candidate.
fn rank(name: &[u8]) -> Option<usize> {
    let l = local(name);
    CANDIDATES.iter().position(|c| is(l, c))
}

/// The most preferred candidate document element that starts at or after
/// `from`.
fn guess(b: &[u8], from: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for tok in Scanner::new(b, from) {
        if let Tok::Start {
            start, name_end, ..
        } = tok
            && let Some(r) = rank(slice(b, start + 1, name_end))
            && best.is_none_or(|x| r < x)
        {
            best = Some(r);
            if r == 0 {
                break;
            }
        }
    }
    best
}

/// The document element looked for.
#[derive(Clone, Copy, Debug)]
struct Target<'t> {
    /// Its name.
    name: &'t [u8],
    /// Whether a prefixed name matches by its local part.
    local: bool,
    /// Its rank among the candidates, when guessed: a document holding a
    /// more preferred candidate is not one.
    rank: Option<usize>,
}

impl<'t> Target<'t> {
    /// The element named `name`.
    fn named(name: &'t str) -> Self {
        Target {
            name: name.as_bytes(),
            local: !name.contains(':'),
            rank: None,
        }
    }

    /// The candidate of rank `r`.
    fn guess(r: usize) -> Self {
        let name = CANDIDATES.get(r).copied().unwrap_or("doc");
        Target {
            name: name.as_bytes(),
            local: true,
            rank: Some(r),
        }
    }

    /// Whether an element named `name` is a document.
    fn matches(&self, name: &[u8]) -> bool {
        name.eq_ignore_ascii_case(self.name)
            || (self.local && local(name).eq_ignore_ascii_case(self.name))
    }
}

// ---------------------------------------------------------------------------
// Scanner

/// One token of markup or text; positions are byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// Text `.0..1` (it may hold `<` that begin no markup).
    Text(usize, usize),
    /// A start tag at `start..end`, its name `start + 1..name_end`, `empty`
    /// when it ends `/>`.
    Start {
        /// Where its `<` is.
        start: usize,
        /// Where its name ends.
        name_end: usize,
        /// After its `>`.
        end: usize,
        /// Whether it ends `/>`.
        empty: bool,
    },
    /// An end tag at `start..end`, its name `start + 2..name_end`.
    End {
        /// Where its `<` is.
        start: usize,
        /// Where its name ends.
        name_end: usize,
        /// After its `>`.
        end: usize,
    },
    /// A CDATA section `<![CDATA[…]]>` at `.0..1`.
    CData(usize, usize),
    /// A comment, processing instruction or declaration at `.0..1`.
    Other(usize, usize),
}

impl Tok {
    /// Where the token ends.
    fn end(self) -> usize {
        match self {
            Tok::Text(_, z) | Tok::CData(_, z) | Tok::Other(_, z) => z,
            Tok::Start { end, .. } | Tok::End { end, .. } => end,
        }
    }

    /// Where the token starts.
    fn start(self) -> usize {
        match self {
            Tok::Text(a, _) | Tok::CData(a, _) | Tok::Other(a, _) => a,
            Tok::Start { start, .. } | Tok::End { start, .. } => start,
        }
    }
}

/// The tokens of an input from some offset on.
struct Scanner<'a> {
    /// The input.
    b: &'a [u8],
    /// Where the next token starts (after `queued`).
    pos: usize,
    /// A token found after the text just returned.
    queued: Option<Tok>,
    /// Where from `-->` is known not to occur.
    no_comment_end: usize,
    /// Where from `]]>` is known not to occur.
    no_cdata_end: usize,
    /// Where from `?>` is known not to occur.
    no_pi_end: usize,
    /// Where from `]` and `>` are known not to occur.
    no_subset_end: usize,
}

impl<'a> Scanner<'a> {
    /// Tokens of `b` from `from`.
    fn new(b: &'a [u8], from: usize) -> Self {
        Scanner {
            b,
            pos: from,
            queued: None,
            no_comment_end: usize::MAX,
            no_cdata_end: usize::MAX,
            no_pi_end: usize::MAX,
            no_subset_end: usize::MAX,
        }
    }

    /// The markup that begins with the `<` at `p`, if any.
    fn markup(&mut self, p: usize) -> Option<Tok> {
        let b = self.b;
        let rest = b.get(p..)?;
        match *rest.get(1)? {
            b'!' => {
                if rest.starts_with(b"<!--") {
                    let e = search(b, p + 4, b"-->", &mut self.no_comment_end)?;
                    Some(Tok::Other(p, e + 3))
                } else if rest.starts_with(b"<![CDATA[") {
                    let e = search(b, p + 9, b"]]>", &mut self.no_cdata_end)?;
                    Some(Tok::CData(p, e + 3))
                } else if rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                    self.declaration(p)
                } else {
                    None
                }
            }
            b'?' => {
                let e = search(b, p + 2, b"?>", &mut self.no_pi_end)?;
                Some(Tok::Other(p, e + 2))
            }
            b'/' => {
                let (name_end, end) = end_tag(b, p)?;
                Some(Tok::End {
                    start: p,
                    name_end,
                    end,
                })
            }
            c if is_name_start(c) => {
                let (name_end, end, empty) = start_tag(b, p, None)?;
                Some(Tok::Start {
                    start: p,
                    name_end,
                    end,
                    empty,
                })
            }
            _ => None,
        }
    }

    /// A declaration (`<!DOCTYPE …>`, with an internal subset `[…]`).
    fn declaration(&mut self, p: usize) -> Option<Tok> {
        let b = self.b;
        let mut i = p + 2;
        loop {
            match *b.get(i)? {
                b'>' => return Some(Tok::Other(p, i + 1)),
                b'<' => return None,
                b'[' => return Some(Tok::Other(p, self.subset_end(i + 1)?)),
                _ => i += 1,
            }
        }
    }

    /// After the `]` `>` that ends an internal subset begun before `from`.
    fn subset_end(&mut self, from: usize) -> Option<usize> {
        if from >= self.no_subset_end {
            return None;
        }
        let b = self.b;
        let mut j = from;
        while let Some(k) = find_byte(b, j, b']') {
            let mut m = k + 1;
            while b.get(m).is_some_and(|&c| is_ws(c)) {
                m += 1;
            }
            if b.get(m) == Some(&b'>') {
                return Some(m + 1);
            }
            j = k + 1;
        }
        self.no_subset_end = from;
        None
    }
}

impl Iterator for Scanner<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        if let Some(t) = self.queued.take() {
            return Some(t);
        }
        let start = self.pos;
        let len = self.b.len();
        if start >= len {
            return None;
        }
        let mut from = start;
        while let Some(lt) = find_byte(self.b, from, b'<') {
            if let Some(t) = self.markup(lt) {
                self.pos = t.end();
                if lt > start {
                    self.queued = Some(t);
                    return Some(Tok::Text(start, lt));
                }
                return Some(t);
            }
            from = lt + 1;
        }
        self.pos = len;
        Some(Tok::Text(start, len))
    }
}

/// The first `c` in `b` at or after `from`.
fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|i| from + i)
}

/// The first `pat` in `b` at or after `from`, remembering in `memo` where
/// from it is known to be absent (so that searching again is free).
fn search(b: &[u8], from: usize, pat: &[u8], memo: &mut usize) -> Option<usize> {
    if from >= *memo {
        return None;
    }
    let hay = b.get(from..).unwrap_or_default();
    let found = if hay.len() < pat.len() {
        None
    } else {
        hay.windows(pat.len())
            .position(|w| w == pat)
            .map(|i| from + i)
    };
    if found.is_none() {
        *memo = from;
    }
    found
}

/// One attribute: name and value (inside its quotes; empty, at the name's
/// end, for an attribute without a value).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attr {
    /// The name.
    name: Range<usize>,
    /// The value as written.
    value: Range<usize>,
}

/// The start tag at `p` (`<` then a name start): where its name ends,
/// where it ends (after `>`), and whether it ends `/>`; its attributes go
/// to `attrs`. `None` when it is not a tag: a `<` or the end of the input
/// comes before its `>`, or inside a quoted value.
fn start_tag(
    b: &[u8],
    p: usize,
    mut attrs: Option<&mut Vec<Attr>>,
) -> Option<(usize, usize, bool)> {
    if !b.get(p + 1).is_some_and(|&c| is_name_start(c)) {
        return None;
    }
    let mut i = p + 1;
    while b.get(i).is_some_and(|&c| is_name_char(c)) {
        i += 1;
    }
    let name_end = i;
    loop {
        while b.get(i).is_some_and(|&c| is_ws(c)) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((name_end, i + 1, false)),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some((name_end, i + 2, true)),
            b'<' => return None,
            b'/' | b'=' => i += 1,
            b'"' | b'\'' => i = quoted_end(b, i)?,
            _ => {
                let n0 = i;
                while b.get(i).is_some_and(|&c| {
                    !is_ws(c) && !matches!(c, b'=' | b'>' | b'<' | b'/' | b'"' | b'\'')
                }) {
                    i += 1;
                }
                let n1 = i;
                let mut j = i;
                while b.get(j).is_some_and(|&c| is_ws(c)) {
                    j += 1;
                }
                let value = if b.get(j) == Some(&b'=') {
                    j += 1;
                    while b.get(j).is_some_and(|&c| is_ws(c)) {
                        j += 1;
                    }
                    match *b.get(j)? {
                        b'"' | b'\'' => {
                            let e = quoted_end(b, j)?;
                            i = e;
                            j + 1..e - 1
                        }
                        b'>' | b'<' => {
                            i = j;
                            j..j
                        }
                        _ => {
                            let v0 = j;
                            while b
                                .get(j)
                                .is_some_and(|&c| !is_ws(c) && c != b'>' && c != b'<')
                            {
                                j += 1;
                            }
                            i = j;
                            v0..j
                        }
                    }
                } else {
                    n1..n1
                };
                if let Some(a) = attrs.as_deref_mut() {
                    a.push(Attr {
                        name: n0..n1,
                        value,
                    });
                }
            }
        }
    }
}

/// After the quote that closes the one at `q`; `None` when a `<` or the
/// end of the input comes first.
fn quoted_end(b: &[u8], q: usize) -> Option<usize> {
    let quote = *b.get(q)?;
    let mut i = q + 1;
    loop {
        match *b.get(i)? {
            c if c == quote => return Some(i + 1),
            b'<' => return None,
            _ => i += 1,
        }
    }
}

/// The end tag at `p` (`</`): where its name ends and where it ends.
fn end_tag(b: &[u8], p: usize) -> Option<(usize, usize)> {
    let mut i = p + 2;
    if !b.get(i).is_some_and(|&c| is_name_start(c)) {
        return None;
    }
    while b.get(i).is_some_and(|&c| is_name_char(c)) {
        i += 1;
    }
    let name_end = i;
    loop {
        match *b.get(i)? {
            b'>' => return Some((name_end, i + 1)),
            b'<' => return None,
            _ => i += 1,
        }
    }
}

/// The attributes of the start tag at `p`.
fn attrs_of(b: &[u8], p: usize) -> Vec<Attr> {
    let mut v = Vec::new();
    if b.get(p) == Some(&b'<') {
        let _ = start_tag(b, p, Some(&mut v));
    }
    v
}

/// The first attribute of `attrs` named `name` (any case).
fn attr<'v>(b: &[u8], attrs: &'v [Attr], name: &str) -> Option<&'v Attr> {
    attrs
        .iter()
        .find(|a| is(slice(b, a.name.start, a.name.end), name))
}

// ---------------------------------------------------------------------------
// Tree

/// How an element's tags bear on the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// No break.
    Inline,
    /// A paragraph.
    Block,
    /// A line break (empty).
    Line,
    /// A line of verse: a line break before and after.
    Verse,
    /// A sentence or a cell: a space before and after.
    Word,
    /// Dropped with its content.
    Skip,
}

/// An element's class, and whether it is always empty, by its name.
fn class_of(name: &[u8]) -> (Class, bool) {
    let l = local(name);
    if is_any(l, &["br", "lb"]) {
        (Class::Line, true)
    } else if is(l, "hr") {
        (Class::Block, true)
    } else if is_any(l, &["img", "pb", "cb", "wbr", "milestone"]) {
        (Class::Inline, true)
    } else if is(l, "l") {
        (Class::Verse, false)
    } else if is_any(l, &["s", "td", "th", "cell"]) {
        (Class::Word, false)
    } else if is_any(l, &["script", "style"]) {
        (Class::Skip, false)
    } else if is_any(l, &BLOCKS) || is_numbered_div(l) {
        (Class::Block, false)
    } else {
        (Class::Inline, false)
    }
}

/// TEI's `div1`…`div7`.
fn is_numbered_div(l: &[u8]) -> bool {
    l.len() == 4
        && l.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(b"div"))
        && l.get(3).is_some_and(u8::is_ascii_digit)
}

/// One element of a document.
#[derive(Clone, Debug)]
struct Node {
    /// Its start tag (empty for the root of a whole file).
    tag: Range<usize>,
    /// Where its name ends (it starts after the `<`).
    name_end: usize,
    /// Its parent, `NONE` for the root.
    parent: usize,
    /// Its first child element.
    first_child: usize,
    /// Its last child element.
    last_child: usize,
    /// Its next sibling element.
    next: usize,
    /// Index of its `Open` event.
    open_ev: usize,
    /// Index of its `Close` event.
    close_ev: usize,
    /// Where its content ends.
    end: usize,
    /// After its own end tag, when one closed it.
    closed_at: Option<usize>,
    /// Its class.
    class: Class,
    /// Whether it has no child elements.
    leaf: bool,
    /// Whether it is left out of the text.
    skip: bool,
}

/// What a document holds, in order.
#[derive(Clone, Copy, Debug)]
enum Ev {
    /// An element begins.
    Open(usize),
    /// An element ends.
    Close(usize),
    /// Text `.0..1`.
    Text(usize, usize),
    /// CDATA content `.0..1`.
    CData(usize, usize),
}

/// One document's elements and events.
struct Tree {
    /// Elements; 0 is the document element (or a whole file's root).
    nodes: Vec<Node>,
    /// Events in input order.
    evs: Vec<Ev>,
    /// Open elements, outermost first.
    stack: Vec<usize>,
    /// After the last token that is not blank text.
    last: usize,
    /// Whether the root holds text directly (not blank).
    root_text: bool,
}

impl Tree {
    /// A tree whose root has the start tag `tag`.
    fn new(tag: Range<usize>, name_end: usize, class: Class) -> Self {
        let end = tag.end;
        let root = Node {
            tag,
            name_end,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            open_ev: 0,
            close_ev: NONE,
            end,
            closed_at: None,
            class,
            leaf: true,
            skip: false,
        };
        Tree {
            nodes: vec![root],
            evs: vec![Ev::Open(0)],
            stack: vec![0],
            last: end,
            root_text: false,
        }
    }

    /// The node `n`, if any.
    fn node(&self, n: usize) -> Option<&Node> {
        self.nodes.get(n)
    }

    /// The name of element `n`.
    fn name<'b>(&self, b: &'b [u8], n: usize) -> &'b [u8] {
        self.node(n)
            .map_or(&[], |x| slice(b, x.tag.start + 1, x.name_end))
    }

    /// The local name of element `n`.
    fn local<'b>(&self, b: &'b [u8], n: usize) -> &'b [u8] {
        local(self.name(b, n))
    }

    /// The child elements of `n`, in order.
    fn children(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut c = self.node(n).map_or(NONE, |x| x.first_child);
        while let Some(x) = self.node(c) {
            out.push(c);
            c = x.next;
        }
        out
    }

    /// The first element inside `n` (in input order) whose local name is
    /// `lname`.
    fn find(&self, b: &[u8], n: usize, lname: &str) -> Option<usize> {
        let x = self.node(n)?;
        let evs = self
            .evs
            .get(x.open_ev + 1..x.close_ev.min(self.evs.len()))?;
        evs.iter().find_map(|e| match *e {
            Ev::Open(k) if is(self.local(b, k), lname) => Some(k),
            _ => None,
        })
    }

    /// A start tag.
    fn start(&mut self, b: &[u8], start: usize, name_end: usize, end: usize, empty: bool) {
        let name = slice(b, start + 1, name_end);
        let (class, void) = class_of(name);
        if is(local(name), "p")
            && let Some(&top) = self.stack.last()
            && top != 0
            && is(self.local(b, top), "p")
        {
            self.close_top(start, None);
        }
        let parent = self.stack.last().copied().unwrap_or(0);
        let n = self.nodes.len();
        self.nodes.push(Node {
            tag: start..end,
            name_end,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            open_ev: self.evs.len(),
            close_ev: NONE,
            end,
            closed_at: None,
            class,
            leaf: true,
            skip: false,
        });
        let prev = self.nodes.get(parent).map_or(NONE, |p| p.last_child);
        if let Some(p) = self.nodes.get_mut(prev) {
            p.next = n;
        }
        if let Some(p) = self.nodes.get_mut(parent) {
            if p.first_child == NONE {
                p.first_child = n;
            }
            p.last_child = n;
            p.leaf = false;
        }
        self.evs.push(Ev::Open(n));
        if empty || void {
            let ev = self.evs.len();
            if let Some(x) = self.nodes.get_mut(n) {
                x.close_ev = ev;
            }
            self.evs.push(Ev::Close(n));
        } else {
            self.stack.push(n);
        }
        self.last = end;
    }

    /// Closes the innermost open element at `at`.
    fn close_top(&mut self, at: usize, closed_at: Option<usize>) {
        if let Some(n) = self.stack.pop() {
            let ev = self.evs.len();
            if let Some(x) = self.nodes.get_mut(n) {
                x.close_ev = ev;
                x.end = at;
                x.closed_at = closed_at;
            }
            self.evs.push(Ev::Close(n));
        }
    }

    /// An end tag (not the document's): closes the innermost open element
    /// of its name and those inside it, or nothing.
    fn end_tag(&mut self, b: &[u8], start: usize, name_end: usize, end: usize) {
        let name = slice(b, start + 2, name_end);
        let depth = self.stack.len();
        let found = (1..depth).rev().take(MAX_UNWIND).find(|&k| {
            self.stack
                .get(k)
                .is_some_and(|&n| self.name(b, n).eq_ignore_ascii_case(name))
        });
        if let Some(k) = found {
            while self.stack.len() > k + 1 {
                self.close_top(start, None);
            }
            self.close_top(start, Some(end));
        }
        self.last = end;
    }

    /// Text.
    fn text(&mut self, b: &[u8], a: usize, z: usize) {
        if a >= z {
            return;
        }
        if slice(b, a, z).iter().any(|&c| !is_ws(c)) {
            self.last = z;
            if self.stack.len() == 1 {
                self.root_text = true;
            }
        }
        self.evs.push(Ev::Text(a, z));
    }

    /// A CDATA section at `a..z`.
    fn cdata(&mut self, a: usize, z: usize) {
        if self.stack.len() == 1 {
            self.root_text = true;
        }
        self.last = z;
        self.evs
            .push(Ev::CData(a + 9, z.saturating_sub(3).max(a + 9)));
    }

    /// Closes everything at `at`, the root closed by an end tag ending at
    /// `closed_at` if any.
    fn finish(&mut self, at: usize, closed_at: Option<usize>) {
        while self.stack.len() > 1 {
            self.close_top(at, None);
        }
        self.close_top(at, closed_at);
    }

    /// Adds the text of element `n` (its content) to `out`.
    fn walk(&self, b: &[u8], n: usize, out: &mut Out) {
        let Some(x) = self.node(n) else { return };
        let stop = x.close_ev.min(self.evs.len());
        let mut i = x.open_ev + 1;
        while i < stop {
            match self.evs.get(i) {
                Some(&Ev::Open(k)) => {
                    let Some(y) = self.node(k) else { break };
                    if y.skip || y.class == Class::Skip {
                        i = y.close_ev.max(i + 1);
                        continue;
                    }
                    match y.class {
                        Class::Block => out.sep(Sep::Para, y.tag.start),
                        Class::Line | Class::Verse => out.sep(Sep::Line, y.tag.start),
                        Class::Word => out.sep(Sep::Space, y.tag.start),
                        Class::Inline | Class::Skip => {}
                    }
                }
                Some(&Ev::Close(k)) => {
                    let Some(y) = self.node(k) else { break };
                    match y.class {
                        Class::Block => out.sep(Sep::Para, y.end),
                        Class::Verse => out.sep(Sep::Line, y.end),
                        Class::Word => out.sep(Sep::Space, y.end),
                        Class::Line | Class::Inline | Class::Skip => {}
                    }
                }
                Some(&Ev::Text(a, z)) => out.text(b, a, z, true),
                Some(&Ev::CData(a, z)) => out.text(b, a, z, false),
                None => break,
            }
            i += 1;
        }
    }

    /// The text of element `n` as pieces.
    fn pieces(&self, b: &[u8], n: usize, one_line: bool) -> Vec<Piece> {
        let mut out = Out::new(one_line);
        self.walk(b, n, &mut out);
        out.pieces
    }

    /// The text of element `n` on one line.
    fn string(&self, s: &str, n: usize) -> String {
        render(s, &self.pieces(s.as_bytes(), n, true))
    }
}

// ---------------------------------------------------------------------------
// Text

/// A break between two pieces of text, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    /// None.
    None,
    /// A space.
    Space,
    /// A line break.
    Line,
    /// A paragraph break.
    Para,
}

/// Pieces of text being gathered, whitespace collapsed.
struct Out {
    /// The pieces so far.
    pieces: Vec<Piece>,
    /// The break owed before the next piece.
    sep: Sep,
    /// Where that break is.
    at: usize,
    /// Whether every break is a space.
    one_line: bool,
}

impl Out {
    /// Nothing yet.
    fn new(one_line: bool) -> Self {
        Out {
            pieces: Vec::new(),
            sep: Sep::None,
            at: 0,
            one_line,
        }
    }

    /// A break of kind `k` at `at` (dropped at the start; the strongest of
    /// several kept).
    fn sep(&mut self, k: Sep, at: usize) {
        let k = if self.one_line { k.min(Sep::Space) } else { k };
        if !self.pieces.is_empty() && k > self.sep {
            self.sep = k;
            self.at = at;
        }
    }

    /// Writes out the break owed.
    fn flush(&mut self) {
        let gap = match self.sep {
            Sep::None => return,
            Sep::Space => " ",
            Sep::Line => "\n",
            Sep::Para => "\n\n",
        };
        self.pieces.push(Piece::Gap(gap, self.at));
        self.sep = Sep::None;
    }

    /// Input `a..z`, verbatim.
    fn copy(&mut self, a: usize, z: usize) {
        if a >= z {
            return;
        }
        self.flush();
        if let Some(Piece::Copy(r)) = self.pieces.last_mut()
            && r.end == a
        {
            r.end = z;
            return;
        }
        self.pieces.push(Piece::Copy(a..z));
    }

    /// `c`, standing for input `a..z`.
    fn char(&mut self, c: char, a: usize, z: usize) {
        self.flush();
        self.pieces.push(Piece::Char(c, a..z));
    }

    /// The text `b[a..z]`: whitespace runs to breaks, references (when
    /// `refs`) to characters.
    fn text(&mut self, b: &[u8], a: usize, z: usize, refs: bool) {
        let z = z.min(b.len());
        let mut i = a;
        let mut seg: Option<usize> = None;
        while i < z {
            let Some(&c) = b.get(i) else { break };
            if is_ws(c) {
                let mut j = i;
                let mut lines = 0;
                while j < z
                    && let Some(&w) = b.get(j)
                    && is_ws(w)
                {
                    if w == b'\n' || (w == b'\r' && b.get(j + 1) != Some(&b'\n')) {
                        lines += 1;
                    }
                    j += 1;
                }
                if c == b' ' && j == i + 1 && seg.is_some() && j < z {
                    i = j;
                    continue;
                }
                if let Some(s0) = seg.take() {
                    self.copy(s0, i);
                }
                self.sep(if lines >= 2 { Sep::Para } else { Sep::Space }, i);
                i = j;
            } else if c == b'&'
                && refs
                && let Some((ch, len)) = reference(slice(b, i, z))
            {
                if let Some(s0) = seg.take() {
                    self.copy(s0, i);
                }
                if ch.is_ascii_whitespace() {
                    self.sep(Sep::Space, i);
                } else {
                    self.char(ch, i, i + len);
                }
                i += len;
            } else {
                if seg.is_none() {
                    seg = Some(i);
                }
                i += 1;
            }
        }
        if let Some(s0) = seg {
            self.copy(s0, z);
        }
    }
}

/// The reference at the start of `rest` (which starts with `&`): the
/// character and the reference's length.
fn reference(rest: &[u8]) -> Option<(char, usize)> {
    let lim = rest.len().min(MAX_REF);
    let semi = rest.get(1..lim)?.iter().position(|&c| c == b';')? + 1;
    let body = rest.get(1..semi)?;
    let c = if let Some(num) = body.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (num.get(1..)?, 16),
            _ => (num, 10),
        };
        let ok = if radix == 16 {
            u8::is_ascii_hexdigit
        } else {
            u8::is_ascii_digit
        };
        if digits.is_empty() || digits.len() > 8 || !digits.iter().all(ok) {
            return None;
        }
        let v = u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()?;
        let c = char::from_u32(v)?;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return None;
        }
        c
    } else {
        let xml = [
            ("amp", '&'),
            ("lt", '<'),
            ("gt", '>'),
            ("quot", '"'),
            ("apos", '\''),
        ];
        match xml.iter().find(|(n, _)| is(body, n)) {
            Some(&(_, c)) => c,
            None => HTML_REFS.iter().find(|(n, _)| n.as_bytes() == body)?.1,
        }
    };
    Some((c, semi + 1))
}

/// The text of `pieces` of `s`.
fn render(s: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Copy(r) => out.push_str(s.get(r.clone()).unwrap_or_default()),
            Piece::Char(c, _) => out.push(*c),
            Piece::Gap(g, _) => out.push_str(g),
        }
    }
    out
}

/// An attribute value (`s[r]`) as pieces on one line.
fn value_pieces(s: &str, r: &Range<usize>) -> Vec<Piece> {
    let mut out = Out::new(true);
    out.text(s.as_bytes(), r.start, r.end, true);
    out.pieces
}

/// An attribute value as a string: references decoded, whitespace
/// collapsed and trimmed.
fn value(s: &str, r: &Range<usize>) -> String {
    render(s, &value_pieces(s, r))
}

// ---------------------------------------------------------------------------
// Documents

/// What came of a document element.
enum Outcome {
    /// Read.
    Done(Extracted),
    /// Never closed: why.
    Unclosed(String),
    /// Not a document after all (it holds a more preferred candidate).
    Refused,
}

/// Reads the document whose start tag (`start`, `name_end`, `end`,
/// `empty`) the scanner has just given, up to its end tag. Also returns
/// the start tag of the next document when it came first.
fn read_doc(
    s: &str,
    sc: &mut Scanner<'_>,
    (start, name_end, end, empty): (usize, usize, usize, bool),
    target: &Target<'_>,
) -> (Outcome, Option<Tok>) {
    let b = s.as_bytes();
    let written = String::from_utf8_lossy(slice(b, start + 1, name_end));
    let mut t = Tree::new(
        start..end,
        name_end,
        class_of(slice(b, start + 1, name_end)).0,
    );
    if empty {
        t.finish(end, None);
        return (Outcome::Done(analyze(s, &mut t, 0, start..end)), None);
    }
    for tok in sc.by_ref() {
        match tok {
            Tok::Start {
                start: a,
                name_end: ne,
                end: z,
                empty: em,
            } => {
                let name = slice(b, a + 1, ne);
                if target.matches(name) {
                    let why = format!(
                        "unclosed <{written}>: <{}> begins before </{written}>",
                        String::from_utf8_lossy(name)
                    );
                    return (Outcome::Unclosed(why), Some(tok));
                }
                if let Some(r) = target.rank
                    && rank(name).is_some_and(|q| q < r)
                {
                    return (Outcome::Refused, None);
                }
                t.start(b, a, ne, z, em);
            }
            Tok::End {
                start: a,
                name_end: ne,
                end: z,
            } => {
                if target.matches(slice(b, a + 2, ne)) {
                    t.finish(a, Some(z));
                    return (Outcome::Done(analyze(s, &mut t, 0, start..z)), None);
                }
                t.end_tag(b, a, ne, z);
            }
            Tok::Text(a, z) => t.text(b, a, z),
            Tok::CData(a, z) => t.cdata(a, z),
            Tok::Other(_, z) => t.last = z,
        }
    }
    let why = format!("unclosed <{written}>: the input ends before </{written}>");
    (Outcome::Unclosed(why), None)
}

/// The input from `from` to its end as one document, its prolog
/// (whitespace, a BOM, declarations, comments, processing instructions)
/// skipped; `None` when nothing is left.
fn whole(s: &str, from: usize) -> Option<Extracted> {
    let b = s.as_bytes();
    let mut sc = Scanner::new(b, from);
    let mut first = None;
    for tok in sc.by_ref() {
        match tok {
            Tok::Other(..) => {}
            Tok::Text(a, z) => {
                let mut i = a;
                while i < z {
                    if b.get(i).is_some_and(|&c| is_ws(c)) {
                        i += 1;
                    } else if slice(b, i, z).starts_with("\u{feff}".as_bytes()) {
                        i += 3;
                    } else {
                        break;
                    }
                }
                if i < z {
                    first = Some(Tok::Text(i, z));
                    break;
                }
            }
            t => {
                first = Some(t);
                break;
            }
        }
    }
    let first = first?;
    let c0 = first.start();
    let mut t = Tree::new(c0..c0, c0, Class::Block);
    for tok in std::iter::once(first).chain(sc) {
        match tok {
            Tok::Start {
                start,
                name_end,
                end,
                empty,
            } => t.start(b, start, name_end, end, empty),
            Tok::End {
                start,
                name_end,
                end,
            } => t.end_tag(b, start, name_end, end),
            Tok::Text(a, z) => t.text(b, a, z),
            Tok::CData(a, z) => t.cdata(a, z),
            Tok::Other(_, z) => t.last = z,
        }
    }
    let last = t.last;
    t.finish(last, None);
    let root = t.node(0)?;
    let only = root.first_child;
    let (d, span) = match t.node(only) {
        Some(x) if !t.root_text && root.last_child == only => {
            (only, x.tag.start..x.closed_at.unwrap_or(last))
        }
        _ => (0, c0..last),
    };
    Some(analyze(s, &mut t, d, span))
}

/// Metadata being gathered: the first value of a key kept.
struct Meta(Vec<(String, String)>);

impl Meta {
    /// `key` = `value`, unless `value` is empty or `key` is known.
    fn push(&mut self, key: &str, value: String) {
        if !value.is_empty() && self.0.len() < MAX_META && !self.has(key) {
            self.0.push((key.to_owned(), value));
        }
    }

    /// Whether `key` has a value.
    fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
}

/// The text container among the children `kids` of document element `d`.
fn container(t: &Tree, b: &[u8], kids: &[usize]) -> Option<usize> {
    let named = |c: usize, n: &str| is(t.local(b, c), n);
    if let Some(&c) = kids.iter().find(|&&c| named(c, "text")) {
        return Some(c);
    }
    for &c in kids {
        if (named(c, "body") || named(c, "content"))
            && let Some(g) = t.children(c).into_iter().find(|&g| named(g, "text"))
        {
            return Some(g);
        }
    }
    CONTAINERS
        .iter()
        .skip(1)
        .find_map(|n| kids.iter().copied().find(|&c| named(c, n)))
}

/// The value of metadata element `c` under `key`.
fn element_value(t: &Tree, s: &str, c: usize, key: &str) -> String {
    let b = s.as_bytes();
    let attrs = t
        .node(c)
        .map(|x| attrs_of(b, x.tag.start))
        .unwrap_or_default();
    if key == "date"
        && let Some(w) = attr(b, &attrs, "when")
    {
        let v = value(s, &w.value);
        if !v.is_empty() {
            return v;
        }
    }
    let v = t.string(s, c);
    if v.is_empty()
        && key == "url"
        && let Some(h) = attr(b, &attrs, "href")
    {
        return value(s, &h.value);
    }
    v
}

/// Document element `d` of `t` (which spans `span`) read: text, title, id,
/// metadata.
fn analyze(s: &str, t: &mut Tree, d: usize, span: Range<usize>) -> Extracted {
    let b = s.as_bytes();
    let kids = t.children(d);
    let text_el = container(t, b, &kids);
    let whole_content = text_el.is_none();

    // The children where title and metadata are looked for.
    let mut eligible = Vec::new();
    let mut wrappers = Vec::new();
    for &c in &kids {
        if Some(c) == text_el {
            continue;
        }
        let holds_text = text_el.is_some_and(|k| t.node(k).is_some_and(|x| x.parent == c));
        if is_any(t.local(b, c), &WRAPPERS) || holds_text {
            wrappers.push(c);
            eligible.extend(t.children(c).into_iter().filter(|&g| Some(g) != text_el));
        } else {
            eligible.push(c);
        }
    }

    let attrs = match t.node(d) {
        Some(x) if !x.tag.is_empty() => attrs_of(b, x.tag.start),
        _ => Vec::new(),
    };

    // Id.
    let mut id = None;
    let mut id_attr = None;
    for want in ["id", "docid", "xml:id"] {
        if let Some(a) = attr(b, &attrs, want) {
            let v = value(s, &a.value);
            if !v.is_empty() {
                id = Some(v);
                id_attr = Some(a.name.start);
                break;
            }
        }
    }
    let id_el = if id.is_none() {
        eligible
            .iter()
            .copied()
            .find(|&c| is_any(t.local(b, c), &IDS))
    } else {
        None
    };
    if let Some(c) = id_el {
        id = Some(t.string(s, c)).filter(|v| !v.is_empty());
    }

    // TEI header.
    let mut title_el = None;
    let mut tei = Vec::new();
    if is(local(t.name(b, d)), "tei")
        && let Some(&h) = kids.iter().find(|&&c| is(t.local(b, c), "teiheader"))
    {
        let stmt = t.find(b, h, "titlestmt");
        title_el = stmt.and_then(|x| t.find(b, x, "title"));
        if let Some(a) = stmt.and_then(|x| t.find(b, x, "author")) {
            tei.push(("author", element_value(t, s, a, "author")));
        }
        let publication = t.find(b, h, "publicationstmt");
        let date = publication
            .and_then(|x| t.find(b, x, "date"))
            .or_else(|| t.find(b, h, "date"));
        if let Some(x) = date {
            tei.push(("date", element_value(t, s, x, "date")));
        }
        if let Some(x) = publication.and_then(|x| t.find(b, x, "publisher")) {
            tei.push(("source", element_value(t, s, x, "source")));
        }
    }

    // Title.
    if title_el.is_none() {
        title_el = eligible
            .iter()
            .copied()
            .find(|&c| is_any(t.local(b, c), &TITLES));
    }
    let mut title = title_el
        .map(|c| t.pieces(b, c, true))
        .filter(|p| !p.is_empty());
    if title.is_none()
        && let Some(a) = attr(b, &attrs, "title")
    {
        title = Some(value_pieces(s, &a.value)).filter(|p| !p.is_empty());
    }

    // Metadata: attributes, TEI header, children, the container's language.
    let mut meta = Meta(Vec::new());
    for a in &attrs {
        if Some(a.name.start) == id_attr {
            continue;
        }
        let Some(name) = s.get(a.name.clone()) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if lower == "title" || lower == "xmlns" || lower.starts_with("xmlns:") {
            continue;
        }
        let key = ATTR_KEYS
            .iter()
            .find(|(n, _)| *n == lower)
            .map_or(lower.as_str(), |(_, k)| k);
        meta.push(key, value(s, &a.value));
    }
    for (k, v) in tei {
        meta.push(k, v);
    }
    for &c in &eligible {
        if Some(c) == title_el || Some(c) == id_el {
            continue;
        }
        let l = t.local(b, c);
        let known = META_KEYS
            .iter()
            .find(|(n, _)| is(l, n))
            .map(|(_, k)| (*k).to_owned());
        let key = match known {
            Some(k) => k,
            None => {
                let plain = t
                    .node(c)
                    .is_some_and(|x| x.leaf && x.class == Class::Inline);
                if whole_content || !plain || is_any(l, &CONTAINERS) {
                    continue;
                }
                String::from_utf8_lossy(l).to_ascii_lowercase()
            }
        };
        if whole_content && let Some(x) = t.nodes.get_mut(c) {
            x.skip = true;
        }
        let v = element_value(t, s, c, &key);
        meta.push(&key, v);
    }
    if let Some(k) = text_el
        && !meta.has("lang")
        && let Some(x) = t.node(k)
    {
        let a = attrs_of(b, x.tag.start);
        if let Some(l) = attr(b, &a, "xml:lang").or_else(|| attr(b, &a, "lang")) {
            meta.push("lang", value(s, &l.value));
        }
    }

    // Text.
    if whole_content {
        for c in wrappers.into_iter().chain(title_el).chain(id_el) {
            if let Some(x) = t.nodes.get_mut(c) {
                x.skip = true;
            }
        }
    }
    let text = t.pieces(b, text_el.unwrap_or(d), false);
    Extracted {
        text,
        title,
        id,
        meta: meta.0,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIGAWORD: &str = include_str!("../../../tests/data/xml/gigaword.sgml");
    const TREC: &str = include_str!("../../../tests/data/xml/trec.sgml");
    const OSIAN: &str = include_str!("../../../tests/data/xml/osian.xml");
    const TEI: &str = include_str!("../../../tests/data/xml/tei.xml");
    const ARTICLES: &str = include_str!("../../../tests/data/xml/articles.xml");
    const RSS: &str = include_str!("../../../tests/data/xml/rss.xml");
    const MALFORMED: &str = include_str!("../../../tests/data/xml/malformed.sgml");
    const PLAIN: &str = include_str!("../../../tests/data/xml/plain.xml");

    const FIXTURES: [&str; 8] = [GIGAWORD, TREC, OSIAN, TEI, ARTICLES, RSS, MALFORMED, PLAIN];

    type Found = Result<Extracted, (usize, String)>;

    /// Everything `extract` gives for `input`.
    fn run(input: &str, element: Option<&str>) -> (Vec<Found>, Vec<String>) {
        let mut out = Vec::new();
        let warnings = extract(input, element, &mut |d| out.push(d));
        (out, warnings)
    }

    /// The documents, all of which must be well formed.
    fn docs(input: &str, element: Option<&str>) -> Vec<Extracted> {
        let (found, warnings) = run(input, element);
        assert!(warnings.is_empty(), "{warnings:?}");
        found
            .into_iter()
            .map(|d| d.expect("a well-formed document"))
            .collect()
    }

    /// What a document should be.
    struct Want<'a> {
        id: Option<&'a str>,
        title: Option<&'a str>,
        meta: &'a [(&'a str, &'a str)],
        text: &'a str,
    }

    /// Checks the pieces of `input`: copies on character boundaries, in
    /// order, references decoding to their characters, gaps in between.
    fn check_pieces(input: &str, pieces: &[Piece]) {
        let mut last = 0;
        for p in pieces {
            match p {
                Piece::Copy(r) => {
                    assert!(r.start >= last && r.start < r.end, "{p:?} after {last}");
                    assert!(
                        input.get(r.clone()).is_some(),
                        "{p:?} not on char boundaries"
                    );
                    last = r.end;
                }
                Piece::Char(c, r) => {
                    assert!(r.start >= last, "{p:?} after {last}");
                    let src = input.get(r.clone()).expect("char boundaries");
                    assert_eq!(reference(src.as_bytes()), Some((*c, r.len())), "{src}");
                    last = r.end;
                }
                Piece::Gap(g, at) => {
                    assert!(*at >= last && *at <= input.len(), "{p:?} after {last}");
                    assert!(matches!(*g, " " | "\n" | "\n\n"));
                    last = *at;
                }
            }
        }
        assert!(
            !matches!(pieces.first(), Some(Piece::Gap(..))),
            "leading gap"
        );
        assert!(
            !matches!(pieces.last(), Some(Piece::Gap(..))),
            "trailing gap"
        );
    }

    /// Checks a document's invariants, and that it reads again from its
    /// offset, from the whole input and from parts of it.
    fn check_doc(input: &str, doc: &Extracted, element: Option<&str>) {
        check_pieces(input, &doc.text);
        if let Some(t) = &doc.title {
            check_pieces(input, t);
            assert!(!render(input, t).contains('\n'));
        }
        assert!(doc.span.start < doc.span.end && doc.span.end <= input.len());
        let at = doc.span.start;
        assert_eq!(
            extract_at(input, at, element).as_ref(),
            Some(doc),
            "at {at}"
        );
        // From a part of the input that starts earlier and ends at the
        // document's end: offsets shift by the part's start.
        let from = input.get(..at).and_then(|s| s.rfind('\n')).unwrap_or(0);
        let part = input.get(from..doc.span.end).expect("part");
        let again = extract_at(part, at - from, element).expect("read again from a part");
        assert_eq!(render(part, &again.text), render(input, &doc.text));
        assert_eq!(again.id, doc.id);
        assert_eq!(again.meta, doc.meta);
        assert_eq!(again.span, doc.span.start - from..doc.span.end - from);
    }

    /// Checks `doc` against `want`.
    fn expect(input: &str, doc: &Extracted, want: &Want<'_>, element: Option<&str>) {
        assert_eq!(doc.id.as_deref(), want.id);
        assert_eq!(
            doc.title.as_ref().map(|t| render(input, t)).as_deref(),
            want.title
        );
        let meta: Vec<(&str, &str)> = doc
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(meta, want.meta);
        assert_eq!(render(input, &doc.text), want.text);
        check_doc(input, doc, element);
    }

    #[test]
    fn gigaword() {
        let d = docs(GIGAWORD, None);
        assert_eq!(d.len(), 2);
        expect(
            GIGAWORD,
            &d[0],
            &Want {
                id: Some("AFP_ARB_20010101.0001"),
                title: Some("افتتاح معرض القاهرة الدولي للكتاب"),
                meta: &[("type", "story"), ("dateline", "القاهرة 1-1 (اف ب) -")],
                text: "افتتح وزير الثقافة المصري اليوم الاثنين معرض القاهرة الدولي للكتاب بمشاركة دور نشر من \
                       عشرين بلدا.\n\nوقال متحدث باسم شركة جونسون & جونسون ان الشركة تشارك للمرة الاولى.",
            },
            None,
        );
        expect(
            GIGAWORD,
            &d[1],
            &Want {
                id: Some("AFP_ARB_20010101.0002"),
                title: Some("موجز الانباء"),
                meta: &[("type", "multi")],
                text: "- ارتفعت اسعار النفط في اسواق لندن & نيويورك.\n\n- قال خبراء ان نسبة النمو < 3 في \
                       المئة & ان شركة AT&T تراجعت.",
            },
            None,
        );
        assert_eq!(d[0].span, 0..GIGAWORD.find("</DOC>").expect("end") + 6);
        assert_eq!(
            d[1].span.start,
            GIGAWORD
                .find("<DOC id=\"AFP_ARB_20010101.0002\"")
                .expect("doc 2")
        );
        // Named, in another case: the same documents.
        assert_eq!(docs(GIGAWORD, Some("doc")), d);
        // `&AMP;` is one character; the bare `&` of `AT&T` is copied.
        let amp = GIGAWORD.find("&AMP;").expect("&AMP;");
        assert!(d[0].text.contains(&Piece::Char('&', amp..amp + 5)));
    }

    #[test]
    fn trec() {
        let d = docs(TREC, None);
        assert_eq!(d.len(), 3);
        let meta = [("doctype", "NEWS STORY"), ("date", "20000101")];
        expect(
            TREC,
            &d[0],
            &Want {
                id: Some("AFA20000101.0001"),
                title: Some("الامم المتحدة تدعو الى وقف اطلاق النار"),
                meta: &meta,
                text: "نيويورك 1-1 (اف ب) - دعا الامين العام للامم المتحدة اليوم السبت الى وقف فوري لاطلاق \
                       النار.\n\nواضاف في بيان ان \"الحل السياسي هو الطريق الوحيد\" & ان المنظمة مستعدة \
                       للمساعدة.",
            },
            None,
        );
        expect(
            TREC,
            &d[1],
            &Want {
                id: Some("AFA20000101.0002"),
                title: Some("نتائج مباريات كرة القدم"),
                meta: &meta,
                text: "فاز الفريق الاول 2-1 & تعادل الفريق الثاني مع الثالث 0-0 رغم ان درجة الحرارة كانت \
                       <5 درجات.",
            },
            None,
        );
        expect(
            TREC,
            &d[2],
            &Want {
                id: Some("AFA20000101.0003"),
                title: None,
                meta: &[],
                text: "الفقرة الاولى من الخبر.\n\nالفقرة الثانية من الخبر.",
            },
            None,
        );
    }

    #[test]
    fn osian() {
        let d = docs(OSIAN, None);
        assert_eq!(d.len(), 2);
        expect(
            OSIAN,
            &d[0],
            &Want {
                id: Some("aljazeera-1"),
                title: Some("الطقس & المناخ في الخليج"),
                meta: &[
                    ("url", "http://example.com/news/1"),
                    ("date", "2017-05-03"),
                    ("source", "الجزيرة"),
                ],
                text: "تشهد منطقة الخليج موجة حر شديدة هذا الأسبوع. وتتوقع الأرصاد أن تتجاوز الحرارة خمسين \
                       درجة.\n\nودعت السلطات المواطنين إلى تجنب التعرض للشمس.",
            },
            None,
        );
        expect(
            OSIAN,
            &d[1],
            &Want {
                id: Some("bbc-2"),
                title: Some("تقرير"),
                meta: &[
                    ("url", "http://example.com/news/2?a=1&b=2"),
                    ("date", "2017-05-04"),
                    ("source", "بي بي سي"),
                    ("lang", "ar"),
                ],
                text: "الفقرة الأولى لا تنتهي.\n\nجملة أولى. جملة ثانية.\n\nنص <خام> & حر",
            },
            None,
        );
        // The title attribute's pieces point inside its value.
        let title = d[0].title.as_ref().expect("title");
        let value = OSIAN.find("الطقس").expect("value");
        assert_eq!(
            title.first(),
            Some(&Piece::Copy(value..value + "الطقس ".len()))
        );
        // CDATA is copied as it stands.
        let raw = OSIAN.find("نص <خام> & حر").expect("cdata");
        assert_eq!(
            d[1].text.last(),
            Some(&Piece::Copy(raw..raw + "نص <خام> & حر".len()))
        );
    }

    #[test]
    fn tei() {
        let d = docs(TEI, None);
        assert_eq!(d.len(), 2);
        expect(
            TEI,
            &d[0],
            &Want {
                id: Some("fa-1"),
                title: Some("غزل شماره یک"),
                meta: &[
                    ("lang", "fa"),
                    ("author", "شاعر ناشناس"),
                    ("date", "2019-02-07"),
                    ("source", "کتابخانه آزمایشی"),
                ],
                text: "غزل\n\nباران می\u{200c}بارد بر شهر خاموش\nو باد نام تو را می خواند",
            },
            None,
        );
        expect(
            TEI,
            &d[1],
            &Want {
                id: Some("he-1"),
                title: Some("סיפור קצר"),
                meta: &[("date", "2020"), ("lang", "he")],
                text: "הילד הלך לבית הספר\nבבוקר גשום.\n\nהוא פגש חבר & שמח מאוד. הערה קטנה",
            },
            None,
        );
        assert_eq!(docs(TEI, Some("TEI")), d);
    }

    #[test]
    fn articles() {
        let d = docs(ARTICLES, None);
        assert_eq!(d.len(), 2);
        expect(
            ARTICLES,
            &d[0],
            &Want {
                id: Some("ur-001"),
                title: Some("لاہور میں بارش"),
                meta: &[
                    ("lang", "ur"),
                    ("date", "2021-07-12"),
                    ("source", "روزنامہ مثال"),
                    ("author", "نامہ نگار"),
                    ("url", "https://example.org/ur/001"),
                ],
                text: "لاہور میں کل رات تیز بارش ہوئی۔\n\nمحکمہ موسمیات کے مطابق بارش کا سلسلہ جاری رہے \
                       گا۔\nشہری احتیاط کریں۔",
            },
            None,
        );
        expect(
            ARTICLES,
            &d[1],
            &Want {
                id: Some("fa-002"),
                title: Some("خبر <فوری>"),
                meta: &[("date", "2021-07-13T08:00:00Z"), ("category", "ورزش")],
                text: "تیم ملی «ایران» امروز بازی می\u{200c}کند. بازی ساعت ۸ آغاز خواهد شد.",
            },
            None,
        );
    }

    #[test]
    fn rss() {
        let d = docs(RSS, None);
        assert_eq!(d.len(), 2);
        expect(
            RSS,
            &d[0],
            &Want {
                id: None,
                title: Some("افزایش قیمت نان"),
                meta: &[
                    ("url", "https://example.ir/news/1"),
                    ("date", "Sat, 01 Jan 2022 10:00:00 +0330"),
                    ("author", "گروه اقتصادی"),
                    ("guid", "https://example.ir/news/1"),
                ],
                text: "قیمت نان در تهران افزایش یافت.",
            },
            None,
        );
        expect(
            RSS,
            &d[1],
            &Want {
                id: None,
                title: Some("بازگشایی مدارس"),
                meta: &[
                    ("url", "https://example.ir/news/2"),
                    ("date", "Sun, 02 Jan 2022 09:30:00 +0330"),
                ],
                text: "مدارس از شنبه باز خواهند شد & دانش آموزان به کلاس برمی گردند.",
            },
            None,
        );
    }

    #[test]
    fn malformed() {
        let (found, warnings) = run(MALFORMED, None);
        assert!(warnings.is_empty());
        assert_eq!(found.len(), 3);
        let first = found[0].as_ref().expect("doc 1");
        expect(
            MALFORMED,
            first,
            &Want {
                id: Some("M1"),
                title: None,
                meta: &[],
                text: "النص الأول.",
            },
            None,
        );
        let second = MALFORMED.find("<DOC id=\"M2\">").expect("doc 2");
        let (at, why) = found[1].as_ref().expect_err("doc 2 is unclosed");
        assert_eq!(*at, second);
        assert!(why.contains("unclosed <DOC>"), "{why}");
        let third = found[2].as_ref().expect("doc 3");
        expect(
            MALFORMED,
            third,
            &Want {
                id: Some("M3"),
                title: None,
                meta: &[],
                text: "النص الثالث.",
            },
            None,
        );
        assert_eq!(extract_at(MALFORMED, second, None), None);
    }

    #[test]
    fn truncated_file() {
        let cut = GIGAWORD.find("موجز").expect("doc 2");
        let input = GIGAWORD.get(..cut).expect("cut");
        let (found, _) = run(input, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].as_ref().ok(), docs(GIGAWORD, None).first());
        let (at, why) = found[1].as_ref().expect_err("unclosed");
        assert_eq!(
            *at,
            GIGAWORD
                .find("<DOC id=\"AFP_ARB_20010101.0002\"")
                .expect("doc 2")
        );
        assert!(why.contains("ends"), "{why}");
    }

    #[test]
    fn whole_file_when_no_document_elements() {
        let (found, warnings) = run(PLAIN, None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("the whole file is one document"),
            "{warnings:?}"
        );
        assert_eq!(found.len(), 1);
        let doc = found[0].as_ref().expect("doc");
        expect(
            PLAIN,
            doc,
            &Want {
                id: None,
                title: Some("שירים"),
                meta: &[("lang", "he")],
                text: "שורה ראשונה שורה שנייה\n\nבית שני",
            },
            None,
        );
        let start = PLAIN.find("<book").expect("root");
        let end = PLAIN.find("</book>").expect("root end") + "</book>".len();
        assert_eq!(doc.span, start..end);
        // An element named that the file lacks: the same, warned about.
        let (found, warnings) = run(OSIAN, Some("article"));
        assert_eq!(found.len(), 1);
        assert!(
            warnings[0].starts_with("no <article> elements found"),
            "{warnings:?}"
        );
        let doc = found[0].as_ref().expect("doc");
        assert!(render(OSIAN, &doc.text).starts_with("تشهد"));
        check_doc(OSIAN, doc, Some("article"));
        // Text without markup; nothing at all.
        let (found, _) = run("\u{feff}  سلام\n\nدنیا  ", None);
        let doc = found[0].as_ref().expect("doc");
        assert_eq!(render("\u{feff}  سلام\n\nدنیا  ", &doc.text), "سلام\n\nدنیا");
        check_doc("\u{feff}  سلام\n\nدنیا  ", doc, None);
        let (found, warnings) = run("<?xml version='1.0'?>\n<!-- nothing -->\n", None);
        assert!(found.is_empty());
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn every_prefix_is_read_without_panic() {
        for input in FIXTURES {
            for (k, _) in input.char_indices().chain([(input.len(), ' ')]) {
                let part = input.get(..k).expect("char boundary");
                let (found, _) = run(part, None);
                for doc in found.iter().flatten() {
                    check_pieces(part, &doc.text);
                    if let Some(t) = &doc.title {
                        check_pieces(part, t);
                    }
                    assert_eq!(
                        extract_at(part, doc.span.start, None).as_ref(),
                        Some(doc),
                        "{k}"
                    );
                }
                let _ = extract_at(part, 0, None);
                let _ = extract_at(part, k / 2, Some("doc"));
            }
        }
    }

    #[test]
    fn references() {
        let r = |s: &str| reference(s.as_bytes());
        assert_eq!(r("&amp;x"), Some(('&', 5)));
        assert_eq!(r("&AMP;"), Some(('&', 5)));
        assert_eq!(r("&Quot;"), Some(('"', 6)));
        assert_eq!(r("&apos;"), Some(('\'', 6)));
        assert_eq!(r("&#1604;"), Some(('ل', 7)));
        assert_eq!(r("&#x644;"), Some(('ل', 7)));
        assert_eq!(r("&#X644;"), Some(('ل', 7)));
        assert_eq!(r("&zwnj;"), Some(('\u{200c}', 6)));
        assert_eq!(r("&nbsp;"), Some(('\u{a0}', 6)));
        for bad in [
            "&NBSP;",
            "&foo;",
            "&amp",
            "& amp;",
            "&#;",
            "&#x;",
            "&#0;",
            "&#1;",
            "&#xD800;",
            "&#x110000;",
            "&#12a;",
            "&",
        ] {
            assert_eq!(r(bad), None, "{bad}");
        }
        let far = format!("&{};", "a".repeat(MAX_REF));
        assert_eq!(r(&far), None);
    }

    /// The text of the one document of `input` (a `<doc>`).
    fn text_of(input: &str) -> String {
        let d = docs(input, Some("doc"));
        assert_eq!(d.len(), 1, "{input}");
        check_doc(input, &d[0], Some("doc"));
        render(input, &d[0].text)
    }

    #[test]
    fn whitespace_and_breaks() {
        assert_eq!(
            text_of("<doc>\n a\nb \r\n\r\n c  d\te \n</doc>"),
            "a b\n\nc d e"
        );
        assert_eq!(text_of("<doc>a <b>b</b>c<i> d</i></doc>"), "a bc d");
        assert_eq!(
            text_of("<doc><p>a</p><p>b</p>c<br>d<br/>e</doc>"),
            "a\n\nb\n\nc\nd\ne"
        );
        assert_eq!(text_of("<doc><s>a</s><s>b</s></doc>"), "a b");
        assert_eq!(
            text_of("<doc><lg><l>a</l><l>b</l></lg>c</doc>"),
            "a\nb\n\nc"
        );
        assert_eq!(
            text_of("<doc>a<script>x</script>b<!-- c -->d<?pi e?></doc>"),
            "abd"
        );
        assert_eq!(text_of("<doc><P>a<P>b</doc>"), "a\n\nb");
        // A single space between words stays in its copy.
        let input = "<doc>x y z</doc>";
        assert_eq!(docs(input, None)[0].text, vec![Piece::Copy(5..10)]);
        // Other runs are gaps where they begin.
        let input = "<doc>x  y\n\nz</doc>";
        assert_eq!(
            docs(input, None)[0].text,
            vec![
                Piece::Copy(5..6),
                Piece::Gap(" ", 6),
                Piece::Copy(8..9),
                Piece::Gap("\n\n", 9),
                Piece::Copy(11..12)
            ]
        );
    }

    #[test]
    fn sgml_leniency() {
        assert_eq!(
            text_of("<doc>x <= y & z < w && v &; &#; </doc>"),
            "x <= y & z < w && v &; &#;"
        );
        assert_eq!(
            text_of("<doc>a<!-- never closed b</doc>"),
            "a<!-- never closed b"
        );
        assert_eq!(
            text_of("<doc>a<![CDATA[ never closed b</doc>"),
            "a<![CDATA[ never closed b"
        );
        assert_eq!(text_of("<doc>a<? b</doc>"), "a<? b");
        assert_eq!(text_of("<doc>a</ b</doc>"), "a</ b");
        assert_eq!(text_of("<doc>a<x y=\"<\">b</doc>"), "a<x y=\"<\">b");
        assert_eq!(text_of("<doc>a<x y=unquoted z>b</x></y></doc>"), "ab");
        assert_eq!(text_of("<doc><p>a<b>b</p>c</doc>"), "ab\n\nc");
        assert_eq!(text_of("<doc>a&unknown;b&amp;c</doc>"), "a&unknown;b&c");
        // SGML attributes: single quotes, no value, no quotes, spaces.
        let input = "<DOC id='q' checked Type = Story title = x>t</DOC>";
        let d = docs(input, None);
        assert_eq!(d[0].id.as_deref(), Some("q"));
        assert_eq!(d[0].meta, [("type".to_owned(), "Story".to_owned())]);
        assert_eq!(
            d[0].title.as_ref().map(|t| render(input, t)).as_deref(),
            Some("x")
        );
    }

    #[test]
    fn ldc_body_and_atom_layouts() {
        // LDC newswire with a BODY around HEADLINE and TEXT.
        let input = "<DOC>\n<DOCNO> NHR19950101.0001 </DOCNO>\n<DOCTYPE> NEWS STORY </DOCTYPE>\n\
                     <DATE_TIME> 1995-01-01 10:00 </DATE_TIME>\n<BODY>\n<HEADLINE> عنوان </HEADLINE>\n\
                     <TEXT>\n<P> نص الخبر </P>\n</TEXT>\n</BODY>\n<TRAILER> نهاية </TRAILER>\n</DOC>\n";
        let d = docs(input, None);
        expect(
            input,
            &d[0],
            &Want {
                id: Some("NHR19950101.0001"),
                title: Some("عنوان"),
                meta: &[
                    ("doctype", "NEWS STORY"),
                    ("date", "1995-01-01 10:00"),
                    ("trailer", "نهاية"),
                ],
                text: "نص الخبر",
            },
            None,
        );
        // Atom: `entry`, `link href`, `id`, `content` over `summary`.
        let input = "<feed><title>قناة</title><entry><title type=\"text\">כותרת</title>\
                     <link rel=\"alternate\" href=\"https://example.il/1\"/><id>urn:x:1</id>\
                     <updated>2020-01-01T00:00:00Z</updated><author><name>כותב</name></author>\
                     <summary>תקציר</summary><content>תוכן מלא</content></entry></feed>";
        let d = docs(input, None);
        expect(
            input,
            &d[0],
            &Want {
                id: Some("urn:x:1"),
                title: Some("כותרת"),
                meta: &[
                    ("url", "https://example.il/1"),
                    ("date", "2020-01-01T00:00:00Z"),
                    ("author", "כותב"),
                ],
                text: "תוכן מלא",
            },
            None,
        );
    }

    #[test]
    fn nested_and_empty_documents() {
        // A document element inside another: the outer is unclosed.
        let input = "<doc id=a>x<doc id=b>y</doc>z</doc>";
        let (found, _) = run(input, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].as_ref().expect_err("outer").0, 0);
        assert_eq!(found[1].as_ref().expect("inner").id.as_deref(), Some("b"));
        // An empty document.
        let input = "<corpus><doc id=\"e\"/><doc id=f>g</doc></corpus>";
        let d = docs(input, None);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].id.as_deref(), Some("e"));
        assert!(d[0].text.is_empty());
        assert_eq!(d[0].span, 8..21);
        check_doc(input, &d[0], None);
        check_doc(input, &d[1], None);
    }

    #[test]
    fn guessing_prefers_the_earlier_candidate() {
        let input = "<feed><entry><doc>a</doc></entry><record><doc>b</doc></record></feed>";
        let d = docs(input, None);
        assert_eq!(
            d.iter().map(|d| render(input, &d.text)).collect::<Vec<_>>(),
            ["a", "b"]
        );
        // An element holding a more preferred candidate is not a document.
        let record = input.find("<record>").expect("record");
        assert_eq!(extract_at(input, record, None), None);
        assert!(extract_at(input, record, Some("record")).is_some());
        // Neither is anything but a document element's start.
        assert_eq!(extract_at(input, 1, None), None);
        assert_eq!(extract_at(input, input.len(), None), None);
        assert_eq!(
            extract_at(GIGAWORD, GIGAWORD.find("<P>").expect("p"), None),
            None
        );
        assert_eq!(extract_at(GIGAWORD, 0, Some("TEXT")), None);
        assert_eq!(extract_at("سلام", 1, None), None);
    }

    #[test]
    fn hostile_inputs_end() {
        let n = 50_000;
        for input in [
            "<a ".repeat(n),
            "<a b=\"".repeat(n),
            "<!--".repeat(n),
            "<![CDATA[".repeat(n),
            "<?".repeat(n),
            "<!DOCTYPE [".repeat(n),
            "&#x".repeat(n),
            format!("<doc>{}x{}</doc>", "<a>".repeat(n), "</b>".repeat(n)),
            format!("<doc>{}", "<doc>".repeat(n)),
            format!("{}{}", "<x>".repeat(n), "</x>".repeat(n)),
        ] {
            let (found, _) = run(&input, None);
            for doc in found.iter().flatten() {
                check_pieces(&input, &doc.text);
            }
        }
    }

    #[test]
    fn random_markup_keeps_the_invariants() {
        const ROUNDS: usize = 3000;
        const BITS: [&str; 40] = [
            "<",
            ">",
            "/",
            "</",
            "/>",
            "!",
            "<!--",
            "-->",
            "<?",
            "?>",
            "<![CDATA[",
            "]]>",
            "[",
            "]",
            "\"",
            "'",
            "=",
            "&",
            ";",
            "&amp;",
            "&#x644;",
            "&zwnj;",
            " ",
            "\n",
            "\n\n",
            "ب",
            "שלום",
            "doc",
            "DOC",
            "TEI",
            "text",
            "title",
            "p",
            "id=\"x\"",
            "item",
            "<doc>",
            "</doc>",
            "<p>",
            "<TEXT>",
            "\u{feff}",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let (mut oks, mut errs) = (0, 0);
        let rounds = std::env::var("XML_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(ROUNDS);
        for round in 0..rounds {
            let mut input = String::new();
            let len = 1 + round % 60;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                input.push_str(BITS[(seed % BITS.len() as u64) as usize]);
            }
            for element in [None, Some("doc"), Some("p")] {
                let (found, _) = run(&input, element);
                for doc in found.iter().flatten() {
                    oks += 1;
                    check_pieces(&input, &doc.text);
                    if let Some(t) = &doc.title {
                        check_pieces(&input, t);
                    }
                    let again = extract_at(&input, doc.span.start, element);
                    assert_eq!(again.as_ref(), Some(doc), "{input:?} {element:?}");
                }
                for e in found.iter().filter_map(|d| d.as_ref().err()) {
                    errs += 1;
                    assert_eq!(extract_at(&input, e.0, element), None, "{input:?}");
                }
            }
        }
        assert!(oks > 0 && errs > 0);
    }

    /// A 20 MB file of Gigaword documents: run with `--release --ignored
    /// --nocapture` to see how long it takes.
    #[test]
    #[ignore = "timing, by hand"]
    fn twenty_megabytes() {
        let mut input = String::new();
        while input.len() < 20 << 20 {
            input.push_str(GIGAWORD);
            input.push_str(TREC);
        }
        for element in [None, Some("DOC")] {
            let t = std::time::Instant::now();
            let mut n = 0;
            let mut chars = 0;
            extract(&input, element, &mut |d| {
                n += 1;
                chars += d.map_or(0, |d| d.text.len());
            });
            eprintln!(
                "{} MB, {n} documents ({chars} pieces), {element:?}: {:?}",
                input.len() >> 20,
                t.elapsed()
            );
        }
        let big = format!("<doc>{}</doc>", "كلمة &amp; <b>نص</b>\n".repeat(1 << 20));
        let t = std::time::Instant::now();
        let d = docs(&big, None);
        eprintln!(
            "one document of {} MB: {:?} ({} pieces)",
            big.len() >> 20,
            t.elapsed(),
            d[0].text.len()
        );
    }
}
