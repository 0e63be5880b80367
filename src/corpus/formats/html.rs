//! HTML pages (`.html`, `.htm`): the article a page holds, as [`Piece`]s
//! of the page so that every character of the text, and of the title,
//! keeps its place in the file; the page's metadata; warnings.
//!
//! The page is read by a tolerant tokenizer and tree builder of our own
//! (no HTML library: we need byte offsets, and a 5 MB page in linear
//! time). It follows the HTML standard where it matters for text:
//! unquoted and single-quoted attributes, `>` inside quoted values, any
//! case of tag names, `<script>`/`<style>`/`<noscript>`/`<iframe>`/
//! `<xmp>` read as raw text up to their own end tag only (a `</div>` in a
//! script is script), `<title>`/`<textarea>` likewise but with character
//! references, a `<` that starts no tag is text (`a < b`), `</br>` is a
//! `<br>`, a `</p>` with no open `<p>` is an empty paragraph, unclosed
//! `<p>`, `<li>`, `<dd>`/`<dt>`, `<tr>`/`<td>`/`<th>`, `<option>` and
//! headings are closed where the standard closes them, end tags do not
//! close elements outside the table (cell, caption…) they are in, and
//! whatever is open at the end of the input ends there. An end tag with
//! no open element of its name is ignored; `</body>` and `</html>` are
//! ignored (what follows them is still the body). A tag cut off by the
//! end of the input, and an unterminated quoted attribute value, drop
//! the rest of the input, as in a browser. Comments, `<!DOCTYPE>`,
//! `<?…>`, `<![CDATA[…]]>` are dropped. The HTML "adoption agency" for
//! misnested inline elements is not implemented: an end tag closes the
//! elements open inside its element.
//!
//! # What is dropped
//!
//! - Always: `<head>` (a start tag that cannot be in the head, or text,
//!   ends it), `<title>`, `<script>`, `<style>`, `<noscript>`,
//!   `<template>`, `<svg>`, `<math>`, `<iframe>`, `<object>`, `<applet>`,
//!   `<embed>`, `<canvas>`, `<audio>`, `<video>`, `<frameset>`,
//!   `<dialog>`, `<marquee>` (news tickers), form controls (`<button>`,
//!   `<select>`, `<option>`, `<textarea>`, `<input>`, `<datalist>`).
//!   Image `alt` text is not text. An image, control, frame, SVG or
//!   MathML between two words separates them with a space; a script,
//!   comment or dropped inline element does not.
//! - Chrome by its tag: `<nav>`, `<header>`, `<footer>`, `<aside>`,
//!   `<menu>`, `<search>`, unless it holds an `itemprop="articleBody"`
//!   or `<main>`/`role="main"` element (some sites put the article in an
//!   `<aside>`).
//! - Chrome by its attributes, and `<form>`. On any element: the `hidden`
//!   attribute, `aria-hidden="true"`, a `style` with `display:none` or
//!   `visibility:hidden`, a class that is exactly `hidden`, `is-hidden`,
//!   `invisible`, `sr-only`, `visually-hidden`, `visuallyhidden`,
//!   `screen-reader-text`, `screen-reader-only` or `element-invisible`
//!   (not Bootstrap's `hidden-xs`). On blocks, table cells and custom
//!   elements, but not on `<html>`, `<body>`, `<main>`, `<article>` or
//!   the article body (their classes are often taxonomy), nor on inline
//!   elements (`<span>`, `<a>`…): a `role` of navigation, banner,
//!   contentinfo, complementary, search, menu, menubar, toolbar, dialog,
//!   alertdialog; a class, `id` or `aria-labelledby` word among `ad ads
//!   adsbygoogle adv advert adverts advertisement advertising banner
//!   breadcrumb breadcrumbs comment comments consent cookie cookies
//!   copyright disqus dropdown follow footer ftr gdpr hdr header login
//!   logo masthead menu modal nav navbar navigation newsletter outbrain
//!   pager pagination popular popup promo recommended related search
//!   share shares sharing sidebar signup skip social sponsor sponsored
//!   submenu subscribe subscription taboola tags ticker toolbar
//!   trending`, or the pairs `sr only`, `visually hidden`. Words are
//!   split at non-alphanumerics and at camelCase humps, compared
//!   lowercase (`share-buttons`, `relatedArticles`, `ad-slot` match;
//!   `shadow`, `loading`, `header-image`'s `image` do not match `ad`).
//!   Not read: taxonomy classes (`tag-…`, `category-…`), BEM modifiers
//!   (after `--`), classes naming a state (first word `has`, `no`,
//!   `with`, `without`, `enable(d)`, `disable(d)`, `show`, `hide`, `can`,
//!   `allow`, `is`; last word `enabled`, `disabled`, `active`, `open`,
//!   `opened`, `visible`, `loaded`, `ready`: `has-ads`,
//!   `modal-enabled`). Such an element is kept when it holds more than
//!   half the page's text outside links (a `<body class="has-sidebar">`,
//!   an ASP.NET `<form>` around the whole page), or holds the article
//!   body, the main element, or the content element (below).
//! - Inside the article: lists, `<div>`s, `<section>`s and tables whose
//!   text is at least 90% link text and that hold two links or more
//!   ("read also" lists, tag clouds), unless that leaves no text at all
//!   (an index page, all links).
//!
//! `<figcaption>` is kept (captions are the newsroom's sentences, in the
//! article's language) as a paragraph of its own.
//!
//! # Which part of the page is the article
//!
//! Text is measured as non-whitespace bytes outside links and outside
//! dropped elements. In order, the first that holds at least a fifth of
//! the body's text (and some text) is taken: the elements with
//! `itemprop="articleBody"` (all of the outermost ones, in page order);
//! the `<article>` with the most text; the `<main>` or `role="main"`
//! element with the most text; the content element: of the elements
//! whose class or id names content (`article`, `story`, `post`, `entry`,
//! `news`, `blog`, `detail(s)`, `main` or `single`, then `body`,
//! `content(s)` or `text`: `entry-content`, `story-body`,
//! `articleBody`, `news_text`), the one with the most text. Else the
//! `<body>`; else, when the page has no `<body>` tag, the whole page,
//! with the warning `no <body>: text taken from the whole page`. An
//! empty text is warned about too (`no text found in the page`).
//!
//! # Text
//!
//! Block elements (`p`, `div`, `h1`–`h6`, `li`, `blockquote`, `pre`,
//! `tr`, `table`, `section`, `article`, `ul`/`ol`, `dd`/`dt`, `hr`,
//! `figcaption`…) end paragraphs, joined by `Gap("\n\n")`; a `<br>` is
//! `Gap("\n")`, two or more `<br>` in a row a paragraph break (old sites
//! make paragraphs that way); table cells are separated by a space; a
//! whitespace run (any Unicode whitespace, `char::is_whitespace`: ASCII
//! whitespace, the no-break space, em and thin spaces, the ideographic
//! space, U+2028…; written or as a reference) is `Gap(" ")`, so
//! `&nbsp;` is one ordinary space and `<p>&nbsp;</p>` is empty;
//! zero-width characters (ZWNJ, ZWJ, U+200B, the marks) are not
//! whitespace and are kept; U+FEFF (a byte order mark pasted into the
//! text) is dropped. Empty paragraphs are dropped, and there is
//! no whitespace at either end. In `<pre>`, a line end is `Gap("\n")`
//! and a blank line a paragraph break; other whitespace runs are one
//! space there too. Inline elements do not split words
//! (`<b>ال</b>كتاب` is one word).
//!
//! Character references are `Piece::Char` over the reference: the named
//! references of HTML 4 (Latin-1, Greek, symbols, `zwnj`, `zwj`, `lrm`,
//! `rlm`, dashes, quotes…) plus some of HTML 5 (`apos`, `Tab`,
//! `NewLine`, `vert`, `ZeroWidthSpace`…), with a `;`, or without one for
//! `amp lt gt quot nbsp copy reg` when no letter, digit or `=` follows;
//! decimal and hexadecimal references, `;` optional, 128–159 read as
//! Windows-1252 as browsers do. A reference that is unknown, malformed,
//! or stands for NUL, a surrogate, a control character other than
//! whitespace, or no character, stays verbatim text. `&zwnj;` is kept as
//! U+200C (Persian), `&lrm;`/`&rlm;` as the marks, `&shy;` as U+00AD.
//!
//! # Title
//!
//! One line, whitespace collapsed, as pieces of the input: the `content`
//! of `<meta property="og:title">` (pieces inside the attribute value),
//! else the first `<title>` (not inside SVG), else the first `<h1>` in
//! the article (even in its `<header>`; not when the text is the whole
//! body's), else the first `<h1>` of the page outside dropped elements.
//! A site name is cut from the `og:title` or `<title>`: at the last
//! separator (` - `, ` | `, ` – `, ` — `, ` :: `, ` · `,
//! ` • `), the part after it when it equals the site name (`og:site_name`
//! or `application-name`; compared on letters and digits only,
//! case-insensitive); at the first separator, the part before it
//! likewise. Then, for `<title>` only, the part after the last separator
//! when it is at most 4 words and shorter in words than what it leaves
//! ("خبر طويل من عدة كلمات - الأهرام" loses "الأهرام", "مصر - السودان:
//! مباراة" keeps all). Nothing is cut when nothing would be left.
//!
//! # Metadata
//!
//! `meta` keys, each value references decoded, whitespace collapsed and
//! trimmed, empty values skipped; per key the first source in this order
//! that has a value wins (ties: the first in the page):
//!
//! - `date`: `<meta property="article:published_time">`;
//!   `og:published_time`, `og:article:published_time`; `<meta name>`
//!   `date`, `pubdate`, `publishdate`, `publish-date`, `publish_date`,
//!   `dc.date.issued`, `dcterms.created`, `dcterms.issued`, `dc.date`,
//!   `dcterms.date`, `sailthru.date`, `parsely-pub-date`,
//!   `original-publish-date`; `itemprop="datePublished"` (its `content`,
//!   else `datetime`); JSON-LD `"datePublished"`; the first `<time
//!   datetime>` inside the article (the outermost `<article>` around the
//!   chosen element, else that element); the first `<time datetime>`.
//!   (Structured data comes before `<time>`, the least specific source.)
//! - `source`: `og:site_name`; `application-name`; JSON-LD
//!   `"publisher"`'s name.
//! - `url`: `og:url`; `<link rel="canonical" href>`.
//! - `author`: `<meta name="author">`; `article:author` unless it is a
//!   URL (a profile page); `dc.creator`; JSON-LD `"author"` (a string, or
//!   the first `"name"` in its object or array).
//! - `lang`: `<html lang>` (or `xml:lang`); `<meta
//!   http-equiv="content-language">`; `og:locale`, `dc.language`: the
//!   primary subtag, lowercased (`ar-EG`, `ar_AR` → `ar`).
//! - `description`: `og:description`; `description`;
//!   `twitter:description`.
//! - `section`: `article:section`; JSON-LD `"articleSection"`.
//! - `keywords`: `keywords`; `news_keywords`.
//! - `modified`: `article:modified_time`; `og:updated_time`;
//!   `itemprop="dateModified"`; JSON-LD `"dateModified"`.
//!
//! Meta names are matched case-insensitively, from `property`, `name`
//! or `http-equiv`. JSON-LD is `<script type="application/ld+json">`,
//! read by a string scan (the first occurrence of the key that has a
//! string value; JSON escapes, then HTML references, decoded). The id is
//! left to the caller (the file name).

use std::collections::HashMap;
use std::ops::Range;

use super::extract::{Extracted, Piece};

// ---------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------

/// Declares the known tags: the enum [`K`], their names [`NAMES`] (index
/// = tag id), all of them in [`ALL`], and [`K::of`].
macro_rules! known_tags {
    ($($id:ident $name:literal),* $(,)?) => {
        /// An HTML element this module knows by name; `K as usize` is its
        /// tag id (other names get ids from [`N_KNOWN`] up).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum K {
            $(#[doc = concat!("`<", $name, ">`")] $id,)*
        }
        /// The known tags' names, by tag id.
        const NAMES: &[&str] = &[$($name),*];
        /// The known tags, by tag id.
        const ALL: &[K] = &[$(K::$id),*];
        impl K {
            /// The known tag named `name` (lowercase).
            fn of(name: &str) -> Option<K> {
                match name {
                    $($name => Some(K::$id),)*
                    _ => None,
                }
            }
        }
    };
}

known_tags! {
    Html "html", Head "head", Body "body", Title "title", Meta "meta", Link "link",
    Base "base", Style "style", Script "script", Noscript "noscript",
    Template "template", Svg "svg", Math "math", Iframe "iframe", Object "object",
    Applet "applet", Embed "embed", Canvas "canvas", Audio "audio", Video "video",
    Picture "picture", Source "source", Track "track", Param "param", Img "img",
    Map "map", Area "area", Br "br", Hr "hr", Wbr "wbr", Input "input",
    Keygen "keygen", Button "button", Select "select", OptionTag "option",
    Optgroup "optgroup", Datalist "datalist", Textarea "textarea", Form "form",
    Nav "nav", Header "header", Footer "footer", Aside "aside", Dialog "dialog",
    Menu "menu", Search "search", Main "main", Article "article",
    Section "section", Div "div", P "p", A "a", H1 "h1", H2 "h2", H3 "h3",
    H4 "h4", H5 "h5", H6 "h6", Ul "ul", Ol "ol", Li "li", Dl "dl", Dt "dt",
    Dd "dd", Blockquote "blockquote", Pre "pre", Address "address",
    Center "center", Details "details", Summary "summary", Fieldset "fieldset",
    Legend "legend", Figure "figure", Figcaption "figcaption", Hgroup "hgroup",
    Dir "dir", Table "table", Caption "caption", Thead "thead", Tbody "tbody",
    Tfoot "tfoot", Tr "tr", Td "td", Th "th", Col "col", Colgroup "colgroup",
    Time "time", Xmp "xmp", Noembed "noembed", Noframes "noframes",
    Marquee "marquee", Frameset "frameset", Frame "frame", Span "span", B "b",
    I "i", Em "em", Strong "strong", U "u", S "s", Small "small", Big "big",
    Sub "sub", Sup "sup", Font "font", Abbr "abbr", Cite "cite", Code "code",
    Q "q", Mark "mark", Label "label", Bdi "bdi", Bdo "bdo", Ruby "ruby", Rt "rt",
    Rp "rp", Del "del", Ins "ins", Kbd "kbd", Samp "samp", Var "var", Dfn "dfn",
    Data "data", Output "output", Tt "tt", Nobr "nobr", Strike "strike",
}

/// Number of known tags: the first id of other names.
const N_KNOWN: usize = NAMES.len();

/// The tag id of a known tag.
const fn id(k: K) -> usize {
    k as usize
}

