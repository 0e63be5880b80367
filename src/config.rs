//! Configuration: the defaults embedded from `assets/config.toml`, with the
//! user's file on top (`--config PATH`, else `$QARI_CONFIG`, else
//! `$XDG_CONFIG_HOME/qari/config.toml`). The user's file lists only what it
//! changes; unknown keys and wrong values are errors that name the file and
//! the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod keys;

use crate::bidi::LamAlef;
use keys::{Action, parse_key};

/// The default configuration, as shipped.
pub const DEFAULT: &str = include_str!("../assets/config.toml");

/// Who applies the bidirectional algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum BidiMode {
    /// qari asks the terminal what it is and sends rows the way that reads
    /// right there (docs/terminals.md).
    Auto,
    /// qari reorders; the terminal is put in explicit mode.
    App,
    /// qari sends logical order, for a terminal that does its own bidi.
    Terminal,
    /// Logical order, left-aligned (inspection).
    Off,
}

/// How qari sends the rows it orders, under `bidi = "auto"`: `auto` asks
/// the terminal; the others are what `qari doctor` saves once the user has
/// said which form reads right (docs/terminals.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Send {
    /// From the terminal's answers.
    Auto,
    /// Explicit bidi mode, rows in visual order (VTE).
    Explicit,
    /// Rows in visual order (terminals without bidi: xterm, Alacritty…).
    Visual,
    /// Visual rows fenced LRO … PDF, LRM after right-to-left letters.
    Fenced,
    /// Right-to-left runs handed back in logical order (Konsole).
    Runs,
    /// Chunks holding Arabic reversed whole (kitty).
    Chunks,
    /// Visual rows, every line opened by LRM and LRO, two columns spare
    /// (mlterm).
    Override,
}

/// Arabic shaping (presentation forms): `auto` lets qari decide from the
/// terminal; `true`/`false` in the file mean `on`/`off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(from = "ShapeRepr")]
pub enum Shape {
    /// qari shapes where the terminal does not join letters itself.
    Auto,
    /// Always.
    On,
    /// Never.
    Off,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ShapeRepr {
    Bool(bool),
    Word(ShapeWord),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ShapeWord {
    Auto,
    On,
    Off,
}

impl From<ShapeRepr> for Shape {
    fn from(r: ShapeRepr) -> Self {
        match r {
            ShapeRepr::Bool(true) | ShapeRepr::Word(ShapeWord::On) => Self::On,
            ShapeRepr::Bool(false) | ShapeRepr::Word(ShapeWord::Off) => Self::Off,
            ShapeRepr::Word(ShapeWord::Auto) => Self::Auto,
        }
    }
}

/// Lam-alef setting, as written in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum LamAlefSetting {
    /// One cell.
    Ligature,
    /// Two cells.
    TwoCell,
}

impl From<LamAlefSetting> for LamAlef {
    fn from(s: LamAlefSetting) -> Self {
        match s {
            LamAlefSetting::Ligature => Self::Ligature,
            LamAlefSetting::TwoCell => Self::TwoCell,
        }
    }
}

/// `[layout]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Widest reading column.
    pub max_width: usize,
    /// Arabic presentation forms.
    pub shape: Shape,
    /// Lam-alef drawing when shaping.
    pub lam_alef: LamAlefSetting,
    /// Who does the bidi.
    pub bidi: BidiMode,
    /// How ordered rows are sent (with `bidi = "auto"`).
    pub send: Send,
    /// Tab stop distance.
    pub tab_width: usize,
}

/// Colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Dark unless the environment says light.
    Auto,
    /// For dark backgrounds.
    Dark,
    /// For light backgrounds.
    Light,
}

/// `[reader]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reader {
    /// Capture the mouse for wheel scrolling.
    pub mouse: bool,
    /// Colour theme.
    pub theme: ThemeName,
    /// `qari show` pages long documents on a terminal.
    pub pager: bool,
}

/// `[keys]`: per view, action → keys.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// The library view.
    pub library: BTreeMap<Action, Vec<String>>,
    /// The reading view.
    pub reading: BTreeMap<Action, Vec<String>>,
    /// The compare view.
    pub compare: BTreeMap<Action, Vec<String>>,
}

