//! [`DocKey`]: the one way to name a document outside a loaded corpus (in
//! search results, related-document requests, the index's lookup field,
//! saved reading positions): its path as listed plus, for a JSON Lines
//! record, its 1-based line. Written `path` or `path#line`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A document's key: the path as the user's arguments name the file (or
/// `seeds/<name>` for the embedded sample) and the record's line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    /// The file, as listed.
    pub path: String,
    /// 1-based line, for a JSON Lines record.
    pub line: Option<usize>,
}

/// Whether `s` ends with `#` and digits, or with `#`: a path that would
/// read as having a line.
fn looks_keyed(s: &str) -> bool {
    s.rsplit_once('#')
        .is_some_and(|(_, tail)| tail.bytes().all(|b| b.is_ascii_digit()))
}

impl fmt::Display for DocKey {
    /// `path#line` for a record, `path` for a whole file. A path that
    /// itself ends in `#` or `#digits` gets a trailing `#`, so that parsing
    /// gives the key back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        match self.line {
            Some(n) => write!(f, "#{n}"),
            None if looks_keyed(&self.path) => f.write_str("#"),
            None => Ok(()),
        }
    }
}

impl FromStr for DocKey {
    type Err = std::convert::Infallible;

    /// The inverse of `Display`: `a.jsonl#12` is line 12 of `a.jsonl`;
    /// `a#` is the file `a`; anything else is a path.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let whole = || Self {
            path: s.to_owned(),
            line: None,
        };
        let Some((path, tail)) = s.rsplit_once('#') else {
            return Ok(whole());
        };
        if tail.is_empty() {
            return Ok(Self {
                path: path.to_owned(),
                line: None,
            });
        }
        if !tail.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(whole());
        }
        Ok(match tail.parse() {
            Ok(line) => Self {
                path: path.to_owned(),
                line: Some(line),
            },
            Err(_) => whole(),
        })
    }
}

impl Serialize for DocKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let Ok(key) = s.parse();
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(path: &str, line: Option<usize>) -> DocKey {
        DocKey {
            path: path.to_owned(),
            line,
        }
    }

    #[test]
    fn written_as_path_or_path_hash_line() {
        assert_eq!(key("news.jsonl", Some(12)).to_string(), "news.jsonl#12");
        assert_eq!(key("a/b.txt", None).to_string(), "a/b.txt");
        assert_eq!("news.jsonl#12".parse(), Ok(key("news.jsonl", Some(12))));
        assert_eq!("a/b.txt".parse(), Ok(key("a/b.txt", None)));
        // Paths with a `#` of their own.
        assert_eq!(key("notes#2", None).to_string(), "notes#2#");
        assert_eq!(key("x#", Some(3)).to_string(), "x##3");
        assert_eq!("c#sharp.txt".parse(), Ok(key("c#sharp.txt", None)));
        assert_eq!(
            serde_json::to_string(&key("a.jsonl", Some(1))).expect("json"),
            "\"a.jsonl#1\""
        );
        let back: DocKey = serde_json::from_str("\"a.jsonl#1\"").expect("json");
        assert_eq!(back, key("a.jsonl", Some(1)));
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(path in "[a-z#/.0-9]{0,12}", line in proptest::option::of(0usize..1_000_000)) {
            let k = key(&path, line);
            let back: DocKey = k.to_string().parse().expect("infallible");
            prop_assert_eq!(back, k);
        }
    }
}