/// Flag: an element with no content and no end tag (`<br>`, `<img>`).
const VOID: u16 = 1;
/// Flag: a block: its start and its end end a paragraph.
const BLOCK: u16 = 1 << 1;
/// Flag: a table cell: its start and its end separate words.
const CELL: u16 = 1 << 2;
/// Flag: never part of the text (scripts, styles, navigation…).
const HARD: u16 = 1 << 3;
/// Flag: raw text up to its own end tag: no tags, no references.
const RAW: u16 = 1 << 4;
/// Flag: text up to its own end tag, references decoded, no tags.
const RCDATA: u16 = 1 << 5;
/// Flag: its start tag ends an open `<p>`.
const CLOSES_P: u16 = 1 << 6;
/// Flag: end tags do not look past it for their element.
const SCOPE: u16 = 1 << 7;
/// Flag: may be in `<head>` without ending it.
const IN_HEAD: u16 = 1 << 8;
/// Flag: foreign content (SVG, MathML), where `/>` closes an element.
const FOREIGN: u16 = 1 << 9;
/// Flag: dropped unless it holds most of the page's text.
const SOFT: u16 = 1 << 10;
/// Flag: page chrome by its tag (`<nav>`, `<aside>`…): dropped unless
/// it holds the article body or the `<main>` element.
const CHROME: u16 = 1 << 12;
/// Flag: shown as a box (image, frame, control): separates the words
/// around it.
const REPLACED: u16 = 1 << 11;

/// The flags of a known tag.
const fn flags_of(k: K) -> u16 {
    match k {
        K::Html => BLOCK | SCOPE | IN_HEAD,
        K::Head => HARD | IN_HEAD,
        K::Body | K::Thead | K::Tbody | K::Tfoot | K::Tr | K::Legend => BLOCK,
        K::Title => HARD | RCDATA | IN_HEAD,
        K::Textarea => HARD | RCDATA | REPLACED,
        K::Meta | K::Link | K::Base => VOID | IN_HEAD,
        K::Style | K::Script | K::Noscript => HARD | RAW | IN_HEAD,
        K::Template => HARD | SCOPE | IN_HEAD,
        K::Svg | K::Math => HARD | FOREIGN | REPLACED,
        K::Iframe => HARD | RAW | REPLACED,
        K::Noembed | K::Noframes | K::Xmp => HARD | RAW,
        K::Object | K::Applet => HARD | SCOPE | REPLACED,
        K::Embed | K::Input | K::Keygen => VOID | HARD | REPLACED,
        K::Frame => VOID | HARD,
        K::Canvas | K::Audio | K::Video | K::Button | K::Select => HARD | REPLACED,
        K::OptionTag | K::Optgroup | K::Datalist | K::Frameset => HARD,
        K::Img => VOID | REPLACED,
        K::Source | K::Track | K::Param | K::Area | K::Col | K::Wbr | K::Br => VOID,
        K::Hr => VOID | BLOCK | CLOSES_P,
        K::Form => BLOCK | CLOSES_P | SOFT,
        K::Nav | K::Header | K::Footer | K::Aside | K::Menu | K::Search => {
            BLOCK | CLOSES_P | CHROME
        }
        K::Dialog => BLOCK | CLOSES_P | HARD,
        K::Marquee => BLOCK | HARD | SCOPE,
        K::Table => BLOCK | CLOSES_P | SCOPE,
        K::Caption => BLOCK | SCOPE,
        K::Td | K::Th => CELL | SCOPE,
        K::Main
        | K::Article
        | K::Section
        | K::Div
        | K::P
        | K::H1
        | K::H2
        | K::H3
        | K::H4
        | K::H5
        | K::H6
        | K::Ul
        | K::Ol
        | K::Li
        | K::Dl
        | K::Dt
        | K::Dd
        | K::Blockquote
        | K::Pre
        | K::Address
        | K::Center
        | K::Details
        | K::Summary
        | K::Fieldset
        | K::Figure
        | K::Figcaption
        | K::Hgroup
        | K::Dir => BLOCK | CLOSES_P,
        K::Picture
        | K::Map
        | K::A
        | K::Time
        | K::Colgroup
        | K::Span
        | K::B
        | K::I
        | K::Em
        | K::Strong
        | K::U
        | K::S
        | K::Small
        | K::Big
        | K::Sub
        | K::Sup
        | K::Font
        | K::Abbr
        | K::Cite
        | K::Code
        | K::Q
        | K::Mark
        | K::Label
        | K::Bdi
        | K::Bdo
        | K::Ruby
        | K::Rt
        | K::Rp
        | K::Del
        | K::Ins
        | K::Kbd
        | K::Samp
        | K::Var
        | K::Dfn
        | K::Data
        | K::Output
        | K::Tt
        | K::Nobr
        | K::Strike => 0,
    }
}

/// The flags of tag id `tag` (none for unknown names).
fn tag_flags(tag: usize) -> u16 {
    ALL.get(tag).map_or(0, |&k| flags_of(k))
}

/// Whether tag id `tag` is the known tag `k`.
fn is(tag: usize, k: K) -> bool {
    tag == id(k)
}

/// Whether tag id `tag` is a heading, `<h1>` to `<h6>`.
fn is_heading(tag: usize) -> bool {
    matches!(
        ALL.get(tag),
        Some(K::H1 | K::H2 | K::H3 | K::H4 | K::H5 | K::H6)
    )
}

/// HTML whitespace (space, tab, LF, FF, CR).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// Characters that are whitespace in the text: Unicode's (ASCII
/// whitespace, no-break space, em space, ideographic space, U+2028…).
fn is_space_char(c: char) -> bool {
    c.is_whitespace()
}

/// The length in bytes of the whitespace character (see
/// [`is_space_char`]) at `i` in `b`, ending by `end`; 0 if there is none.
fn space_len(b: &[u8], i: usize, end: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().filter(|_| i + k < end);
    match (at(0), at(1), at(2)) {
        (Some(c), _, _) if is_ws(c) || c == 0x0B => 1,
        (Some(0xC2), Some(0x85 | 0xA0), _) => 2,
        (Some(0xE1), Some(0x9A), Some(0x80))
        | (Some(0xE2), Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
        | (Some(0xE2), Some(0x81), Some(0x9F))
        | (Some(0xE3), Some(0x80), Some(0x80)) => 3,
        _ => 0,
    }
}

// ---------------------------------------------------------------------
// Document: elements and events
// ---------------------------------------------------------------------

/// An attribute, as byte ranges of the input.
#[derive(Clone, Debug)]
struct Attr {
    /// Its name.
    name: Range<usize>,
    /// Its value, quotes excluded, references not decoded (empty when
    /// the attribute has no value).
    value: Range<usize>,
}

/// An element.
#[derive(Clone, Debug)]
struct Node {
    /// Tag id.
    tag: usize,
    /// The element it is in.
    parent: Option<usize>,
    /// Its attributes in [`Doc::attrs`].
    attrs: Range<usize>,
    /// Offset of its start tag's `<`.
    at: usize,
    /// Index of its [`Ev::Open`].
    open_ev: usize,
    /// Index of its [`Ev::Close`].
    close_ev: usize,
    /// The last element inside it (itself when it has none): elements
    /// are numbered in page order, so `n..=last` is its subtree.
    last: usize,
}

/// What the page is, in order.
#[derive(Clone, Debug)]
enum Ev {
    /// An element starts.
    Open(usize),
    /// An element ends, at this input offset.
    Close(usize, usize),
    /// Text, references not yet decoded.
    Text(Range<usize>),
    /// Raw text (a script's, a style's).
    Raw(Range<usize>),
}

/// A parsed page.
#[derive(Debug)]
struct Doc<'a> {
    /// The page.
    input: &'a str,
    /// Its elements in page order.
    nodes: Vec<Node>,
    /// All elements' attributes.
    attrs: Vec<Attr>,
    /// Events.
    evs: Vec<Ev>,
    /// Per element, non-whitespace bytes of text directly in it, outside
    /// links.
    own_text: Vec<usize>,
    /// Per element, likewise inside links.
    own_link: Vec<usize>,
    /// Non-whitespace bytes of text in no element.
    root_text: usize,
    /// The `<body>`.
    body: Option<usize>,
    /// The `<html>`.
    html: Option<usize>,
}

impl Doc<'_> {
    /// Element `n`.
    fn node(&self, n: usize) -> Option<&Node> {
        self.nodes.get(n)
    }

    /// Tag id of element `n` (`usize::MAX` for no element).
    fn tag(&self, n: usize) -> usize {
        self.node(n).map_or(usize::MAX, |x| x.tag)
    }

    /// The attributes of element `n`.
    fn attrs_of(&self, n: usize) -> &[Attr] {
        self.node(n)
            .and_then(|x| self.attrs.get(x.attrs.clone()))
            .unwrap_or_default()
    }

    /// The value range of element `n`'s first attribute named `name`
    /// (lowercase).
    fn attr(&self, n: usize, name: &str) -> Option<Range<usize>> {
        self.attrs_of(n)
            .iter()
            .find(|a| {
                self.input
                    .get(a.name.clone())
                    .is_some_and(|s| s.eq_ignore_ascii_case(name))
            })
            .map(|a| a.value.clone())
    }

    /// Element `n`'s attribute `name` as written.
    fn attr_raw(&self, n: usize, name: &str) -> Option<&str> {
        self.attr(n, name).and_then(|r| self.input.get(r))
    }

    /// Element `n`'s attribute `name`, references decoded, whitespace
    /// collapsed and trimmed; `None` when absent or empty.
    fn attr_value(&self, n: usize, name: &str) -> Option<String> {
        let r = self.attr(n, name)?;
        let v = render(self.input, &line_pieces(self.input, r));
        (!v.is_empty()).then_some(v)
    }

    /// Whether element `d` is inside element `a` (or is `a`).
    fn within(&self, d: usize, a: usize) -> bool {
        self.node(a).is_some_and(|x| a <= d && d <= x.last)
    }
}

/// Builds a [`Doc`] from tokens: the open elements and the standard's
/// rules for closing them.
struct Builder<'a> {
    /// The document so far.
    doc: Doc<'a>,
    /// Open elements, outermost first.
    stack: Vec<usize>,
    /// Per tag id, the positions in `stack` where it is open.
    open: Vec<Vec<usize>>,
    /// Positions in `stack` of open [`SCOPE`] elements.
    scopes: Vec<usize>,
    /// Ids of tag names that are not known tags.
    names: HashMap<String, usize>,
    /// Scratch for lowercasing names.
    buf: String,
    /// Whether a `<head>` was seen.
    head_seen: bool,
}

impl<'a> Builder<'a> {
    /// A builder for `input`.
    fn new(input: &'a str) -> Self {
        Builder {
            doc: Doc {
                input,
                nodes: Vec::new(),
                attrs: Vec::new(),
                evs: Vec::new(),
                own_text: Vec::new(),
                own_link: Vec::new(),
                root_text: 0,
                body: None,
                html: None,
            },
            stack: Vec::new(),
            open: vec![Vec::new(); N_KNOWN],
            scopes: Vec::new(),
            names: HashMap::new(),
            buf: String::new(),
            head_seen: false,
        }
    }

    /// The tag id of the name at `name` in the input.
    fn tag_id(&mut self, name: Range<usize>) -> usize {
        self.buf.clear();
        let s = self.doc.input.get(name).unwrap_or_default();
        self.buf.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        if let Some(k) = K::of(&self.buf) {
            return id(k);
        }
        if let Some(&t) = self.names.get(self.buf.as_str()) {
            return t;
        }
        let t = N_KNOWN + self.names.len();
        self.names.insert(self.buf.clone(), t);
        self.open.push(Vec::new());
        t
    }

    /// The topmost position of tag `tag` in the stack.
    fn top(&self, tag: usize) -> Option<usize> {
        self.open.get(tag).and_then(|v| v.last().copied())
    }

    /// The lowest position above `floor` where one of `tags` is open.
    fn lowest_above(&self, tags: &[K], floor: Option<usize>) -> Option<usize> {
        tags.iter()
            .filter_map(|&k| {
                let v = self.open.get(id(k))?;
                let i = v.partition_point(|&p| Some(p) <= floor);
                v.get(i).copied()
            })
            .min()
    }

    /// The position of `tag` when it is open with no [`SCOPE`] element
    /// nor one of `extra` above it.
    fn in_scope(&self, tag: usize, extra: &[K]) -> Option<usize> {
        let p = self.top(tag)?;
        let mut floor = self.scopes.last().copied();
        for &k in extra {
            floor = floor.max(self.top(id(k)));
        }
        match floor {
            Some(f) if p < f => None,
            _ => Some(p),
        }
    }

    /// The current element's tag id.
    fn current(&self) -> usize {
        self.stack.last().map_or(usize::MAX, |&n| self.doc.tag(n))
    }

    /// Opens an element.
    fn push(&mut self, tag: usize, attrs: Range<usize>, at: usize) -> usize {
        let n = self.doc.nodes.len();
        self.doc.nodes.push(Node {
            tag,
            parent: self.stack.last().copied(),
            attrs,
            at,
            open_ev: self.doc.evs.len(),
            close_ev: usize::MAX,
            last: n,
        });
        self.doc.evs.push(Ev::Open(n));
        self.doc.own_text.push(0);
        self.doc.own_link.push(0);
        let pos = self.stack.len();
        self.stack.push(n);
        if let Some(v) = self.open.get_mut(tag) {
            v.push(pos);
        }
        if tag_flags(tag) & SCOPE != 0 {
            self.scopes.push(pos);
        }
        n
    }

    /// Closes the current element at offset `at`.
    fn pop(&mut self, at: usize) {
        let Some(n) = self.stack.pop() else { return };
        let tag = self.doc.tag(n);
        if let Some(v) = self.open.get_mut(tag) {
            v.pop();
        }
        if tag_flags(tag) & SCOPE != 0 {
            self.scopes.pop();
        }
        let ev = self.doc.evs.len();
        let last = self.doc.nodes.len().saturating_sub(1);
        if let Some(x) = self.doc.nodes.get_mut(n) {
            x.close_ev = ev;
            x.last = last;
        }
        self.doc.evs.push(Ev::Close(n, at));
    }

    /// Closes elements until the one at stack position `pos` is closed.
    fn pop_to(&mut self, pos: usize, at: usize) {
        while self.stack.len() > pos {
            self.pop(at);
        }
    }

    /// Whether an SVG or MathML element is open.
    fn in_foreign(&self) -> bool {
        self.top(id(K::Svg)).is_some() || self.top(id(K::Math)).is_some()
    }

