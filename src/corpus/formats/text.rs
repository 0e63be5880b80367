//! Plain text (`.txt`, `.md`…): the whole file is one document, its id the
//! file's stem.

use crate::corpus::DocText;
use crate::corpus::decode::{self, Detected};
use crate::corpus::locator::{Locator, Source};

use super::Scanned;

/// The document of a text file (`bytes` as stored, `det` its encoding).
pub(super) fn scan(stem: String, source: Source, bytes: Vec<u8>, det: Detected) -> Scanned {
    let d = decode::decode_detected(bytes, det);
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
    )
}