/// The whole configuration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Layout settings.
    pub layout: Layout,
    /// Reader settings.
    pub reader: Reader,
    /// Key bindings.
    pub keys: Keys,
    /// `[corpora."PATH"]`: what a corpus's own `qari.toml` would say
    /// (`fields`, `xml`, `dates`), for corpora one cannot write into; kept
    /// as tables here, read by `corpus` (docs/formats.md §5).
    #[serde(default)]
    pub corpora: Corpora,
}

/// `[corpora."PATH"]` tables, as written.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Corpora(pub BTreeMap<String, toml::Table>);

// Tables of settings compare as equal or not (no NaN is meant there).
impl Eq for Corpora {}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", line.map(|l| format!(": line {l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Default for Config {
    fn default() -> Self {
        // The embedded file is checked by a test.
        toml::from_str(DEFAULT).unwrap_or(Self {
            layout: Layout {
                max_width: 80,
                shape: Shape::Auto,
                lam_alef: LamAlefSetting::Ligature,
                bidi: BidiMode::Auto,
                send: Send::Auto,
                tab_width: 8,
            },
            reader: Reader {
                mouse: false,
                theme: ThemeName::Auto,
                pager: true,
            },
            keys: Keys {
                library: BTreeMap::new(),
                reading: BTreeMap::new(),
                compare: BTreeMap::new(),
            },
            corpora: Corpora::default(),
        })
    }
}

/// The user's configuration file: `explicit`, else `$QARI_CONFIG`, else the
/// XDG location (which may not exist).
#[must_use]
pub fn user_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("QARI_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir().join("qari").join("config.toml"))
}

/// Largest configuration file read.
const MAX_FILE: u64 = 1 << 20;

/// Reads the configuration file at `path`: a regular file only (a FIFO
/// there must not block start-up; a folder is no file), opened without
/// blocking, at most [`MAX_FILE`] bytes, UTF-8.
fn read_file(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let not_file = |m: &std::fs::Metadata| -> Option<Error> {
        let t = m.file_type();
        (!t.is_file()).then(|| {
            Error::new(
                ErrorKind::InvalidInput,
                if t.is_dir() {
                    "is a folder, not a file"
                } else {
                    "is not a regular file (a FIFO, a socket or a device?)"
                },
            )
        })
    };
    if let Some(e) = not_file(&std::fs::metadata(path)?) {
        return Err(e);
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if let Some(e) = not_file(&meta) {
        return Err(e);
    }
    if meta.len() > MAX_FILE {
        return Err(Error::new(
            ErrorKind::InvalidData,
            "is larger than 1 MB: not a configuration file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1).read_to_end(&mut bytes)?;
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "is not UTF-8"))
}

/// Loads the configuration: defaults, then the user's file on top.
///
/// # Errors
/// A file named explicitly (`--config`, `$QARI_CONFIG`) that cannot be
/// read, or any file that is not a regular file or has a syntax error, an
/// unknown key or a wrong value.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(path) = user_path(explicit) else {
        return Ok(Config::default());
    };
    // Only the default place may hold no file.
    let named =
        explicit.is_some() || std::env::var_os("QARI_CONFIG").is_some_and(|p| !p.is_empty());
    let text = match read_file(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(ConfigError {
                path: path.display().to_string(),
                line: None,
                message: e.to_string(),
            });
        }
    };
    parse_over_defaults(&text, &path.display().to_string())
}

/// Parses a user file over the defaults.
///
/// # Errors
/// As [`load`].
pub fn parse_over_defaults(text: &str, path: &str) -> Result<Config, ConfigError> {
    let err = |e: toml::de::Error, src: &str| ConfigError {
        path: path.to_owned(),
        line: e
            .span()
            .map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1),
        message: e.message().trim().to_owned(),
    };
    let mut merged: toml::Table = toml::from_str(DEFAULT).map_err(|e| err(e, DEFAULT))?;
    let user: toml::Table = toml::from_str(text).map_err(|e| err(e, text))?;
    release_taken_keys(&mut merged, &user);
    merge(&mut merged, user);
    // Re-serialising would lose the user's line numbers: check the user's
    // table alone first for unknown keys and wrong values.
    check_user(text, path)?;
    toml::Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError {
            path: path.to_owned(),
            line: None,
            message: e.message().trim().to_owned(),
        })
}