    /// A start tag `<tag attrs>` from `at` to `end`; the element when
    /// raw text follows it.
    fn start(
        &mut self,
        tag: usize,
        attrs: Range<usize>,
        self_closing: bool,
        at: usize,
        end: usize,
    ) -> Option<usize> {
        let fl = tag_flags(tag);
        if (is(tag, K::Html) && self.doc.html.is_some())
            || (is(tag, K::Body) && self.doc.body.is_some())
            || (is(tag, K::Head) && (self.head_seen || self.doc.body.is_some()))
        {
            return None;
        }
        if is(tag, K::Head) {
            self.head_seen = true;
        }
        if fl & IN_HEAD == 0
            && let Some(h) = self.top(id(K::Head))
        {
            self.pop_to(h, at);
        }
        if fl & CLOSES_P != 0
            && let Some(p) = self.in_scope(id(K::P), &[K::Button])
        {
            self.pop_to(p, at);
        }
        let close = match ALL.get(tag) {
            Some(K::Li) => self.in_scope(id(K::Li), &[K::Ul, K::Ol]),
            Some(K::Dd | K::Dt) => self
                .in_scope(id(K::Dd), &[K::Dl])
                .max(self.in_scope(id(K::Dt), &[K::Dl])),
            Some(K::H1 | K::H2 | K::H3 | K::H4 | K::H5 | K::H6) => {
                if is_heading(self.current()) {
                    self.stack.len().checked_sub(1)
                } else {
                    None
                }
            }
            Some(K::Tr) => self.lowest_above(&[K::Tr, K::Td, K::Th], self.top(id(K::Table))),
            Some(K::Td | K::Th) => {
                let floor = self.top(id(K::Table)).max(self.top(id(K::Tr)));
                self.lowest_above(&[K::Td, K::Th], floor)
            }
            Some(K::Thead | K::Tbody | K::Tfoot) => self.lowest_above(
                &[K::Thead, K::Tbody, K::Tfoot, K::Tr, K::Td, K::Th],
                self.top(id(K::Table)),
            ),
            Some(K::OptionTag) => {
                if is(self.current(), K::OptionTag) {
                    self.stack.len().checked_sub(1)
                } else {
                    None
                }
            }
            Some(K::A) => self.in_scope(id(K::A), &[]),
            _ => None,
        };
        if let Some(p) = close {
            self.pop_to(p, at);
        }
        let n = self.push(tag, attrs, at);
        if is(tag, K::Html) {
            self.doc.html = Some(n);
        } else if is(tag, K::Body) {
            self.doc.body = Some(n);
        }
        let foreign = fl & FOREIGN != 0 || self.in_foreign();
        if fl & VOID != 0 || (self_closing && (tag >= N_KNOWN || foreign)) {
            self.pop(end);
            return None;
        }
        (fl & (RAW | RCDATA) != 0).then_some(n)
    }

    /// An end tag `</tag>` from `at` to `end`.
    fn end(&mut self, tag: usize, at: usize, end: usize) {
        match ALL.get(tag) {
            Some(K::Html | K::Body) => return,
            Some(K::Br) => {
                self.start(tag, 0..0, false, at, end);
                return;
            }
            Some(K::P) if self.in_scope(tag, &[K::Button]).is_none() => {
                self.push(tag, 0..0, at);
                self.pop(end);
                return;
            }
            _ => {}
        }
        let extra: &[K] = match ALL.get(tag) {
            Some(K::Li) => &[K::Ul, K::Ol],
            Some(K::Dd | K::Dt) => &[K::Dl],
            _ => &[],
        };
        let table_part = matches!(
            ALL.get(tag),
            Some(K::Table | K::Caption | K::Thead | K::Tbody | K::Tfoot | K::Tr | K::Td | K::Th)
        );
        let mut pos = if table_part {
            // Table scope: cells and captions inside are closed with it.
            let floor = if is(tag, K::Table) {
                self.top(id(K::Template))
            } else {
                self.top(id(K::Table)).max(self.top(id(K::Template)))
            };
            self.top(tag).filter(|&p| floor.is_none_or(|f| p > f))
        } else {
            self.in_scope(tag, extra)
        };
        if pos.is_none() && is_heading(tag) {
            pos = [K::H1, K::H2, K::H3, K::H4, K::H5, K::H6]
                .iter()
                .filter_map(|&k| self.in_scope(id(k), &[]))
                .max();
        }
        if let Some(p) = pos {
            self.pop_to(p, at);
        }
    }

    /// Text at `r`.
    fn text(&mut self, r: Range<usize>) {
        let bytes = self.doc.input.as_bytes().get(r.clone()).unwrap_or_default();
        if bytes.is_empty() {
            return;
        }
        let count = bytes.iter().filter(|&&b| !is_ws(b)).count();
        if count > 0
            && let Some(h) = self.top(id(K::Head))
        {
            self.pop_to(h, r.start);
        }
        self.doc.evs.push(Ev::Text(r));
        let in_link = self.top(id(K::A)).is_some();
        match self.stack.last() {
            Some(&n) => {
                let own = if in_link {
                    self.doc.own_link.get_mut(n)
                } else {
                    self.doc.own_text.get_mut(n)
                };
                if let Some(o) = own {
                    *o = o.saturating_add(count);
                }
            }
            None => self.doc.root_text = self.doc.root_text.saturating_add(count),
        }
    }
}

// ---------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------

/// What starts at a `<`.
enum Markup {
    /// Nothing: the `<` is text.
    Text,
    /// Markup to drop (comment, doctype…), up to this offset.
    Skip(usize),
    /// A start tag: name, attributes (in [`Doc::attrs`]), self-closing,
    /// end offset.
    Start(Range<usize>, Range<usize>, bool, usize),
    /// An end tag: name, end offset.
    End(Range<usize>, usize),
}

/// The first `c` in `b` at or after `from`.
fn find_byte(b: &[u8], c: u8, from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| p + from)
}

/// The first `pat` in `b` at or after `from`.
fn find_sub(b: &[u8], pat: &[u8], from: usize) -> Option<usize> {
    let first = *pat.first()?;
    let mut k = from;
    while let Some(p) = find_byte(b, first, k) {
        if b.get(p..p + pat.len()) == Some(pat) {
            return Some(p);
        }
        k = p + 1;
    }
    None
}

/// The offset after the first `>` at or after `from`, else the end.
fn after_gt(b: &[u8], from: usize) -> usize {
    find_byte(b, b'>', from).map_or(b.len(), |p| p + 1)
}

/// Reads a tag whose name starts at `start`: its name, self-closing flag
/// and end offset, attributes pushed onto `attrs`; `None` when the input
/// ends inside it.
fn lex_tag(b: &[u8], start: usize, attrs: &mut Vec<Attr>) -> Option<(Range<usize>, bool, usize)> {
    let delim = |c: u8| is_ws(c) || c == b'/' || c == b'>';
    let mut j = start;
    while b.get(j).is_some_and(|&c| !delim(c)) {
        j += 1;
    }
    let name = start..j;
    let mut self_closing = false;
    loop {
        while b.get(j).is_some_and(|&c| is_ws(c)) {
            j += 1;
        }
        match *b.get(j)? {
            b'>' => return Some((name, self_closing, j + 1)),
            b'/' => {
                j += 1;
                self_closing = b.get(j) == Some(&b'>');
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let ns = j;
        j += 1;
        while b.get(j).is_some_and(|&c| !delim(c) && c != b'=') {
            j += 1;
        }
        let an = ns..j;
        while b.get(j).is_some_and(|&c| is_ws(c)) {
            j += 1;
        }
        let mut value = j..j;
        if b.get(j) == Some(&b'=') {
            j += 1;
            while b.get(j).is_some_and(|&c| is_ws(c)) {
                j += 1;
            }
            match *b.get(j)? {
                q @ (b'"' | b'\'') => {
                    let e = find_byte(b, q, j + 1)?;
                    value = j + 1..e;
                    j = e + 1;
                }
                _ => {
                    let s = j;
                    while b.get(j).is_some_and(|&c| !is_ws(c) && c != b'>') {
                        j += 1;
                    }
                    value = s..j;
                }
            }
        }
        attrs.push(Attr { name: an, value });
    }
}

/// What starts at the `<` at `lt`.
fn lex_markup(b: &[u8], lt: usize, attrs: &mut Vec<Attr>) -> Markup {
    let at = |k: usize| b.get(lt + k).copied();
    match at(1) {
        Some(c) if c.is_ascii_alphabetic() => {
            let mark = attrs.len();
            match lex_tag(b, lt + 1, attrs) {
                Some((name, sc, end)) => Markup::Start(name, mark..attrs.len(), sc, end),
                None => {
                    attrs.truncate(mark);
                    Markup::Skip(b.len())
                }
            }
        }
        Some(b'/') => match at(2) {
            Some(c) if c.is_ascii_alphabetic() => {
                let mark = attrs.len();
                let tag = lex_tag(b, lt + 2, attrs);
                attrs.truncate(mark);
                match tag {
                    Some((name, _, end)) => Markup::End(name, end),
                    None => Markup::Skip(b.len()),
                }
            }
            Some(b'>') => Markup::Skip(lt + 3),
            None => Markup::Text,
            Some(_) => Markup::Skip(after_gt(b, lt + 2)),
        },
        Some(b'!') => {
            if b.get(lt..lt + 4) == Some(b"<!--") {
                if at(4) == Some(b'>') {
                    Markup::Skip(lt + 5)
                } else if b.get(lt + 4..lt + 6) == Some(b"->") {
                    Markup::Skip(lt + 6)
                } else {
                    Markup::Skip(find_sub(b, b"-->", lt + 4).map_or(b.len(), |p| p + 3))
                }
            } else if b
                .get(lt + 2..lt + 9)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"[CDATA["))
            {
                Markup::Skip(find_sub(b, b"]]>", lt + 9).map_or(b.len(), |p| p + 3))
            } else {
                Markup::Skip(after_gt(b, lt + 2))
            }
        }
        Some(b'?') => Markup::Skip(after_gt(b, lt + 2)),
        _ => Markup::Text,
    }
}

/// Where the raw text starting at `from` ends: the `<` of `</name`
/// followed by whitespace, `/` or `>`, else the end of the input.
fn raw_end(b: &[u8], from: usize, name: &str) -> usize {
    let name = name.as_bytes();
    let mut k = from;
    while let Some(p) = find_byte(b, b'<', k) {
        let after = p + 2 + name.len();
        if b.get(p + 1) == Some(&b'/')
            && b.get(p + 2..after)
                .is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
        {
            return p;
        }
        k = p + 1;
    }
    b.len()
}

/// Parses `input` into elements and events.
fn parse(input: &str) -> Doc<'_> {
    let b = input.as_bytes();
    let mut bl = Builder::new(input);
    // A byte order mark left by the decoder is not text.
    let mut i = if input.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut text_from = i;
    while let Some(lt) = find_byte(b, b'<', i) {
        let m = lex_markup(b, lt, &mut bl.doc.attrs);
        if matches!(m, Markup::Text) {
            i = lt + 1;
            continue;
        }
        bl.text(text_from..lt);
        let next = match m {
            Markup::Text => lt + 1,
            Markup::Skip(end) => end,
            Markup::Start(name, attrs, sc, end) => {
                let tag = bl.tag_id(name);
                match bl.start(tag, attrs, sc, lt, end) {
                    Some(_) => {
                        let stop = NAMES.get(tag).map_or(b.len(), |name| raw_end(b, end, name));
                        if stop > end {
                            let r = end..stop;
                            let ev = if tag_flags(tag) & RCDATA != 0 {
                                Ev::Text(r)
                            } else {
                                Ev::Raw(r)
                            };
                            bl.doc.evs.push(ev);
                        }
                        stop
                    }
                    None => end,
                }
            }
            Markup::End(name, end) => {
                let tag = bl.tag_id(name);
                bl.end(tag, lt, end);
                end
            }
        };
        i = next.max(lt + 1);
        text_from = next;
    }
    bl.text(text_from..b.len());
    bl.pop_to(0, b.len());
    bl.doc
}

// ---------------------------------------------------------------------
// Character references
// ---------------------------------------------------------------------

/// Named references for U+00A0 to U+00FF, in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Greek capitals from U+0391 (U+03A2 has none).
const GREEK_UPPER: [&str; 25] = [
    "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
    "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "", "Sigma", "Tau", "Upsilon", "Phi",
    "Chi", "Psi", "Omega",
];

/// Greek small letters from U+03B1.
const GREEK_LOWER: [&str; 25] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
];

