//! A document's metadata as its record gives it: the date (as written,
//! and as a day when [`super::date`] can read it), the source, URL,
//! author and declared language, and every other field kept as a string.
//! Formats hand over `(name, value)` pairs; [`Meta::from_fields`] sorts
//! them by name, the same synonyms for every format (docs/formats.md).

use serde::Serialize;

use super::date;
use super::local_config::{DayOrder, LocalConfig};

/// Field names read as the date, in order of preference.
const DATE: &[&str] = &[
    "date",
    "datepublished",
    "date_published",
    "published",
    "published_at",
    "publishedat",
    "published_time",
    "publication_date",
    "publish_date",
    "pubdate",
    "pub_date",
    "created_at",
    "created",
    "datetime",
    "date_time",
    "time",
    "timestamp",
];
/// Field names read as the source (outlet, site).
const SOURCE: &[&str] = &[
    "source",
    "site_name",
    "site",
    "outlet",
    "publisher",
    "newspaper",
    "website",
    "media",
    "channel",
    "domain",
];
/// Field names read as the URL.
const URL: &[&str] = &["url", "link", "href", "permalink", "canonical"];
/// Field names read as the author.
const AUTHOR: &[&str] = &["author", "authors", "byline", "writer", "creator"];
/// Field names read as the declared language.
const LANG: &[&str] = &["lang", "language", "locale"];

/// Longest value kept, in bytes (a field is metadata, not a text).
const MAX_VALUE: usize = 2048;
/// Most other fields kept per document.
const MAX_OTHER: usize = 32;

/// A document's metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// The date as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date read as a Gregorian day (days since 1970-01-01), when it
    /// could be read; in JSON, `date_iso`.
    #[serde(
        rename = "date_iso",
        serialize_with = "day_as_iso",
        skip_serializing_if = "Option::is_none"
    )]
    pub day: Option<i64>,
    /// The source (outlet, site).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The language the record declares (the one told from the letters
    /// is [`super::DocMeta::lang`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_lang: Option<String>,
    /// Other fields, in the record's order; in JSON, an object `meta`.
    #[serde(
        rename = "meta",
        serialize_with = "pairs_as_map",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub other: Vec<(String, String)>,
}

fn day_as_iso<S: serde::Serializer>(day: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(d) => s.serialize_str(&date::Day::from_days(*d).iso()),
        None => s.serialize_none(),
    }
}

fn pairs_as_map<S: serde::Serializer>(pairs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

impl Meta {
    /// Sorts `fields` by name (case-insensitive; `-`, `_` and `:` alike
    /// ignored, so `article:published_time`, `datePublished` and
    /// `date_published` are one name): the first field of each kind
    /// wins, the rest are kept as others. Values are trimmed; empty ones
    /// dropped. A corpus's `qari.toml` (`local`) may name its date and
    /// source fields, which then win, and the order of numeric dates.
    #[must_use]
    pub(crate) fn from_fields(fields: Vec<(String, String)>, local: Option<&LocalConfig>) -> Self {
        let mut m = Self::default();
        let mut date_rank = usize::MAX;
        let named = |n: &Option<String>| n.as_deref().map(squash);
        let (date_named, source_named) = local.map_or((None, None), |l| {
            (named(&l.fields.date), named(&l.fields.source))
        });
        for (name, value) in fields {
            let value = clip(value.trim());
            if value.is_empty() {
                continue;
            }
            let key = squash(&name);
            if date_named.as_deref() == Some(key.as_str()) {
                if let Some(old) = m.date.take() {
                    m.other.push((date_name(date_rank), old));
                }
                date_rank = 0;
                m.date = Some(value);
                continue;
            }
            if source_named.as_deref() == Some(key.as_str()) {
                if let Some(old) = m.source.replace(value) {
                    m.other.push(("source".to_owned(), old));
                }
                continue;
            }
            let is = |names: &[&str]| names.iter().position(|n| squash(n) == key);
            if let Some(rank) = is(DATE) {
                if rank < date_rank {
                    if let Some(old) = m.date.take() {
                        m.other.push((date_name(date_rank), old));
                    }
                    date_rank = rank;
                    m.date = Some(value);
                    continue;
                }
            } else if is(SOURCE).is_some() && m.source.is_none() && source_named.is_none() {
                m.source = Some(value);
                continue;
            } else if is(URL).is_some() && m.url.is_none() {
                m.url = Some(value);
                continue;
            } else if is(AUTHOR).is_some() && m.author.is_none() {
                m.author = Some(value);
                continue;
            } else if is(LANG).is_some() && m.declared_lang.is_none() {
                m.declared_lang = Some(value);
                continue;
            }
            if m.other.len() < MAX_OTHER {
                m.other.push((name, value));
            }
        }
        let order = local.and_then(|l| l.dates.order).unwrap_or_default();
        m.day = m.date.as_deref().and_then(|d| day_of(d, order));
        m
    }

    /// Whether there is nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The day as an ISO date (`2019-02-07`).
    #[must_use]
    pub fn iso_date(&self) -> Option<String> {
        self.day.map(|d| date::Day::from_days(d).iso())
    }

    /// The source as filters and facets compare it: lowercase, spaces
    /// collapsed, a URL's scheme and `www.` dropped.
    #[must_use]
    pub fn source_key(&self) -> Option<String> {
        self.source
            .as_deref()
            .map(source_key)
            .filter(|k| !k.is_empty())
    }
}

/// A source as filters compare it (see [`Meta::source_key`]).
#[must_use]
pub fn source_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let lower = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let lower = lower.strip_prefix("www.").unwrap_or(lower);
    let lower = lower.trim_end_matches('/');
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The day of a date as written: [`date::parse`], or a Unix time in
/// seconds (10 digits) or milliseconds (13 digits).
fn day_of(s: &str, order: DayOrder) -> Option<i64> {
    let t = s.trim();
    if (t.len() == 10 || t.len() == 13) && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        let secs = if t.len() == 13 { n / 1000 } else { n };
        return Some(secs.div_euclid(86_400));
    }
    date::parse_ordered(t, order).map(date::Day::days)
}