/// Validates the user's file on its own, so that errors carry its lines.
fn check_user(text: &str, path: &str) -> Result<(), ConfigError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Partial {
        #[serde(default)]
        #[allow(dead_code)]
        layout: Option<PartialLayout>,
        #[serde(default)]
        #[allow(dead_code)]
        reader: Option<PartialReader>,
        #[serde(default)]
        keys: Option<PartialKeys>,
        /// Checked by `corpus` when registered (its settings type).
        #[serde(default)]
        #[allow(dead_code)]
        corpora: Option<toml::Table>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct PartialReader {
        mouse: Option<bool>,
        theme: Option<ThemeName>,
        pager: Option<bool>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PartialKeys {
        #[serde(default)]
        library: BTreeMap<Action, Vec<toml::Spanned<String>>>,
        #[serde(default)]
        reading: BTreeMap<Action, Vec<toml::Spanned<String>>>,
        #[serde(default)]
        compare: BTreeMap<Action, Vec<toml::Spanned<String>>>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct PartialLayout {
        max_width: Option<usize>,
        shape: Option<Shape>,
        lam_alef: Option<LamAlefSetting>,
        bidi: Option<BidiMode>,
        send: Option<Send>,
        tab_width: Option<usize>,
    }
    let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let partial = toml::from_str::<Partial>(text).map_err(|e| ConfigError {
        path: path.to_owned(),
        line: e.span().map(|s| line_of(s.start)),
        message: e.message().trim().to_owned(),
    })?;
    if let Some(keys) = partial.keys {
        for list in keys
            .library
            .values()
            .chain(keys.reading.values())
            .chain(keys.compare.values())
        {
            for k in list {
                if let Err(message) = parse_key(k.get_ref()) {
                    return Err(ConfigError {
                        path: path.to_owned(),
                        line: Some(line_of(k.span().start)),
                        message,
                    });
                }
            }
        }
    }
    Ok(())
}

/// A key the user binds to an action is taken from the other actions of
/// the same view in the defaults (`down = ["n"]` takes `n` from
/// `next_hit`).
fn release_taken_keys(base: &mut toml::Table, user: &toml::Table) {
    let Some(toml::Value::Table(user_keys)) = user.get("keys") else {
        return;
    };
    let Some(toml::Value::Table(base_keys)) = base.get_mut("keys") else {
        return;
    };
    for (view, actions) in user_keys {
        let (toml::Value::Table(actions), Some(toml::Value::Table(defaults))) =
            (actions, base_keys.get_mut(view))
        else {
            continue;
        };
        for (action, keys) in actions {
            let Some(keys) = keys.as_array() else {
                continue;
            };
            for (other, list) in defaults.iter_mut() {
                if other != action
                    && let Some(list) = list.as_array_mut()
                {
                    list.retain(|k| !keys.contains(k));
                }
            }
        }
    }
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse() {
        let c: Config = toml::from_str(DEFAULT).expect("assets/config.toml is valid");
        assert_eq!(c.layout.max_width, 80);
        assert_eq!(c.layout.bidi, BidiMode::Auto);
        assert_eq!(c.layout.shape, Shape::Auto);
        assert_eq!(c, Config::default());
    }

    #[test]
    fn user_file_changes_only_what_it_names() {
        let c = parse_over_defaults("[layout]\nshape = true\n", "u.toml").expect("valid");
        assert_eq!(c.layout.shape, Shape::On);
        let c = parse_over_defaults("[layout]\nshape = \"off\"\n", "u.toml").expect("valid");
        assert_eq!(c.layout.shape, Shape::Off);
        assert_eq!(c.layout.max_width, 80);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = parse_over_defaults("[layout]\nshape = true\nwidht = 3\n", "/x/config.toml")
            .expect_err("unknown key");
        assert_eq!(e.line, Some(3));
        let msg = e.to_string();
        assert!(msg.starts_with("/x/config.toml: line 3: "), "{msg}");
        assert!(msg.contains("widht"), "{msg}");
        let e = parse_over_defaults("[layout]\n\nbidi = \"sideways\"\n", "c.toml")
            .expect_err("bad value");
        assert_eq!(e.line, Some(3));
        let e = parse_over_defaults("[layout\n", "c.toml").expect_err("syntax");
        assert_eq!(e.line, Some(1));
        let e = parse_over_defaults("[keys.reading]\ndown = [\"j\",\n  \"hyper-j\"]\n", "k.toml")
            .expect_err("bad key");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("hyper-j"));
        let e = parse_over_defaults("[keys.reading]\nfly = [\"x\"]\n", "k.toml")
            .expect_err("bad action");
        assert_eq!(e.line, Some(2));
    }
}
