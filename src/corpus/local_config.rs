//! A corpus's own `qari.toml`: which fields (JSON Lines keys, CSV/TSV
//! columns, XML child elements or attributes) are the text, title, id,
//! date and source, which element is a document in XML, and how numeric
//! dates are ordered. Without it qari guesses (docs/formats.md).
//!
//! The file applies to the files of its folder and of the folders below
//! it; the nearest one wins. The same settings can be given in the user's
//! configuration, `[corpora."/path/to/corpus"]` (for a corpus one cannot
//! write into; [`register`]): they apply below that path and win over any
//! `qari.toml`. It is looked up once per folder (and kept
//! for the process). A `qari.toml` that cannot be read is a warning for
//! each file it would apply to, and qari guesses as if it were absent.
//!
//! ```toml
//! [fields]
//! text = "body_text"
//! title = "headline"
//! id = "guid"
//! date = "published"
//! source = "outlet"
//!
//! [xml]
//! document = "doc"
//!
//! [dates]
//! order = "mdy"   # numeric dates: dmy (the default), mdy or ymd
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "qari.toml";

/// Field names given by a corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldNames {
    /// The text.
    pub text: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The id.
    pub id: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// The source.
    pub source: Option<String>,
}

/// XML settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Xml {
    /// The document element's name.
    pub document: Option<String>,
}

/// The order of day, month and year in numeric dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DayOrder {
    /// `07/02/2019` is 7 February (the default: the Arab world, Europe).
    #[default]
    Dmy,
    /// `02/07/2019` is 7 February.
    Mdy,
    /// `2019/02/07`.
    Ymd,
}

/// Date settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dates {
    /// The order of numeric dates.
    pub order: Option<DayOrder>,
}

/// A corpus's `qari.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LocalConfig {
    /// Field names.
    #[serde(default)]
    pub fields: FieldNames,
    /// XML.
    #[serde(default)]
    pub xml: Xml,
    /// Dates.
    #[serde(default)]
    pub dates: Dates,
}

/// What a lookup found: the settings, or why the file could not be used.
pub(crate) type Found = Option<Arc<Result<LocalConfig, String>>>;

/// Settings given in the user's configuration: canonical path, settings.
type Registered = Vec<(PathBuf, Arc<Result<LocalConfig, String>>)>;

/// Settings given in the user's configuration, the longest path first.
fn registered() -> &'static Mutex<Registered> {
    static REG: std::sync::OnceLock<Mutex<Registered>> = std::sync::OnceLock::new();
    REG.get_or_init(|| Mutex::new(Vec::new()))
}

/// Gives the settings of the corpus at `path` (as the user's
/// configuration writes them, a TOML table with `fields`, `xml`, `dates`).
///
/// # Errors
/// The table is not such settings (the message names what is wrong).
pub fn register(path: &Path, table: toml::Table) -> Result<(), String> {
    let parsed: LocalConfig = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_owned())?;
    let canon = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(mut r) = registered().lock() {
        r.retain(|(p, _)| *p != canon);
        r.push((canon, Arc::new(Ok(parsed))));
        // The longest path first: the nearest wins.
        r.sort_by_key(|(p, _)| std::cmp::Reverse(p.as_os_str().len()));
    }
    if let Ok(mut c) = cache().lock() {
        c.clear();
    }
    Ok(())
}

fn cache() -> &'static Mutex<HashMap<PathBuf, Found>> {
    static CACHE: std::sync::OnceLock<Mutex<HashMap<PathBuf, Found>>> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The `qari.toml` that applies to the file at `path` (the nearest one in
/// its folder or above), if any.
pub(crate) fn for_file(path: &Path) -> Found {
    let dir = path.parent()?;
    if let Ok(r) = registered().lock()
        && !r.is_empty()
    {
        let canon = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some((_, found)) = r
            .iter()
            .find(|(p, _)| canon.starts_with(p) || dir.starts_with(p))
        {
            return Some(Arc::clone(found));
        }
    }
    for_dir(dir)
}

fn for_dir(dir: &Path) -> Found {
    if let Ok(c) = cache().lock()
        && let Some(found) = c.get(dir)
    {
        return found.clone();
    }
    let file = dir.join(FILE_NAME);
    let found = if file.is_file() {
        Some(Arc::new(read(&file)))
    } else {
        match dir.parent() {
            Some(up) if up != dir && !up.as_os_str().is_empty() => for_dir(up),
            _ => None,
        }
    };
    if let Ok(mut c) = cache().lock() {
        c.insert(dir.to_path_buf(), found.clone());
    }
    found
}

/// Reads and parses one `qari.toml`.
fn read(file: &Path) -> Result<LocalConfig, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", file.display()))
}

/// Parses the text of a `qari.toml`.
pub(crate) fn parse(text: &str) -> Result<LocalConfig, String> {
    toml::from_str(text).map_err(|e| e.message().to_owned())
}

/// The settings that apply to `path`, and a warning when its `qari.toml`
/// cannot be used.
pub(crate) fn settings_for(path: &Path) -> (Option<Arc<LocalConfig>>, Option<String>) {
    match for_file(path) {
        None => (None, None),
        Some(found) => match &*found {
            Ok(c) => (Some(Arc::new(c.clone())), None),
            Err(e) => (None, Some(format!("{e}; ignored, fields guessed"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corpus_names_its_fields_element_and_date_order() {
        let c = parse(
            "[fields]\ntext = \"body_text\"\nsource = \"outlet\"\n[xml]\ndocument = \"story\"\n[dates]\norder = \"mdy\"\n",
        )
        .expect("valid");
        assert_eq!(c.fields.text.as_deref(), Some("body_text"));
        assert_eq!(c.fields.source.as_deref(), Some("outlet"));
        assert_eq!(c.fields.title, None);
        assert_eq!(c.xml.document.as_deref(), Some("story"));
        assert_eq!(c.dates.order, Some(DayOrder::Mdy));
    }

    #[test]
    fn unknown_keys_are_errors_that_say_which() {
        let e = parse("[fields]\ntxet = \"body\"\n").expect_err("unknown field");
        assert!(e.contains("txet"), "{e}");
    }

    #[test]
    fn the_nearest_file_applies_to_the_folders_below() {
        let tmp = tempfile::tempdir().expect("tmp");
        let top = tmp.path().join("c");
        let sub = top.join("a/b");
        std::fs::create_dir_all(&sub).expect("dirs");
        std::fs::write(top.join(FILE_NAME), "[fields]\ntext = \"t1\"\n").expect("write");
        let (c, w) = settings_for(&sub.join("x.jsonl"));
        assert_eq!(w, None);
        assert_eq!(c.expect("found").fields.text.as_deref(), Some("t1"));
        let other = tmp.path().join("d");
        std::fs::create_dir_all(&other).expect("dir");
        std::fs::write(other.join(FILE_NAME), "fields = 3").expect("write");
        let (c, w) = settings_for(&other.join("y.csv"));
        assert!(c.is_none());
        assert!(
            w.expect("warning").contains("ignored"),
            "a bad file is a warning"
        );
    }
}