/// Other named references.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("hellip", '\u{2026}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201A}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("bdquo", '\u{201E}'),
    ("trade", '\u{2122}'),
    ("bull", '\u{2022}'),
    ("bullet", '\u{2022}'),
    ("OElig", '\u{152}'),
    ("oelig", '\u{153}'),
    ("Scaron", '\u{160}'),
    ("scaron", '\u{161}'),
    ("Yuml", '\u{178}'),
    ("fnof", '\u{192}'),
    ("circ", '\u{2C6}'),
    ("tilde", '\u{2DC}'),
    ("thetasym", '\u{3D1}'),
    ("upsih", '\u{3D2}'),
    ("piv", '\u{3D6}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("ZeroWidthSpace", '\u{200B}'),
    ("hyphen", '\u{2010}'),
    ("dash", '\u{2010}'),
    ("horbar", '\u{2015}'),
    ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'),
    ("permil", '\u{2030}'),
    ("prime", '\u{2032}'),
    ("Prime", '\u{2033}'),
    ("lsaquo", '\u{2039}'),
    ("rsaquo", '\u{203A}'),
    ("oline", '\u{203E}'),
    ("frasl", '\u{2044}'),
    ("euro", '\u{20AC}'),
    ("image", '\u{2111}'),
    ("weierp", '\u{2118}'),
    ("real", '\u{211C}'),
    ("alefsym", '\u{2135}'),
    ("larr", '\u{2190}'),
    ("uarr", '\u{2191}'),
    ("rarr", '\u{2192}'),
    ("darr", '\u{2193}'),
    ("harr", '\u{2194}'),
    ("crarr", '\u{21B5}'),
    ("lArr", '\u{21D0}'),
    ("uArr", '\u{21D1}'),
    ("rArr", '\u{21D2}'),
    ("dArr", '\u{21D3}'),
    ("hArr", '\u{21D4}'),
    ("forall", '\u{2200}'),
    ("part", '\u{2202}'),
    ("exist", '\u{2203}'),
    ("empty", '\u{2205}'),
    ("nabla", '\u{2207}'),
    ("isin", '\u{2208}'),
    ("notin", '\u{2209}'),
    ("ni", '\u{220B}'),
    ("prod", '\u{220F}'),
    ("sum", '\u{2211}'),
    ("minus", '\u{2212}'),
    ("lowast", '\u{2217}'),
    ("radic", '\u{221A}'),
    ("prop", '\u{221D}'),
    ("infin", '\u{221E}'),
    ("ang", '\u{2220}'),
    ("and", '\u{2227}'),
    ("or", '\u{2228}'),
    ("cap", '\u{2229}'),
    ("cup", '\u{222A}'),
    ("int", '\u{222B}'),
    ("there4", '\u{2234}'),
    ("sim", '\u{223C}'),
    ("cong", '\u{2245}'),
    ("asymp", '\u{2248}'),
    ("ne", '\u{2260}'),
    ("equiv", '\u{2261}'),
    ("le", '\u{2264}'),
    ("ge", '\u{2265}'),
    ("sub", '\u{2282}'),
    ("sup", '\u{2283}'),
    ("nsub", '\u{2284}'),
    ("sube", '\u{2286}'),
    ("supe", '\u{2287}'),
    ("oplus", '\u{2295}'),
    ("otimes", '\u{2297}'),
    ("perp", '\u{22A5}'),
    ("sdot", '\u{22C5}'),
    ("lceil", '\u{2308}'),
    ("rceil", '\u{2309}'),
    ("lfloor", '\u{230A}'),
    ("rfloor", '\u{230B}'),
    ("lang", '\u{2329}'),
    ("rang", '\u{232A}'),
    ("loz", '\u{25CA}'),
    ("spades", '\u{2660}'),
    ("clubs", '\u{2663}'),
    ("hearts", '\u{2665}'),
    ("diams", '\u{2666}'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("excl", '!'),
    ("num", '#'),
    ("dollar", '$'),
    ("percnt", '%'),
    ("lpar", '('),
    ("rpar", ')'),
    ("ast", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("period", '.'),
    ("sol", '/'),
    ("colon", ':'),
    ("semi", ';'),
    ("equals", '='),
    ("quest", '?'),
    ("commat", '@'),
    ("lsqb", '['),
    ("lbrack", '['),
    ("bsol", '\\'),
    ("rsqb", ']'),
    ("rbrack", ']'),
    ("Hat", '^'),
    ("lowbar", '_'),
    ("grave", '`'),
    ("lcub", '{'),
    ("lbrace", '{'),
    ("vert", '|'),
    ("verbar", '|'),
    ("rcub", '}'),
    ("rbrace", '}'),
    ("half", '\u{BD}'),
    ("centerdot", '\u{B7}'),
];

/// Named references that are read without their `;` (when no letter,
/// digit or `=` follows).
const LEGACY: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// Windows-1252 characters for the numeric references 128 to 159 (NUL:
/// none).
const CP1252: [char; 32] = [
    '\u{20AC}', '\0', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\0', '\u{017D}', '\0', '\0',
    '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}',
    '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\0', '\u{017E}', '\u{0178}',
];

/// The character of named reference `name` (case-sensitive).
fn named(name: &str) -> Option<char> {
    let from = |list: &[&str], base: u32| {
        list.iter()
            .position(|&n| n == name && !n.is_empty())
            .and_then(|i| u32::try_from(i).ok())
            .and_then(|i| char::from_u32(base + i))
    };
    from(&LATIN1, 0xA0)
        .or_else(|| from(&GREEK_UPPER, 0x391))
        .or_else(|| from(&GREEK_LOWER, 0x3B1))
        .or_else(|| NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c))
}

/// The character of numeric reference value `v`, if it stands for one
/// we keep.
fn numeric_char(v: u32) -> Option<char> {
    match v {
        0x80..=0x9F => CP1252
            .get(usize::try_from(v - 0x80).ok()?)
            .copied()
            .filter(|&c| c != '\0'),
        0x09 | 0x0A | 0x0C | 0x0D => char::from_u32(v),
        0..=0x1F | 0x7F => None,
        _ => char::from_u32(v),
    }
}

/// The character reference starting at the `&` at `i` in `b`, not
/// reading past `end`: its character and end offset.
fn reference(b: &[u8], i: usize, end: usize) -> Option<(char, usize)> {
    let s = b.get(i..end)?;
    if s.first() != Some(&b'&') {
        return None;
    }
    if s.get(1) == Some(&b'#') {
        let hex = matches!(s.get(2), Some(b'x' | b'X'));
        let radix = if hex { 16 } else { 10 };
        let mut j = if hex { 3 } else { 2 };
        let digits = j;
        let mut v: u32 = 0;
        while let Some(d) = s.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
            v = v.saturating_mul(radix).saturating_add(d);
            j += 1;
        }
        if j == digits {
            return None;
        }
        if s.get(j) == Some(&b';') {
            j += 1;
        }
        return numeric_char(v).map(|c| (c, i + j));
    }
    let mut j = 1;
    while j <= 32 && s.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    let name = std::str::from_utf8(s.get(1..j)?).ok()?;
    if name.is_empty() {
        return None;
    }
    let c = named(name)?;
    match s.get(j) {
        Some(b';') => Some((c, i + j + 1)),
        next if LEGACY.contains(&name)
            && !next.is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'=') =>
        {
            Some((c, i + j))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------
// Text: pieces and whitespace
// ---------------------------------------------------------------------

/// No separator pending.
const NONE: u8 = 0;
/// A space pending.
const SPACE: u8 = 1;
/// A line break pending.
const LINE: u8 = 2;
/// A paragraph break pending.
const PARA: u8 = 3;

/// Collects pieces, turning whitespace and breaks into single gaps
/// between content, none at either end.
#[derive(Default)]
struct Sink {
    /// The pieces so far.
    pieces: Vec<Piece>,
    /// The separator pending before the next content.
    level: u8,
    /// Where the pending separator is placed.
    at: usize,
    /// `<br>`s (or line ends in `<pre>`) since the last content.
    brs: u8,
    /// Whether every break is a space (titles, values).
    one_line: bool,
}

impl Sink {
    /// A sink for one line.
    fn line() -> Self {
        Sink {
            one_line: true,
            ..Sink::default()
        }
    }

    /// Asks for a separator of `level` at `at` before the next content.
    fn raise(&mut self, level: u8, at: usize) {
        if !self.pieces.is_empty() && level > self.level {
            self.level = level;
            self.at = at;
        }
    }

    /// A line break (`<br>`); two in a row are a paragraph break.
    fn br(&mut self, at: usize) {
        if self.pieces.is_empty() {
            return;
        }
        self.brs = self.brs.saturating_add(1);
        self.raise(if self.brs >= 2 { PARA } else { LINE }, at);
    }

    /// Adds content, after the pending separator.
    fn push(&mut self, p: Piece) {
        if !self.pieces.is_empty() && self.level != NONE {
            let gap = match self.level {
                _ if self.one_line => " ",
                SPACE => " ",
                LINE => "\n",
                _ => "\n\n",
            };
            self.pieces.push(Piece::Gap(gap, self.at));
        }
        self.level = NONE;
        self.brs = 0;
        self.pieces.push(p);
    }

    /// Adds `input[r]` verbatim, if not empty.
    fn copy(&mut self, r: Range<usize>) {
        if r.start < r.end {
            self.push(Piece::Copy(r));
        }
    }

    /// Adds the text at `r` of `input`: references decoded, whitespace
    /// collapsed (line ends are breaks when `pre`).
    fn text(&mut self, input: &str, r: Range<usize>, pre: bool) {
        let b = input.as_bytes();
        let end = r.end.min(b.len());
        let mut i = r.start;
        let mut run = i;
        while i < end {
            let Some(&c) = b.get(i) else { break };
            if space_len(b, i, end) > 0 {
                self.copy(run..i);
                let ws = i;
                loop {
                    let l = space_len(b, i, end);
                    if l == 0 {
                        break;
                    }
                    if pre && b.get(i) == Some(&b'\n') {
                        self.br(i);
                    }
                    i += l;
                }
                self.raise(SPACE, ws);
                run = i;
            } else if c == 0xEF && b.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]) && i + 3 <= end {
                // U+FEFF, a byte order mark pasted mid-text: nothing.
                self.copy(run..i);
                i += 3;
                run = i;
            } else if c == b'&' {
                if let Some((ch, e)) = reference(b, i, end) {
                    self.copy(run..i);
                    if pre && ch == '\n' {
                        self.br(i);
                    } else if ch == '\u{FEFF}' {
                    } else if is_space_char(ch) {
                        self.raise(SPACE, i);
                    } else {
                        self.push(Piece::Char(ch, i..e));
                    }
                    i = e;
                    run = i;
                } else {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
        self.copy(run..end.max(run));
    }
}

/// The pieces of `input[r]` as one line.
fn line_pieces(input: &str, r: Range<usize>) -> Vec<Piece> {
    let mut sink = Sink::line();
    sink.text(input, r, false);
    sink.pieces
}

/// The text that `pieces` of `input` stand for.
fn render(input: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Copy(r) => out.push_str(input.get(r.clone()).unwrap_or_default()),
            Piece::Char(c, _) => out.push(*c),
            Piece::Gap(s, _) => out.push_str(s),
        }
    }
    out
}

/// `s` with references decoded and whitespace collapsed and trimmed.
fn clean(s: &str) -> String {
    render(s, &line_pieces(s, 0..s.len()))
}

// ---------------------------------------------------------------------
// Chrome
// ---------------------------------------------------------------------

/// Words of `class`, `id` and `aria-labelledby` values that mark an
/// element as page chrome.
const CHROME_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adsbygoogle",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "copyright",
    "disqus",
    "dropdown",
    "follow",
    "footer",
    "ftr",
    "gdpr",
    "hdr",
    "header",
    "login",
    "logo",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pager",
    "pagination",
    "popular",
    "popup",
    "promo",
    "recommended",
    "related",
    "search",
    "share",
    "shares",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "social",
    "sponsor",
    "sponsored",
    "submenu",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "ticker",
    "toolbar",
    "trending",
];

/// Whole class names that hide an element.
const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "is-hidden",
    "invisible",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "screen-reader-only",
    "element-invisible",
    "visuallyhidden",
];

/// Prefixes of taxonomy classes (WordPress puts `tag-social-media` or
/// `category-ads` on an article), whose words are not read.
const TAXONOMY_PREFIXES: &[&str] = &["tag-", "tag_", "category-", "category_"];

/// Pairs of consecutive words that mark chrome.
const CHROME_PAIRS: &[(&str, &str)] = &[("sr", "only"), ("visually", "hidden")];

/// `role` values that mark chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
];

/// Longest word compared with [`CHROME_WORDS`].
const MAX_WORD: usize = 24;

/// Calls `f` with each word of `v`, lowercase: words are split at
/// non-alphanumerics and where a lowercase letter is followed by a
/// capital (`relatedArticles`); words longer than [`MAX_WORD`] are
/// passed as empty. Stops when `f` returns true, and returns whether
/// it did.
fn for_each_word(v: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut buf = [0u8; MAX_WORD];
    let mut len = 0usize;
    let mut long = false;
    let mut flush = |buf: &[u8; MAX_WORD], len: &mut usize, long: &mut bool| -> bool {
        if *len == 0 && !*long {
            return false;
        }
        let w = if *long {
            ""
        } else {
            buf.get(..*len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .unwrap_or("")
        };
        *len = 0;
        *long = false;
        f(w)
    };
    let mut last_lower = false;
    for c in v.bytes() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && last_lower && flush(&buf, &mut len, &mut long) {
                return true;
            }
            match buf.get_mut(len) {
                Some(slot) => {
                    *slot = c.to_ascii_lowercase();
                    len += 1;
                }
                None => long = true,
            }
            last_lower = c.is_ascii_lowercase();
        } else {
            if flush(&buf, &mut len, &mut long) {
                return true;
            }
            last_lower = false;
        }
    }
    flush(&buf, &mut len, &mut long)
}

/// Whether an attribute value has a chrome word (see [`for_each_word`])
/// or a pair of [`CHROME_PAIRS`].
fn has_chrome_word(v: &str) -> bool {
    let mut prev = [0u8; MAX_WORD];
    let mut prev_len = 0;
    for_each_word(v, |w| {
        let p = prev
            .get(..prev_len)
            .and_then(|s| std::str::from_utf8(s).ok())
            .unwrap_or("");
        if CHROME_WORDS.contains(&w) || CHROME_PAIRS.iter().any(|&(a, b)| b == w && p == a) {
            return true;
        }
        prev_len = w.len().min(MAX_WORD);
        if let (Some(dst), Some(src)) = (prev.get_mut(..prev_len), w.as_bytes().get(..prev_len)) {
            dst.copy_from_slice(src);
        }
        false
    })
}

/// First words of a class that names a state, not a part of the page
/// (`has-ads`, `no-sidebar`, `enable-pin-share`, `is-sticky-share`).
const STATE_WORDS: &[&str] = &[
    "has", "no", "with", "without", "enable", "enabled", "disable", "disabled", "show", "hide",
    "can", "allow", "is",
];

/// Last words of a class that names a state (`modal-enabled`,
/// `menu-open`).
const STATE_SUFFIXES: &[&str] = &[
    "enabled", "disabled", "active", "open", "opened", "visible", "loaded", "ready",
];

/// Whether a class names chrome: not a taxonomy class (`tag-…`), not
/// a state (see [`STATE_WORDS`], [`STATE_SUFFIXES`]), its BEM modifier
/// (after `--`) not read, a chrome word in what is left.
fn class_is_chrome(class: &str) -> bool {
    if TAXONOMY_PREFIXES.iter().any(|p| {
        class
            .get(..p.len())
            .is_some_and(|c| c.eq_ignore_ascii_case(p))
    }) {
        return false;
    }
    let class = class.split("--").next().unwrap_or_default();
    let first_end = class
        .char_indices()
        .skip(1)
        .find(|&(i, c)| {
            !c.is_ascii_alphanumeric()
                || (c.is_ascii_uppercase()
                    && class
                        .get(..i)
                        .and_then(|s| s.chars().last())
                        .is_some_and(|p| p.is_ascii_lowercase()))
        })
        .map_or(class.len(), |(i, _)| i);
    let first = class.get(..first_end).unwrap_or_default();
    let last = class
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    if STATE_WORDS.iter().any(|w| first.eq_ignore_ascii_case(w))
        || (last.len() < class.len() && STATE_SUFFIXES.iter().any(|w| last.eq_ignore_ascii_case(w)))
    {
        return false;
    }
    has_chrome_word(class)
}

/// Whether element `n`'s attributes mark it as chrome: hiding
/// attributes on any element; chrome words and roles (`names`) only on
/// blocks, cells and custom elements other than `<html>`, `<body>`,
/// `<main>`, `<article>` and the article body.
fn chrome_by_attrs(doc: &Doc, n: usize) -> bool {
    let tag = doc.tag(n);
    let names = (tag_flags(tag) & (BLOCK | CELL) != 0 || tag >= N_KNOWN)
        && !matches!(ALL.get(tag), Some(K::Html | K::Body | K::Main | K::Article))
        && !is_article_body(doc, n);
    doc.attrs_of(n).iter().any(|a| {
        let name = doc.input.get(a.name.clone()).unwrap_or_default();
        let value = doc.input.get(a.value.clone()).unwrap_or_default();
        let name_is = |s: &str| name.eq_ignore_ascii_case(s);
        if name_is("class") {
            value.split_ascii_whitespace().any(|class| {
                HIDING_CLASSES.iter().any(|h| class.eq_ignore_ascii_case(h))
                    || (names && class_is_chrome(class))
            })
        } else if name_is("id") || name_is("aria-labelledby") {
            names && value.split_ascii_whitespace().any(class_is_chrome)
        } else if name_is("role") {
            names
                && value
                    .split_ascii_whitespace()
                    .any(|r| CHROME_ROLES.iter().any(|c| r.eq_ignore_ascii_case(c)))
        } else if name_is("hidden") {
            true
        } else if name_is("aria-hidden") {
            value.trim().eq_ignore_ascii_case("true")
        } else if name_is("style") {
            let s: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        } else {
            false
        }
    })
}