fn date_name(rank: usize) -> String {
    DATE.get(rank).copied().unwrap_or("date").to_owned()
}

/// A field name as compared: lowercase ASCII letters and digits only.
fn squash(name: &str) -> String {
    let name = name.rsplit(':').next().unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn clip(s: &str) -> String {
    if s.len() <= MAX_VALUE {
        return s.to_owned();
    }
    let mut end = MAX_VALUE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn fields_are_sorted_by_their_names_synonyms_included() {
        let m = Meta::from_fields(
            fields(&[
                ("Source", " Al Jazeera "),
                ("article:published_time", "2019-02-07T10:00:00Z"),
                ("link", "https://www.aljazeera.net/news/1"),
                ("byline", "مراسل"),
                ("section", "سياسة"),
                ("empty", "  "),
                ("language", "ar"),
            ]),
            None,
        );
        assert_eq!(m.source.as_deref(), Some("Al Jazeera"));
        assert_eq!(m.date.as_deref(), Some("2019-02-07T10:00:00Z"));
        // 2019-02-07 is 17,934 days after 1970-01-01 (1,549,497,600 s).
        assert_eq!(m.day, Some(17_934));
        assert_eq!(m.iso_date().as_deref(), Some("2019-02-07"));
        assert_eq!(m.url.as_deref(), Some("https://www.aljazeera.net/news/1"));
        assert_eq!(m.author.as_deref(), Some("مراسل"));
        assert_eq!(m.declared_lang.as_deref(), Some("ar"));
        assert_eq!(m.other, fields(&[("section", "سياسة")]));
        assert_eq!(m.source_key().as_deref(), Some("al jazeera"));
    }

    #[test]
    fn the_preferred_date_field_wins_and_the_other_is_kept() {
        let m = Meta::from_fields(
            fields(&[("created_at", "2020-01-01"), ("date", "7 فبراير 2019")]),
            None,
        );
        assert_eq!(m.date.as_deref(), Some("7 فبراير 2019"));
        assert_eq!(m.day, Some(17_934));
        assert_eq!(m.other, fields(&[("created_at", "2020-01-01")]));
    }

    #[test]
    fn unix_times_are_days() {
        let m = Meta::from_fields(fields(&[("timestamp", "1549497600")]), None);
        assert_eq!(m.day, Some(17_934));
        let m = Meta::from_fields(fields(&[("timestamp", "1549497600123")]), None);
        assert_eq!(m.day, Some(17_934));
    }

    #[test]
    fn a_hijri_date_is_kept_as_written_without_a_day() {
        let m = Meta::from_fields(fields(&[("date", "2 جمادى الآخرة 1440 هـ")]), None);
        assert_eq!(m.date.as_deref(), Some("2 جمادى الآخرة 1440 هـ"));
        assert_eq!(m.day, None);
    }

    #[test]
    fn source_keys_ignore_case_scheme_and_www() {
        assert_eq!(source_key("https://www.BBC.com/"), "bbc.com");
        assert_eq!(source_key("  Al   Jazeera "), "al jazeera");
        assert_eq!(source_key("الجزيرة"), "الجزيرة");
    }
}
