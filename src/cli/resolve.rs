//! Document arguments: `qari show X`, `qari related X`, `qari compare A B`
//! take an existing file path, or an id (or unique id prefix) in the corpus
//! named by `--corpus` (the sample by default).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Failure;
use crate::corpus::{Corpus, DocMeta, DocText, LoadOptions};

/// One document named on the command line: its metadata and text.
pub struct Doc {
    /// Metadata.
    pub meta: DocMeta,
    /// Text and the map to the file's bytes.
    pub text: Arc<DocText>,
}

/// Finds the document `arg` names: an existing file path (which must hold
/// exactly one document), or an id in the corpus of `corpus_paths`.
/// Returns the corpus it was found in and its index there.
///
/// # Errors
/// Unknown or ambiguous ids, unreadable files, files with several
/// documents.
pub fn resolve_doc(
    arg: &OsStr,
    corpus_paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<(Corpus, usize), Failure> {
    if Path::new(arg).is_file() {
        return single_file(Path::new(arg), load);
    }
    let id = id_of(arg)?;
    let corpus = Corpus::load(corpus_paths, load)?;
    let i = corpus.resolve(id)?;
    Ok((corpus, i))
}

/// A document argument that is no file: the id it spells. Something on
/// disk that is not a regular file is an error, and so is a name that is
/// not UTF-8 (a file name, then, for no id is spelt so).
fn id_of(arg: &OsStr) -> Result<&str, Failure> {
    not_a_document(Path::new(arg))?;
    arg.to_str().ok_or_else(|| {
        Failure::new(format!(
            "{}: no such file or directory",
            Path::new(arg).display()
        ))
    })
}

/// An argument that names something on disk that is not a regular file
/// (a folder, a FIFO, a socket, a device, a broken link) is an error
/// saying so, not an id to look up in the corpus.
fn not_a_document(p: &Path) -> Result<(), Failure> {
    let arg = p.display();
    let Ok(link) = std::fs::symlink_metadata(p) else {
        return Ok(());
    };
    let why = match std::fs::metadata(p) {
        Err(e) if link.file_type().is_symlink() => format!("a broken symbolic link ({e})"),
        Err(e) => e.to_string(),
        Ok(m) if m.is_dir() => {
            return Err(Failure::new(format!(
                "{arg} is a folder; name one of its documents by id with --corpus {arg}"
            )));
        }
        Ok(m) => match crate::corpus::irregular(&m) {
            Some(what) => format!("not a regular file ({what})"),
            None => return Ok(()),
        },
    };
    Err(Failure::new(format!("{arg}: {why}")))
}

fn single_file(path: &Path, load: &LoadOptions) -> Result<(Corpus, usize), Failure> {
    let arg = path.display();
    let corpus = Corpus::load(&[path.to_path_buf()], load)?;
    match corpus.len() {
        1 => Ok((corpus, 0)),
        0 => Err(Failure::new(format!(
            "{arg}: no document could be read from it{}",
            corpus
                .warnings
                .first()
                .map(|w| format!(" ({})", w.message))
                .unwrap_or_default()
        ))),
        n => Err(Failure::new(format!(
            "{arg} holds {n} documents; name one by id with --corpus {arg}: {}",
            (0..10)
                .filter_map(|i| corpus.id(i))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Finds two documents (`qari compare A B`): each a file path or an id in
/// the corpus of `corpus_paths`, loaded once for both.
///
/// # Errors
/// As [`resolve_doc`].
pub fn resolve_pair(
    a: &OsStr,
    b: &OsStr,
    corpus_paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<[Doc; 2], Failure> {
    let mut shared: Option<Corpus> = None;
    let mut one = |arg: &OsStr| -> Result<Doc, Failure> {
        let (owned, i);
        let c = if Path::new(arg).is_file() {
            (owned, i) = single_file(Path::new(arg), load)?;
            &owned
        } else {
            let id = id_of(arg)?;
            if shared.is_none() {
                shared = Some(Corpus::load(corpus_paths, load)?);
            }
            let c = shared.as_ref().ok_or_else(|| Failure::new("no corpus"))?;
            i = c.resolve(id)?;
            c
        };
        Ok(Doc {
            meta: c
                .get(i)
                .ok_or_else(|| Failure::new("no such document"))?
                .into_owned(),
            text: c.text(i)?,
        })
    };
    Ok([one(a)?, one(b)?])
}