/// Whether element `n` is `<main>` or has `role="main"`.
fn is_main(doc: &Doc, n: usize) -> bool {
    is(doc.tag(n), K::Main)
        || doc
            .attr_raw(n, "role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// First words of a content name (`entry-content`, `story-body`…).
const CONTENT_FIRST: &[&str] = &[
    "article", "story", "post", "entry", "news", "blog", "detail", "details", "main", "single",
];
/// Second words of a content name.
const CONTENT_SECOND: &[&str] = &["body", "content", "contents", "text"];

/// Whether a class or id value names the article's content: a word of
/// [`CONTENT_FIRST`] then one of [`CONTENT_SECOND`] (`entry-content`,
/// `article__body`, `storyText`), or `articlebody`-like run-together.
fn is_content_name(v: &str) -> bool {
    let mut prev_first = false;
    for_each_word(v, |w| {
        if (prev_first && CONTENT_SECOND.contains(&w))
            || CONTENT_FIRST.iter().any(|f| {
                w.strip_prefix(f)
                    .is_some_and(|r| CONTENT_SECOND.contains(&r))
            })
        {
            return true;
        }
        prev_first = CONTENT_FIRST.contains(&w);
        false
    })
}

/// Whether element `n`'s class or id names the article's content.
fn content_by_attrs(doc: &Doc, n: usize) -> bool {
    ["class", "id"].iter().any(|a| {
        doc.attr_raw(n, a)
            .is_some_and(|v| v.split_ascii_whitespace().any(is_content_name))
    })
}

/// Whether element `n` has `itemprop="articleBody"`.
fn is_article_body(doc: &Doc, n: usize) -> bool {
    doc.attr_raw(n, "itemprop").is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("articleBody"))
    })
}

// ---------------------------------------------------------------------
// Analysis: what is dropped, how much text each element holds
// ---------------------------------------------------------------------

/// Per element: whether it is dropped, and its text.
struct Analysis {
    /// Dropped itself (hard, or soft and not most of the page).
    drop: Vec<bool>,
    /// Inside a dropped element.
    under: Vec<bool>,
    /// Non-whitespace bytes of text outside links, not counting dropped
    /// elements.
    len: Vec<usize>,
    /// Likewise inside links.
    link: Vec<usize>,
    /// `<a>` elements inside (itself included), not counting dropped
    /// elements.
    anchors: Vec<usize>,
    /// The element named like the article's content (`entry-content`,
    /// `story-body`…) with the most text.
    content: Option<usize>,
}

impl Analysis {
    /// Analyses `doc`.
    fn new(doc: &Doc) -> Self {
        let n = doc.nodes.len();
        let hard: Vec<bool> = doc
            .nodes
            .iter()
            .map(|x| tag_flags(x.tag) & HARD != 0)
            .collect();
        let soft: Vec<bool> = (0..n)
            .map(|i| tag_flags(doc.tag(i)) & SOFT != 0 || chrome_by_attrs(doc, i))
            .collect();
        // Text outside links but in soft chrome, to tell wrappers from
        // chrome (a mega-menu is links).
        let mut raw: Vec<usize> = doc.own_text.clone();
        for i in (0..n).rev() {
            if hard.get(i).copied().unwrap_or(true) {
                continue;
            }
            let v = raw.get(i).copied().unwrap_or(0);
            if let Some(p) = doc.node(i).and_then(|x| x.parent)
                && let Some(slot) = raw.get_mut(p)
            {
                *slot = slot.saturating_add(v);
            }
        }
        let mut under_hard = vec![false; n];
        for i in 0..n {
            if let Some(p) = doc.node(i).and_then(|x| x.parent) {
                let u = hard.get(p).copied().unwrap_or(false)
                    || under_hard.get(p).copied().unwrap_or(false);
                if let Some(slot) = under_hard.get_mut(i) {
                    *slot = u;
                }
            }
        }
        // The element named like the article's content with the most
        // text (`entry-content`, `story-body`…).
        let content = (0..n)
            .filter(|&i| {
                !hard.get(i).copied().unwrap_or(true)
                    && !under_hard.get(i).copied().unwrap_or(true)
                    && content_by_attrs(doc, i)
            })
            .fold(None, |best: Option<usize>, i| match best {
                Some(b) if raw.get(b) >= raw.get(i) => Some(b),
                _ => Some(i),
            })
            .filter(|&i| raw.get(i).is_some_and(|&r| r > 0));
        // Elements around an article body or the main element (never
        // dropped as chrome: some sites put the article in an `<aside>`),
        // and around that content element (not dropped for a class).
        let mark = |marks: &mut Vec<bool>, i: usize| {
            let mut a = Some(i);
            while let Some(x) = a {
                match marks.get_mut(x) {
                    Some(h) if !*h => *h = true,
                    _ => break,
                }
                a = doc.node(x).and_then(|y| y.parent);
            }
        };
        let mut holds_body = vec![false; n];
        for i in (0..n).filter(|&i| is_article_body(doc, i) || is_main(doc, i)) {
            mark(&mut holds_body, i);
        }
        let mut holds_content = holds_body.clone();
        if let Some(c) = content {
            mark(&mut holds_content, c);
        }
        let total = match doc.body {
            Some(b) => raw.get(b).copied().unwrap_or(0),
            None => doc
                .nodes
                .iter()
                .enumerate()
                .fold(doc.root_text, |acc, (i, x)| {
                    if x.parent.is_none() && !hard.get(i).copied().unwrap_or(true) {
                        acc.saturating_add(raw.get(i).copied().unwrap_or(0))
                    } else {
                        acc
                    }
                }),
        };
        let drop: Vec<bool> = (0..n)
            .map(|i| {
                hard.get(i).copied().unwrap_or(true)
                    || (tag_flags(doc.tag(i)) & CHROME != 0
                        && !holds_body.get(i).copied().unwrap_or(false))
                    || (soft.get(i).copied().unwrap_or(false)
                        && !holds_content.get(i).copied().unwrap_or(false)
                        && raw.get(i).copied().unwrap_or(0).saturating_mul(2) <= total)
            })
            .collect();
        let mut len = doc.own_text.clone();
        let mut link = doc.own_link.clone();
        let mut anchors: Vec<usize> = doc
            .nodes
            .iter()
            .map(|x| usize::from(is(x.tag, K::A)))
            .collect();
        for i in (0..n).rev() {
            if drop.get(i).copied().unwrap_or(true) {
                continue;
            }
            let Some(p) = doc.node(i).and_then(|x| x.parent) else {
                continue;
            };
            for v in [&mut len, &mut link, &mut anchors] {
                let add = v.get(i).copied().unwrap_or(0);
                if let Some(slot) = v.get_mut(p) {
                    *slot = slot.saturating_add(add);
                }
            }
        }
        let mut under = vec![false; n];
        for i in 0..n {
            if let Some(p) = doc.node(i).and_then(|x| x.parent) {
                let u =
                    drop.get(p).copied().unwrap_or(false) || under.get(p).copied().unwrap_or(false);
                if let Some(slot) = under.get_mut(i) {
                    *slot = u;
                }
            }
        }
        Analysis {
            drop,
            under,
            len,
            link,
            anchors,
            content,
        }
    }

    /// Whether element `n` is dropped.
    fn dropped(&self, n: usize) -> bool {
        self.drop.get(n).copied().unwrap_or(true)
    }

    /// Whether element `n` is kept and not inside a dropped element.
    fn visible(&self, n: usize) -> bool {
        !self.dropped(n) && !self.under.get(n).copied().unwrap_or(true)
    }

    /// Element `n`'s text outside links.
    fn len(&self, n: usize) -> usize {
        self.len.get(n).copied().unwrap_or(0)
    }

    /// Whether element `n` is a list of links (90% link text, two links
    /// or more) of a kind that is dropped inside the article.
    fn link_list(&self, doc: &Doc, n: usize) -> bool {
        let kind = matches!(
            ALL.get(doc.tag(n)),
            Some(K::Ul | K::Ol | K::Dl | K::Div | K::Section | K::Table)
        );
        let link = self.link.get(n).copied().unwrap_or(0);
        let all = link.saturating_add(self.len(n));
        kind && all > 0
            && link.saturating_mul(10) >= all.saturating_mul(9)
            && self.anchors.get(n).copied().unwrap_or(0) >= 2
    }
}

/// The elements the article is taken from, in page order (`None`: the
/// whole page).
fn choose(doc: &Doc, an: &Analysis) -> Option<Vec<usize>> {
    let whole = match doc.body {
        Some(b) => an.len(b),
        None => doc
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, x)| x.parent.is_none() && !an.dropped(*i))
            .fold(doc.root_text, |a, (i, _)| a.saturating_add(an.len(i))),
    };
    let enough = |l: usize| l > 0 && l.saturating_mul(5) >= whole;
    let n = doc.nodes.len();
    // Outermost articleBody elements.
    let mut bodies = Vec::new();
    let mut inside_until: Option<usize> = None;
    for i in 0..n {
        if inside_until.is_some_and(|last| i <= last) {
            continue;
        }
        if is_article_body(doc, i) && an.visible(i) {
            bodies.push(i);
            inside_until = doc.node(i).map(|x| x.last);
        }
    }
    if enough(bodies.iter().map(|&b| an.len(b)).sum()) {
        return Some(bodies);
    }
    let best = |pred: &dyn Fn(usize) -> bool| {
        (0..n)
            .filter(|&i| pred(i) && an.visible(i))
            .fold(None, |best: Option<usize>, i| match best {
                Some(b) if an.len(b) >= an.len(i) => Some(b),
                _ => Some(i),
            })
            .filter(|&i| enough(an.len(i)))
    };
    if let Some(a) = best(&|i| is(doc.tag(i), K::Article)) {
        return Some(vec![a]);
    }
    if let Some(m) = best(&|i| is_main(doc, i)) {
        return Some(vec![m]);
    }
    if let Some(c) = an.content
        && an.visible(c)
        && enough(an.len(c))
    {
        return Some(vec![c]);
    }
    doc.body.map(|b| vec![b])
}

/// Adds the text of events `evs` to `sink`: dropped elements (and, when
/// `lists`, lists of links) other than `keep` skipped.
fn walk(
    doc: &Doc,
    an: &Analysis,
    evs: Range<usize>,
    keep: Option<usize>,
    lists: bool,
    sink: &mut Sink,
) {
    let mut pre = 0usize;
    let mut k = evs.start;
    while k < evs.end {
        let Some(ev) = doc.evs.get(k) else { break };
        match ev {
            Ev::Open(n) => {
                let n = *n;
                let Some(node) = doc.node(n) else { break };
                let fl = tag_flags(node.tag);
                if Some(n) != keep && (an.dropped(n) || (lists && an.link_list(doc, n))) {
                    if fl & BLOCK != 0 {
                        sink.raise(PARA, node.at);
                    } else if fl & REPLACED != 0 {
                        sink.raise(SPACE, node.at);
                    }
                    k = node.close_ev.saturating_add(1).max(k + 1);
                    continue;
                }
                if is(node.tag, K::Br) {
                    sink.br(node.at);
                } else if fl & BLOCK != 0 {
                    sink.raise(PARA, node.at);
                } else if fl & (CELL | REPLACED) != 0 {
                    sink.raise(SPACE, node.at);
                }
                if is(node.tag, K::Pre) {
                    pre += 1;
                }
            }
            Ev::Close(n, at) => {
                let tag = doc.tag(*n);
                let fl = tag_flags(tag);
                if fl & BLOCK != 0 {
                    sink.raise(PARA, *at);
                } else if fl & CELL != 0 {
                    sink.raise(SPACE, *at);
                }
                if is(tag, K::Pre) {
                    pre = pre.saturating_sub(1);
                }
            }
            Ev::Text(r) => sink.text(doc.input, r.clone(), pre > 0),
            Ev::Raw(_) => {}
        }
        k += 1;
    }
}

/// The events of element `n` (its open to its close).
fn events_of(doc: &Doc, n: usize) -> Range<usize> {
    doc.node(n).map_or(0..0, |x| {
        x.open_ev..x.close_ev.saturating_add(1).min(doc.evs.len())
    })
}

// ---------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------

/// Metadata fields, in the order they are returned.
const FIELDS: [&str; 9] = [
    "date",
    "source",
    "url",
    "author",
    "lang",
    "description",
    "section",
    "keywords",
    "modified",
];

/// Index of `date` in [`FIELDS`].
const DATE: usize = 0;
/// Index of `source`.
const SOURCE: usize = 1;
/// Index of `url`.
const URL: usize = 2;
/// Index of `author`.
const AUTHOR: usize = 3;
/// Index of `lang`.
const LANG: usize = 4;
/// Index of `description`.
const DESCRIPTION: usize = 5;
/// Index of `section`.
const SECTION: usize = 6;
/// Index of `keywords`.
const KEYWORDS: usize = 7;
/// Index of `modified`.
const MODIFIED: usize = 8;

/// The field and rank (lower wins) a `<meta>` name gives its content.
fn meta_field(key: &str) -> Option<(usize, u8)> {
    Some(match key {
        "article:published_time" => (DATE, 0),
        "og:published_time" | "og:article:published_time" => (DATE, 1),
        "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "dc.date.issued"
        | "dcterms.created"
        | "dcterms.issued"
        | "dc.date"
        | "dcterms.date"
        | "sailthru.date"
        | "parsely-pub-date"
        | "original-publish-date" => (DATE, 2),
        "og:site_name" => (SOURCE, 0),
        "application-name" => (SOURCE, 1),
        "og:url" => (URL, 0),
        "author" => (AUTHOR, 0),
        "article:author" => (AUTHOR, 1),
        "dc.creator" => (AUTHOR, 2),
        "content-language" => (LANG, 1),
        "og:locale" | "dc.language" => (LANG, 2),
        "og:description" => (DESCRIPTION, 0),
        "description" => (DESCRIPTION, 1),
        "twitter:description" => (DESCRIPTION, 2),
        "article:section" => (SECTION, 0),
        "keywords" => (KEYWORDS, 0),
        "news_keywords" => (KEYWORDS, 1),
        "article:modified_time" => (MODIFIED, 0),
        "og:updated_time" => (MODIFIED, 1),
        _ => return None,
    })
}

