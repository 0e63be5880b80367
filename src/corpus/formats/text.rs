//! Plain text (`.txt`, `.md`…): the whole file is one document, its id the
//! file's stem.

use crate::corpus::DocText;
use crate::corpus::decode::Content;
use crate::corpus::locator::{Locator, Source};

use super::Scanned;

/// The document of a text file.
pub(super) fn scan(stem: String, source: Source, content: Content) -> Scanned {
    let d = content.decode();
    Scanned::new(
        stem,
        None,
        DocText::new(d.text, d.map),
        Locator {
            source,
            encoding: d.encoding,
            record: None,
        },
        d.replaced > 0,
        crate::corpus::meta::Meta::default(),
    )
}