/// The best value found so far per field.
#[derive(Default)]
struct MetaSet {
    /// Per field of [`FIELDS`], rank and value.
    best: [Option<(u8, String)>; 9],
}

impl MetaSet {
    /// Offers `value` for `field` at `rank`: kept when no better (or
    /// equal, earlier) one is.
    fn offer(&mut self, field: usize, rank: u8, value: String) {
        let value = if field == LANG {
            lang_subtag(&value)
        } else {
            value
        };
        if value.is_empty() {
            return;
        }
        if field == AUTHOR && rank == 1 && looks_like_url(&value) {
            return;
        }
        if let Some(slot) = self.best.get_mut(field)
            && slot.as_ref().is_none_or(|(r, _)| rank < *r)
        {
            *slot = Some((rank, value));
        }
    }

    /// The value of `field`.
    fn get(&self, field: usize) -> Option<&str> {
        self.best
            .get(field)
            .and_then(|s| s.as_ref())
            .map(|(_, v)| v.as_str())
    }

    /// The fields found, in [`FIELDS`] order.
    fn into_pairs(self) -> Vec<(String, String)> {
        FIELDS
            .iter()
            .zip(self.best)
            .filter_map(|(k, v)| v.map(|(_, v)| ((*k).to_owned(), v)))
            .collect()
    }
}

/// Whether a value is a URL.
fn looks_like_url(v: &str) -> bool {
    let v = v.to_ascii_lowercase();
    v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www.")
}

/// The primary subtag of a language tag, lowercase (`ar-EG` → `ar`);
/// empty when it is not 2 to 8 letters.
fn lang_subtag(v: &str) -> String {
    let p = v.split(['-', '_']).next().unwrap_or_default().trim();
    if (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()) {
        p.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// Skips JSON whitespace from `i`.
fn json_ws(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// The JSON string starting at the `"` at `i` of `s`, unescaped, and the
/// offset after it.
fn json_string(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let hex4 = |at: usize| -> Option<u32> {
        let h = s.get(at..at + 4)?;
        u32::from_str_radix(h, 16).ok()
    };
    let mut out = String::new();
    let mut j = i + 1;
    let mut run = j;
    loop {
        match *b.get(j)? {
            b'"' => {
                out.push_str(s.get(run..j)?);
                return Some((out, j + 1));
            }
            b'\\' => {
                out.push_str(s.get(run..j)?);
                let e = *b.get(j + 1)?;
                j += 2;
                match e {
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{C}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(j)?;
                        j += 4;
                        let c = if (0xD800..0xDC00).contains(&hi)
                            && b.get(j..j + 2) == Some(b"\\u")
                            && let Some(lo) = hex4(j + 2)
                            && (0xDC00..0xE000).contains(&lo)
                        {
                            j += 6;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        } else {
                            char::from_u32(hi)
                        };
                        out.push(c.unwrap_or('\u{FFFD}'));
                    }
                    other => out.push(char::from(other)),
                }
                run = j;
            }
            _ => j += 1,
        }
    }
}

/// Most occurrences of a key tried in one JSON-LD block.
const JSON_TRIES: usize = 16;
/// Longest object or array searched for a `"name"`.
const JSON_SPAN: usize = 64 * 1024;

/// Offsets just after `"key":` in `s` (whitespace skipped), at most
/// [`JSON_TRIES`].
fn json_keys<'s>(s: &'s str, key: &str) -> impl Iterator<Item = usize> + 's {
    let pat = format!("\"{key}\"");
    let b = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let p = s.get(from..)?.find(&pat)? + from;
            from = p + pat.len();
            let j = json_ws(b, from);
            if b.get(j) == Some(&b':') {
                return Some(json_ws(b, j + 1));
            }
        }
    })
    .take(JSON_TRIES)
}

/// The first string value of `key` in `s`, cleaned.
fn json_str(s: &str, key: &str) -> Option<String> {
    json_keys(s, key)
        .filter_map(|j| json_string(s, j))
        .map(|(v, _)| clean(&v))
        .find(|v| !v.is_empty())
}

/// The value of `key` in `s` when a string, else the first `"name"`
/// string (or first string) inside its object or array; cleaned.
fn json_name(s: &str, key: &str) -> Option<String> {
    let b = s.as_bytes();
    json_keys(s, key)
        .filter_map(|j| match b.get(j)? {
            b'"' => json_string(s, j).map(|(v, _)| v),
            b'[' if b.get(json_ws(b, j + 1)) == Some(&b'"') => {
                json_string(s, json_ws(b, j + 1)).map(|(v, _)| v)
            }
            b'{' | b'[' => {
                let end = json_close(b, j, j.saturating_add(JSON_SPAN));
                let region = s.get(j..end)?;
                json_str(region, "name")
            }
            _ => None,
        })
        .map(|v| clean(&v))
        .find(|v| !v.is_empty())
}

/// The offset after the object or array opening at `i` (strings
/// skipped), else `limit` (or the end).
fn json_close(b: &[u8], i: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    let mut in_str = false;
    while j < limit
        && let Some(&c) = b.get(j)
    {
        if in_str {
            match c {
                b'\\' => j += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        j += 1;
    }
    limit.min(b.len())
}

/// The page's metadata; `region`: the article, where a `<time>` is
/// preferred.
fn metadata(doc: &Doc, region: Option<usize>) -> MetaSet {
    let mut m = MetaSet::default();
    if let Some(h) = doc.html
        && let Some(v) = doc
            .attr_value(h, "lang")
            .or_else(|| doc.attr_value(h, "xml:lang"))
    {
        m.offer(LANG, 0, v);
    }
    for (i, node) in doc.nodes.iter().enumerate() {
        match ALL.get(node.tag) {
            Some(K::Meta) => {
                if let Some(content) = doc.attr_value(i, "content") {
                    for key_attr in ["property", "name", "http-equiv"] {
                        let Some(key) = doc.attr_value(i, key_attr) else {
                            continue;
                        };
                        if let Some((f, r)) = meta_field(&key.to_ascii_lowercase()) {
                            m.offer(f, r, content.clone());
                        }
                    }
                }
            }
            Some(K::Link) => {
                let canonical = doc.attr_raw(i, "rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if canonical && let Some(h) = doc.attr_value(i, "href") {
                    m.offer(URL, 1, h);
                }
            }
            Some(K::Time) => {
                if let Some(v) = doc.attr_value(i, "datetime") {
                    let inside = region.is_some_and(|r| doc.within(i, r));
                    m.offer(DATE, if inside { 5 } else { 6 }, v);
                }
            }
            Some(K::Script) => {
                let json = doc
                    .attr_raw(i, "type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                if json && let Some(Ev::Raw(r)) = doc.evs.get(node.open_ev + 1) {
                    let s = doc.input.get(r.clone()).unwrap_or_default();
                    let mut offer = |f, rank, v: Option<String>| {
                        if let Some(v) = v {
                            m.offer(f, rank, v);
                        }
                    };
                    offer(DATE, 4, json_str(s, "datePublished"));
                    offer(MODIFIED, 3, json_str(s, "dateModified"));
                    offer(AUTHOR, 3, json_name(s, "author"));
                    offer(SOURCE, 2, json_name(s, "publisher"));
                    offer(SECTION, 1, json_name(s, "articleSection"));
                }
            }
            _ => {}
        }
        if let Some(prop) = doc.attr_raw(i, "itemprop") {
            let (pub_, modi) = prop
                .split_ascii_whitespace()
                .fold((false, false), |(p, d), t| {
                    (
                        p || t.eq_ignore_ascii_case("datePublished"),
                        d || t.eq_ignore_ascii_case("dateModified"),
                    )
                });
            if pub_ || modi {
                let v = doc
                    .attr_value(i, "content")
                    .or_else(|| doc.attr_value(i, "datetime"));
                if let Some(v) = v {
                    if pub_ {
                        m.offer(DATE, 3, v.clone());
                    }
                    if modi {
                        m.offer(MODIFIED, 2, v);
                    }
                }
            }
        }
    }
    m
}

// ---------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------

/// Words that separate a title from a site name.
const SEPARATORS: &[&str] = &["-", "|", "–", "—", "::", "·", "•"];
/// Most `<h1>`s tried for a title, in the article and in the page
/// (each is read whole: this bounds the work on nested empty headings).
const MAX_H1_TRIED: usize = 8;
/// Longest tail (in words) cut from a `<title>` without a site name.
const MAX_TAIL_WORDS: usize = 4;

/// Letters and digits of `s`, lowercase.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A title's pieces with the site name cut (see the module doc);
/// `short_tail` allows cutting a short last part.
fn strip_site(input: &str, pieces: Vec<Piece>, site: &str, short_tail: bool) -> Vec<Piece> {
    let text = render(input, &pieces);
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if start < i {
                words.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        words.push(start..text.len());
    }
    let word = |i: usize| {
        words
            .get(i)
            .and_then(|r| text.get(r.clone()))
            .unwrap_or_default()
    };
    let span = |a: usize, b: usize| -> &str {
        match (words.get(a), b.checked_sub(1).and_then(|l| words.get(l))) {
            (Some(x), Some(y)) if a < b => text.get(x.start..y.end).unwrap_or_default(),
            _ => "",
        }
    };
    let seps: Vec<usize> = (0..words.len())
        .filter(|&i| SEPARATORS.contains(&word(i)))
        .collect();
    let site = letters(site);
    let (mut lo, mut hi) = (0, words.len());
    if !site.is_empty() {
        if let Some(&s) = seps.iter().rev().find(|&&s| s > lo && s + 1 < hi)
            && letters(span(s + 1, hi)) == site
        {
            hi = s;
        }
        if let Some(&s) = seps.iter().find(|&&s| s > lo && s + 1 < hi)
            && letters(span(lo, s)) == site
        {
            lo = s + 1;
        }
    }
    if short_tail && let Some(&s) = seps.iter().rev().find(|&&s| s > lo && s + 1 < hi) {
        let tail = hi - s - 1;
        if tail <= MAX_TAIL_WORDS && s - lo > tail {
            hi = s;
        }
    }
    if lo == 0 && hi == words.len() {
        return pieces;
    }
    let (Some(a), Some(b)) = (
        words.get(lo).map(|r| r.start),
        hi.checked_sub(1).and_then(|l| words.get(l)).map(|r| r.end),
    ) else {
        return pieces;
    };
    cut(&pieces, input, a, b)
}

/// The pieces that render to `[a, b)` of their rendering (`a`, `b` at
/// piece boundaries).
fn cut(pieces: &[Piece], input: &str, a: usize, b: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut o = 0;
    for p in pieces {
        let l = match p {
            Piece::Copy(r) => input.get(r.clone()).map_or(0, str::len),
            Piece::Char(c, _) => c.len_utf8(),
            Piece::Gap(s, _) => s.len(),
        };
        if o >= a && o + l <= b {
            out.push(p.clone());
        }
        o += l;
    }
    out
}

/// The title (see the module doc); `article`: the chosen elements (none
/// when the text is the body's or the page's).
fn title(doc: &Doc, an: &Analysis, article: &[usize], site: &str) -> Option<Vec<Piece>> {
    let input = doc.input;
    let n = doc.nodes.len();
    let og = (0..n)
        .filter(|&i| is(doc.tag(i), K::Meta))
        .filter(|&i| {
            ["property", "name"].iter().any(|a| {
                doc.attr_raw(i, a)
                    .is_some_and(|k| k.trim().eq_ignore_ascii_case("og:title"))
            })
        })
        .filter_map(|i| doc.attr(i, "content"))
        .map(|r| line_pieces(input, r))
        .find(|p| !p.is_empty());
    if let Some(p) = og {
        return Some(strip_site(input, p, site, false));
    }
    let mut foreign_until: Option<usize> = None;
    for i in 0..n {
        let tag = doc.tag(i);
        if foreign_until.is_some_and(|l| i <= l) {
            continue;
        }
        if tag_flags(tag) & FOREIGN != 0 {
            foreign_until = doc.node(i).map(|x| x.last);
            continue;
        }
        if is(tag, K::Title) {
            let mut sink = Sink::line();
            for k in events_of(doc, i) {
                if let Some(Ev::Text(r)) = doc.evs.get(k) {
                    sink.text(input, r.clone(), false);
                }
            }
            if !sink.pieces.is_empty() {
                return Some(strip_site(input, sink.pieces, site, true));
            }
            break;
        }
    }
    // `article` is in page order and its elements are disjoint.
    let in_article = |i: usize| {
        let k = article.partition_point(|&a| a <= i);
        k.checked_sub(1)
            .and_then(|k| article.get(k))
            .is_some_and(|&a| doc.within(i, a))
    };
    let h1s = (0..n).filter(|&i| is(doc.tag(i), K::H1));
    let first = h1s.clone().filter(|&i| in_article(i)).take(MAX_H1_TRIED);
    let then = h1s.filter(|&i| an.visible(i)).take(MAX_H1_TRIED);
    first
        .chain(then)
        .map(|i| {
            let mut sink = Sink::line();
            walk(doc, an, events_of(doc, i), Some(i), false, &mut sink);
            sink.pieces
        })
        .find(|p| !p.is_empty())
}

// ---------------------------------------------------------------------
// The extractor
// ---------------------------------------------------------------------

/// Warning when the page has no `<body>`.
const NO_BODY: &str = "no <body>: text taken from the whole page";
/// Warning when no text was found.
const NO_TEXT: &str = "no text found in the page";

/// The article in an HTML page: its text, title and metadata, every character mapped to the input;
/// and warnings (e.g. `no <body>: text taken from the whole page`).
pub(crate) fn extract(input: &str) -> (Extracted, Vec<String>) {
    let doc = parse(input);
    let an = Analysis::new(&doc);
    let mut warnings = Vec::new();
    let chosen = choose(&doc, &an);
    if chosen.is_none() {
        warnings.push(NO_BODY.to_owned());
    }
    // Lists of links are dropped, unless that leaves nothing (an index
    // page is all links).
    let mut sink = Sink::default();
    for lists in [true, false] {
        match &chosen {
            Some(nodes) => {
                for &c in nodes {
                    if let Some(x) = doc.node(c) {
                        sink.raise(PARA, x.at);
                    }
                    walk(&doc, &an, events_of(&doc, c), Some(c), lists, &mut sink);
                }
            }
            None => walk(&doc, &an, 0..doc.evs.len(), None, lists, &mut sink),
        }
        if !sink.pieces.is_empty() {
            break;
        }
    }
    if sink.pieces.is_empty() && !input.trim().is_empty() {
        warnings.push(NO_TEXT.to_owned());
    }
    // The article proper: not the body taken for want of one.
    let article: Vec<usize> = chosen
        .unwrap_or_default()
        .into_iter()
        .filter(|&a| Some(a) != doc.body)
        .collect();
    let region = article.first().copied().map(|a| {
        let mut r = a;
        let mut p = doc.node(a).and_then(|x| x.parent);
        while let Some(q) = p {
            if is(doc.tag(q), K::Article) {
                r = q;
            }
            p = doc.node(q).and_then(|x| x.parent);
        }
        r
    });
    let meta = metadata(&doc, region);
    let site = meta.get(SOURCE).unwrap_or_default().to_owned();
    let title = title(&doc, &an, &article, &site);
    (
        Extracted {
            text: sink.pieces,
            title,
            id: None,
            meta: meta.into_pairs(),
            span: 0..input.len(),
        },
        warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures, by name.
    const FIXTURES: &[(&str, &str)] = &[
        (
            "ar_news",
            include_str!("../../../tests/data/html/ar_news.html"),
        ),
        (
            "he_article",
            include_str!("../../../tests/data/html/he_article.html"),
        ),
        (
            "fa_zwnj",
            include_str!("../../../tests/data/html/fa_zwnj.html"),
        ),
        (
            "no_body",
            include_str!("../../../tests/data/html/no_body.html"),
        ),
        (
            "fragments",
            include_str!("../../../tests/data/html/fragments.html"),
        ),
        (
            "old_site",
            include_str!("../../../tests/data/html/old_site.html"),
        ),
    ];

    /// Fixture `name`.
    fn fixture(name: &str) -> &'static str {
        FIXTURES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .expect("fixture")
    }

    /// Asserts the invariants of `pieces` of `input`: increasing,
    /// non-overlapping, on char boundaries; copies hold no whitespace;
    /// each char is a reference that decodes to it; gaps only between
    /// content, one at a time.
    fn check_pieces(input: &str, pieces: &[Piece], one_line: bool) {
        let mut last = 0;
        let mut after_gap = true;
        for p in pieces {
            match p {
                Piece::Copy(r) => {
                    assert!(r.start >= last && r.start < r.end, "{p:?} after {last}");
                    let s = input.get(r.clone()).expect("copy on char boundaries");
                    assert!(
                        !s.chars().any(char::is_whitespace),
                        "whitespace copied: {s:?}"
                    );
                    last = r.end;
                    after_gap = false;
                }
                Piece::Char(c, r) => {
                    assert!(r.start >= last, "{p:?} after {last}");
                    let s = input.get(r.clone()).expect("char on char boundaries");
                    assert!(s.starts_with('&'), "{s:?}");
                    assert_eq!(
                        reference(input.as_bytes(), r.start, r.end),
                        Some((*c, r.end)),
                        "{s:?}"
                    );
                    assert!(!is_space_char(*c));
                    last = r.end;
                    after_gap = false;
                }
                Piece::Gap(g, at) => {
                    assert!(!after_gap, "gap at the start or after a gap");
                    assert!(*at >= last && *at <= input.len(), "{p:?} after {last}");
                    assert!(input.is_char_boundary(*at));
                    if one_line {
                        assert_eq!(*g, " ");
                    } else {
                        assert!(matches!(*g, " " | "\n" | "\n\n"), "{g:?}");
                    }
                    last = *at;
                    after_gap = true;
                }
            }
        }
        assert!(pieces.is_empty() || !after_gap, "gap at the end");
    }

    /// Extracts `input`, checking the invariants.
    fn run(input: &str) -> (Extracted, Vec<String>) {
        let (e, w) = extract(input);
        check_pieces(input, &e.text, false);
        if let Some(t) = &e.title {
            assert!(!t.is_empty());
            check_pieces(input, t, true);
        }
        assert_eq!(e.span, 0..input.len());
        assert_eq!(e.id, None);
        (e, w)
    }

    /// The text of `input`.
    fn text(input: &str) -> String {
        render(input, &run(input).0.text)
    }

    /// The title of `input`.
    fn title_of(input: &str) -> Option<String> {
        run(input).0.title.map(|t| render(input, &t))
    }

    /// Metadata `key` of `e`.
    fn meta<'e>(e: &'e Extracted, key: &str) -> Option<&'e str> {
        e.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn arabic_news_page_text_is_the_article_body() {
        let page = fixture("ar_news");
        let (e, w) = run(page);
        let t = render(page, &e.text);
        assert_eq!(
            t,
            "عقد وزراء الخارجية العرب اجتماعا طارئا في القاهرة، اليوم الثلاثاء.\n\n\
             وقال الأمين العام إن «الوضع خطير»\nوإن الحل سياسي.\n\n\
             الوزراء خلال الاجتماع (رويترز)\n\n\
             وأضاف أن الدول العربية ستواصل جهودها للسلام."
        );
        assert!(w.is_empty(), "{w:?}");
        for chrome in [
            "الرئيسية",
            "رياضة",
            "عاجل",
            "فيسبوك",
            "مشاركة",
            "اقرأ أيضا",
            "إعلان",
            "التعليقات",
            "تعليق من قارئ",
            "اكتب تعليقك",
            "الاسم",
            "الأكثر قراءة",
            "ذو صلة",
            "جميع الحقوق",
            "الخصوصية",
            "نستخدم",
            "جافاسكربت",
            "سكربت",
            "dataLayer",
            "color",
            "محمد العلي",
            "صورة الاجتماع",
        ] {
            assert!(!t.contains(chrome), "{chrome} in the text");
        }
    }

    #[test]
    fn arabic_news_page_title_and_meta() {
        let page = fixture("ar_news");
        let (e, _) = run(page);
        let title = e.title.as_deref().expect("title");
        assert_eq!(
            render(page, title),
            "اجتماع وزراء الخارجية العرب في القاهرة"
        );
        // From og:title: its pieces are inside that attribute's value.
        let og = page.find("اجتماع وزراء الخارجية العرب في القاهرة &#8211;");
        let og = og.expect("og:title in the page");
        assert!(title.iter().all(|p| match p {
            Piece::Copy(r) | Piece::Char(_, r) => r.start >= og,
            Piece::Gap(_, at) => *at >= og,
        }));
        assert_eq!(
            e.meta,
            [
                ("date", "2024-03-05T10:30:00+03:00"),
                ("source", "الجزيرة نت"),
                (
                    "url",
                    "https://www.aljazeera.net/news/2024/3/5/arab-ministers"
                ),
                ("author", "محمد العلي"),
                ("lang", "ar"),
                (
                    "description",
                    "بحث وزراء الخارجية العرب في اجتماعهم \"الطارئ\" سبل وقف الحرب."
                ),
                ("section", "سياسة"),
                ("keywords", "الجامعة العربية, القاهرة, وزراء الخارجية"),
                ("modified", "2024-03-05T09:00:00Z"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn hebrew_page_with_sloppy_markup() {
        let page = fixture("he_article");
        let (e, w) = run(page);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            render(page, &e.text),
            "ראש הממשלה נפגש עם שר החוץ האמריקאי\n\n\
             11 בפברואר\n\n\
             הפגישה נערכה בירושלים\u{200F} ונמשכה כשעתיים.\n\n\
             לפי הדיווח, 3 < 5 וגם 7<9 נשארים טקסט.\nשורה חדשה.\n\n\
             רשימת נושאים:\n\nביטחון\n\nכלכלה\n\nדיפלומטיה\n\n\
             עמודה א עמודה ב\n\nפנימי\n\nשורה ב\n\n\
             מחיר: 100 \u{20AA} (\u{200E}USD 27\u{200E})"
        );
        assert_eq!(
            e.title.as_ref().map(|t| render(page, t)).as_deref(),
            Some("ראש הממשלה נפגש עם שר החוץ האמריקאי בירושלים")
        );
        assert_eq!(meta(&e, "date"), Some("2024-02-11T08:15:00+02:00"));
        assert_eq!(meta(&e, "author"), Some("עמוס הראל"));
        assert_eq!(meta(&e, "source"), Some("הארץ"));
        assert_eq!(meta(&e, "lang"), Some("he"));
        assert_eq!(meta(&e, "description"), Some("תיאור הכתבה"));
        assert_eq!(meta(&e, "url"), None);
    }

    #[test]
    fn persian_zwnj_as_character_and_reference() {
        let page = fixture("fa_zwnj");
        let (e, w) = run(page);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            render(page, &e.text),
            "مسئولان شهرداری می\u{200C}گویند نمایشگاه امسال بزرگ\u{200C}تر خواهد بود.\n\n\
             ناشران می\u{200C}خواهند غرفه\u{200C}های بیشتری داشته باشند.\n\n\
             این خبر ادامه دارد."
        );
        let zwnj: Vec<&str> = e
            .text
            .iter()
            .filter_map(|p| match p {
                Piece::Char('\u{200C}', r) => page.get(r.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(zwnj, ["&zwnj;", "&#8204;"]);
        assert_eq!(
            e.title.as_ref().map(|t| render(page, t)).as_deref(),
            Some("تهران آماده میزبانی از نمایشگاه کتاب می\u{200C}شود")
        );
        assert_eq!(meta(&e, "date"), Some("2024-03-05T09:00:00+03:30"));
        assert_eq!(meta(&e, "author"), Some("سارا رضایی"));
        assert_eq!(meta(&e, "source"), Some("همشهری آنلاین"));
        assert_eq!(meta(&e, "lang"), Some("fa"));
    }

    #[test]
    fn page_without_body_is_read_whole_with_a_warning() {
        let page = fixture("no_body");
        let (e, w) = run(page);
        assert_eq!(w, [NO_BODY]);
        assert_eq!(
            render(page, &e.text),
            "لاہور میں بارش\n\nلاہور میں آج شدید بارش ہوئی۔\n\n\
             محکمہ موسمیات کے مطابق بارش کل بھی جاری رہے گی۔"
        );
        assert_eq!(
            e.title.as_ref().map(|t| render(page, t)).as_deref(),
            Some("اردو خبر")
        );
        assert_eq!(meta(&e, "lang"), Some("ur"));
    }

    #[test]
    fn paragraph_fragments() {
        let page = fixture("fragments");
        let (e, w) = run(page);
        assert_eq!(w, [NO_BODY]);
        assert_eq!(
            render(page, &e.text),
            "الفقرة الأولى من النص.\n\nالفقرة الثانية & الأخيرة."
        );
        assert_eq!(e.title, None);
        assert!(e.meta.is_empty());
    }

    #[test]
    fn old_table_layout_in_a_form() {
        let page = fixture("old_site");
        let (e, w) = run(page);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            render(page, &e.text),
            "الحكومة تعلن خطة جديدة لدعم المزارعين\n\n\
             أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في محافظات الصعيد.\n\
             وتشمل الخطة قروضا ميسرة.\n\n\
             وقال الوزير إن التنفيذ يبدأ الشهر المقبل."
        );
        assert_eq!(
            e.title.as_ref().map(|t| render(page, t)).as_deref(),
            Some("الحكومة تعلن خطة جديدة لدعم المزارعين في الصعيد")
        );
        assert_eq!(e.meta, [("date".to_owned(), "2009-11-23".to_owned())]);
    }

    #[test]
    fn character_references() {
        assert_eq!(
            text(
                "<p>a&amp;b &lt;c&gt; &quot;d&apos; &#1604;&#x644;&#X644; x&zwnj;y \
                 &rlm;&lrm; e&shy;f &#150; &#65z &laquo;&raquo;&hellip;&mdash;</p>"
            ),
            "a&b <c> \"d' للل x\u{200C}y \u{200F}\u{200E} e\u{AD}f \u{2013} Az «»…—"
        );
        assert_eq!(
            text(
                "<p>&unknown; &#; &#xZZ; &#0; &#55296; &#1114112; &#x1; &#129; \
                 AT&T &amp &ampx &copy2024 &amp=1 & ;</p>"
            ),
            "&unknown; &#; &#xZZ; &#0; &#55296; &#1114112; &#x1; &#129; \
             AT&T & &ampx &copy2024 &amp=1 & ;"
        );
        assert_eq!(
            text("<p>a&nbsp;&nbsp;b\u{A0}c &#160;d&#32;e&Tab;f</p>"),
            "a b c d e f"
        );
        assert_eq!(text("<p>&nbsp;</p><p> one </p>"), "one");
    }

    #[test]
    fn whitespace_and_blocks() {
        assert_eq!(
            text(
                "<div>  one <span>two</span>\n\t three<div>four</div>five</div><p></p>\
                 <p>  </p><p>six<br>seven<br><br>eight<br> <br>nine<br></p><hr>ten"
            ),
            "one two three\n\nfour\n\nfive\n\nsix\nseven\n\neight\n\nnine\n\nten"
        );
        assert_eq!(text("<p><b>ال</b>كتاب</p>"), "الكتاب");
        assert_eq!(
            text("<pre>\nline one\n  line two\n\nline three</pre><p>after</p>"),
            "line one\nline two\n\nline three\n\nafter"
        );
        assert_eq!(
            text("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>"),
            "a b\n\nc d"
        );
        assert_eq!(
            text("<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl>"),
            "one\n\ntwo\n\nt\n\nd"
        );
        assert_eq!(text(""), "");
        assert_eq!(text("   \n "), "");
    }

    #[test]
    fn raw_text_elements_end_only_at_their_own_end_tag() {
        assert_eq!(
            text(
                "<body><div><script>if (a<b) { x = \"</div><p>no</p>\"; }</SCRIPT >yes</div>\
                 <style>a:after{content:\"</style\"}</style><p>ok</p>\
                 <textarea><p>no</p></textarea><title>no</title><xmp><b>no</b></xmp></body>"
            ),
            "yes\n\nok"
        );
        // Never closed: the rest of the page is script.
        assert_eq!(text("<p>a</p><script>x<p>no</p>"), "a");
    }

    #[test]
    fn tolerant_markup() {
        assert_eq!(
            text("<DIV CLASS=x TITLE='a > b' data-x=\"c>d\" checked>te<B>x</b>t</DIV>"),
            "text"
        );
        assert_eq!(
            text("<p>a < b, 3<4, x <= y, <> <1> a<</p>"),
            "a < b, 3<4, x <= y, <> <1> a<"
        );
        assert_eq!(text("<p>a</br>b</p>"), "a\nb");
        assert_eq!(text("<p>one<p>two</p></p>three"), "one\n\ntwo\n\nthree");
        assert_eq!(
            text(
                "<!DOCTYPE html><!-- <p>hidden</p> --><p>a<!---->b<!-->c<![CDATA[ x > y ]]>d\
                 <?php echo 1 ?>e</>f</ x>g</p><!-- unterminated <p>no</p>"
            ),
            "abcdefg"
        );
        // A tag cut off by the end of the page is dropped.
        assert_eq!(text("<p>a</p><p class=\"x"), "a");
        assert_eq!(text("<p>a</p><p"), "a");
        // `</table>` closes the cells open in it.
        assert_eq!(
            text(
                "<body><article><table><tr><td>cell</table><p>inside</p></article>\
                 <p>outside article text long</p></body>"
            ),
            "cell\n\ninside"
        );
        // Stray end tags are ignored; `</div>` does not leave a table cell.
        assert_eq!(
            text("<div><table><tr><td>a</div>b</td><td>c</td></tr></table>d</div>"),
            "ab c\n\nd"
        );
        // Unknown and namespaced elements are inline; `/>` closes them.
        assert_eq!(text("<p>a<o:p/>b<my-el>c</my-el>d</p>"), "abcd");
        // An unclosed `<head>` ends at the first body element.
        assert_eq!(text("<html><head><title>t</title><p>text"), "text");
    }

    #[test]
    fn chrome_is_dropped() {
        let page = "<body><div class=\"main-menu\">menu</div><div id=\"relatedArticles\">rel</div>\
            <div class=\"shareBar\">share</div><div class=\"content\"><p>article text here</p></div>\
            <div class=\"ad\">ad</div><div class=\"header-ad\">x</div>\
            <div role=\"navigation\">nav</div><div hidden>h</div><div style=\"display: none\">s</div>\
            <div aria-hidden=\"true\">ah</div><span class=\"sr-only\">sr</span>\
            <div class=\"shadow heading\">kept</div><form><input value=\"v\"><label>l</label></form>\
            <select><option>o</select><button>b</button><iframe>i</iframe><svg><text>s</text></svg></body>";
        assert_eq!(text(page), "article text here\n\nkept");
    }

    #[test]
    fn class_rules() {
        assert_eq!(
            text(
                "<body><article class=\"post tag-social-media category-ads\"><p>Story</p>\
                 <div class=\"hidden\">h</div><div class=\"hidden-xs lead\">Lead</div>\
                 <p class=\"screen-reader-text\">skip</p><p class=\"loading shadow\">More</p>\
                 </article></body>"
            ),
            "Story\n\nLead\n\nMore"
        );
    }

    #[test]
    fn chrome_rules_that_real_pages_need() {
        // An article body in an `<aside>` (and a `<nav>` around `<main>`).
        assert_eq!(
            text(
                "<body><nav>menu</nav><aside class=pa><div itemprop=articleBody><p>Body</p></div>\
                 </aside><aside><p>Side text that is longer than the body</p></aside></body>"
            ),
            "Body"
        );
        // Chrome words in a state class, a BEM modifier, an inline element,
        // on an `<article>`.
        assert_eq!(
            text(
                "<body><article class=\"full enable-pin-share\"><section class=\"o-section--has-ads\">\
                 <div class=\"box article modal-enabled\"><p>One <span class=tags>two</span> \
                 <a class=share href=x>three</a></p></div></section></article>\
                 <div class=\"share-bar\">Share this</div></body>"
            ),
            "One two three"
        );
        // The element named like the content, even in a wrongly named
        // wrapper, when there is no `<article>` or `<main>`.
        assert_eq!(
            text(
                "<body><div class=\"article-header\"><h1>Title</h1><div class=\"entry-content\">\
                 <p>The story text.</p></div></div><div class=\"teaser\"><p>Teaser text one.</p>\
                 <p>Teaser text two.</p><p>Teaser text three.</p></div></body>"
            ),
            "The story text."
        );
        // An index page: all links, kept rather than nothing.
        assert_eq!(
            text(
                "<body><div><a href=1><p>Teaser one</p></a><a href=2><p>Teaser two</p></a></div></body>"
            ),
            "Teaser one\n\nTeaser two"
        );
    }

    #[test]
    fn boxes_separate_words_scripts_do_not() {
        assert_eq!(
            text(
                "<p>a<img src=x>b<script>1</script>c<!-- x -->d<button>e</button>f<iframe></iframe>g</p>"
            ),
            "a bcd f g"
        );
    }

    #[test]
    fn unicode_whitespace() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            let l = space_len(s.as_bytes(), 0, s.len());
            assert_eq!(l > 0, c.is_whitespace(), "{c:?}");
            assert!(l == 0 || l == s.len());
        }
        assert_eq!(text("<p>\u{FEFF}</p><p>a\u{FEFF}b&#xFEFF;c</p>"), "abc");
        assert_eq!(
            text("<p>&emsp;x\u{3000}y\u{2028}z&#x202F;w\u{B}v \u{200B}</p>"),
            "x y z w v \u{200B}"
        );
    }

    #[test]
    fn a_wrapper_marked_as_chrome_is_kept() {
        assert_eq!(
            text(
                "<body><div class=\"page has-sidebar\"><p>text one</p><p>text two</p></div>\
                 <div class=\"sidebar\">side</div></body>"
            ),
            "text one\n\ntext two"
        );
    }

    #[test]
    fn main_content_choice() {
        assert_eq!(
            text(
                "<body><article><p>short</p></article>\
                 <article><p>this is the longer article text</p></article><p>page</p></body>"
            ),
            "this is the longer article text"
        );
        let long = "نص طويل جدا ".repeat(20);
        assert_eq!(
            text(&format!(
                "<body><article><p>tiny</p></article><div><p>{long}</p></div></body>"
            )),
            format!("tiny\n\n{}", long.trim_end())
        );
        assert_eq!(
            text("<body><div role=\"main\"><p>main text</p></div><div><p>x</p></div></body>"),
            "main text"
        );
        assert_eq!(
            text(
                "<body><article><h1>Head</h1><div itemprop=\"articleBody\"><p>Body text</p></div>\
                 <p>Tail</p></article></body>"
            ),
            "Body text"
        );
        // A teaser `<article>` in dropped chrome is no candidate.
        assert_eq!(
            text(
                "<body><aside><article>Lots of teaser text here</article></aside><p>Story</p></body>"
            ),
            "Story"
        );
    }

    #[test]
    fn lists_of_links_are_dropped_from_the_article() {
        assert_eq!(
            text(
                "<body><article><p>Story text is here.</p><ul><li><a href=1>Link one</a></li>\
                 <li><a href=2>Link two</a></li></ul><div><a>tag</a> <a>tag2</a></div>\
                 <ul><li>item one</li><li>item two</li></ul>\
                 <p>See <a href=x>this link</a> now.</p></article></body>"
            ),
            "Story text is here.\n\nitem one\n\nitem two\n\nSee this link now."
        );
    }

    #[test]
    fn title_choice() {
        let og = "<head><title>T1 - Site</title>\
            <meta property=\"og:title\" content=\"  OG &amp;  title  \"></head><p>x</p>";
        assert_eq!(title_of(og).as_deref(), Some("OG & title"));
        assert_eq!(
            title_of(
                "<title>Site | Real headline here</title>\
                 <meta property=\"og:site_name\" content=\"Site\">"
            )
            .as_deref(),
            Some("Real headline here")
        );
        // A dash inside an Arabic title stays when the tail is not short
        // enough compared with what it would leave.
        assert_eq!(
            title_of("<title>مصر - السودان: مباراة</title>").as_deref(),
            Some("مصر - السودان: مباراة")
        );
        assert_eq!(
            title_of("<title>A b c - d e f g h</title>").as_deref(),
            Some("A b c - d e f g h")
        );
        assert_eq!(
            title_of("<title>One two three four five - Site name</title>").as_deref(),
            Some("One two three four five")
        );
        // og:title loses only the site name.
        assert_eq!(
            title_of(
                "<meta property=og:title content=\"خبر مهم جدا اليوم - سياسة\">\
                 <meta property=og:site_name content=الموقع>"
            )
            .as_deref(),
            Some("خبر مهم جدا اليوم - سياسة")
        );
        assert_eq!(
            title_of("<title>Site</title><meta property=og:site_name content=Site>").as_deref(),
            Some("Site")
        );
        assert_eq!(
            title_of(
                "<body><header><h1>Logo</h1></header><article><h1>Real <em>Title</em></h1>\
                 <p>text text text</p></article></body>"
            )
            .as_deref(),
            Some("Real Title")
        );
        assert_eq!(
            title_of("<body><header><h1>Logo</h1></header><h1>Page \n heading</h1><p>x</p></body>")
                .as_deref(),
            Some("Page heading")
        );
        assert_eq!(
            title_of("<body><svg><title>icon</title></svg><h1>H</h1></body>").as_deref(),
            Some("H")
        );
        assert_eq!(title_of("<title> </title><p>x</p>"), None);
    }

    #[test]
    fn metadata_sources_and_order() {
        let (e, _) = run("<html lang=\"AR-eg\"><head>\
             <meta name=\"date\" content=\"2020-01-01\">\
             <meta property=\"article:published_time\" content=\"2021-02-02\">\
             <meta property=\"article:author\" content=\"https://facebook.com/x\">\
             <meta name=\"DC.creator\" content=\" Ali   Reza \">\
             <meta name=\"application-name\" content=\"App\">\
             <link rel=\"Canonical\" href=\"https://example.com/a?x=1&amp;y=2\">\
             <meta name=\"news_keywords\" content=\"b\"><meta name=\"KEYWORDS\" content=\"a\">\
             <meta property=\"og:locale\" content=\"fa_IR\">\
             </head><body><time datetime=\"2019\">x</time></body></html>");
        assert_eq!(
            e.meta,
            [
                ("date", "2021-02-02"),
                ("source", "App"),
                ("url", "https://example.com/a?x=1&y=2"),
                ("author", "Ali Reza"),
                ("lang", "ar"),
                ("keywords", "a"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let (e, _) = run(
            "<html><head><meta property=\"og:locale\" content=\"fa_IR\">\
             <script type=\"application/ld+json\">{\"author\":[{\"@type\":\"Person\",\
             \"name\":\"A &amp; B\"}],\"articleSection\":[\"World\"],\
             \"publisher\":{\"name\":\"P\\\"ub\"}}</script></head>\
             <body><time datetime=\"2019-05-05\">x</time><article><p>t</p>\
             <time datetime=\"2019-06-06\">y</time></article></body></html>",
        );
        assert_eq!(
            e.meta,
            [
                ("date", "2019-06-06"),
                ("source", "P\"ub"),
                ("author", "A & B"),
                ("lang", "fa"),
                ("section", "World"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let (e, _) = run("<p itemprop=\"datePublished\" datetime=\"2001\" content=\"2002\">x</p>");
        assert_eq!(meta(&e, "date"), Some("2002"));
        let (e, _) = run(
            "<script type=application/ld+json>{\"author\": [\"X\", \"Y\"], \
             \"datePublished\": {\"bad\": 1}}</script><p>x</p>",
        );
        assert_eq!(meta(&e, "author"), Some("X"));
        assert_eq!(meta(&e, "date"), None);
    }

    #[test]
    fn warnings() {
        let (e, w) = run("just text");
        assert_eq!(render("just text", &e.text), "just text");
        assert_eq!(w, [NO_BODY]);
        let (_, w) = run("<html><body><nav>only chrome</nav></body></html>");
        assert_eq!(w, [NO_TEXT]);
        let (_, w) = run("<body><p>fine</p></body>");
        assert!(w.is_empty());
    }

    #[test]
    fn every_prefix_of_every_fixture() {
        for (name, page) in FIXTURES {
            for (i, _) in page.char_indices().chain([(page.len(), ' ')]) {
                let prefix = page.get(..i).expect("char boundary");
                let (e, _) = extract(prefix);
                check_pieces(prefix, &e.text, false);
                if let Some(t) = &e.title {
                    check_pieces(prefix, t, true);
                }
                let _ = name;
            }
        }
    }

    /// Rounds of [`garbage_never_panics`] (`QARI_HTML_FUZZ` to raise).
    fn garbage_rounds() -> usize {
        std::env::var("QARI_HTML_FUZZ")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3000)
    }

    #[test]
    fn garbage_never_panics() {
        const BITS: &[&str] = &[
            "<",
            ">",
            "</",
            "&",
            "#",
            "x",
            ";",
            "\"",
            "'",
            "=",
            "p",
            "div",
            "script",
            "<!--",
            "-->",
            "ا",
            "\u{200C}",
            " ",
            "\n",
            "/",
            "<br>",
            "</p>",
            "<![CDATA[",
            "]]>",
            "&amp",
            "&#x",
            "<svg",
            "<title>",
            "<li>",
            "<td>",
            "<table>",
            "</table>",
            "<pre>",
            "&#1604",
            "<article>",
            "<body>",
            "</body>",
            "<meta property=og:title content=",
            "9",
            "<a>",
            "{\"author\":",
            "<script type=application/ld+json>",
            "\u{A0}",
            "<head>",
            "-",
            " | ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0)
        };
        for _ in 0..garbage_rounds() {
            let n = next() % 60;
            let s: String = (0..n)
                .filter_map(|_| BITS.get(next() % BITS.len()).copied())
                .collect();
            let (e, _) = extract(&s);
            check_pieces(&s, &e.text, false);
            if let Some(t) = &e.title {
                check_pieces(&s, t, true);
            }
        }
        // Fixtures with a part cut out and garbage put in.
        for _ in 0..garbage_rounds() / 10 {
            let Some((_, page)) = FIXTURES.get(next() % FIXTURES.len()) else {
                continue;
            };
            let bounds: Vec<usize> = page.char_indices().map(|(i, _)| i).collect();
            let mut a = bounds.get(next() % bounds.len()).copied().unwrap_or(0);
            let mut b = bounds.get(next() % bounds.len()).copied().unwrap_or(0);
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            let mut s = page.get(..a).unwrap_or_default().to_owned();
            for _ in 0..next() % 5 {
                s.push_str(BITS.get(next() % BITS.len()).copied().unwrap_or_default());
            }
            s.push_str(page.get(b..).unwrap_or_default());
            let (e, _) = extract(&s);
            check_pieces(&s, &e.text, false);
            if let Some(t) = &e.title {
                check_pieces(&s, t, true);
            }
        }
    }

    #[test]
    fn big_and_hostile_pages_are_linear() {
        let para = "<p>هذا نص <b>طويل</b> لفقرة من مقال &amp; فيه كلمات كثيرة.</p>\n";
        let big = format!(
            "<html><body><article>{}</article></body></html>",
            para.repeat(5_000_000 / para.len())
        );
        let (e, _) = extract(&big);
        assert!(e.text.len() > 100_000);
        let n = 100_000;
        for page in [
            "<div>".repeat(n) + &"</span>".repeat(n),
            "<a>".repeat(n),
            "<p>".repeat(n) + &"</p>".repeat(n),
            "<li>".repeat(n),
            "<table><tr><td>".repeat(n / 4),
            "<h1><span>".repeat(n),
            "<".repeat(n),
            "&".repeat(n),
            "&#".repeat(n),
            "<b><i>".repeat(n) + &"</b>".repeat(n),
            "<div class=share>".repeat(n) + "x",
            "<div class=entry-content itemprop=articleBody role=main>".repeat(n) + "x",
            "<aside class=share><main>".repeat(n) + "x",
            "<script type=application/ld+json>{\"author\":{".repeat(n / 10),
            format!(
                "<script type=application/ld+json>{}",
                "\"author\":{".repeat(n)
            ),
        ] {
            let (e, _) = extract(&page);
            check_pieces(&page, &e.text, false);
        }
    }
}
