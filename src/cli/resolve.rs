//! Document arguments: `qari show X`, `qari related X`, `qari compare A B`
//! take an existing file path, or an id (or unique id prefix) in the corpus
//! named by `--corpus` (the sample by default).

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
    arg: &str,
    corpus_paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<(Corpus, usize), Failure> {
    if Path::new(arg).is_file() {
        return single_file(arg, load);
    }
    let corpus = Corpus::load(corpus_paths, load)?;
    let i = corpus.resolve(arg)?;
    Ok((corpus, i))
}

fn single_file(arg: &str, load: &LoadOptions) -> Result<(Corpus, usize), Failure> {
    let corpus = Corpus::load(&[PathBuf::from(arg)], load)?;
    match corpus.docs.len() {
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
            corpus
                .docs
                .iter()
                .take(10)
                .map(|d| d.id.as_str())
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
    a: &str,
    b: &str,
    corpus_paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<[Doc; 2], Failure> {
    let mut shared: Option<Corpus> = None;
    let mut one = |arg: &str| -> Result<Doc, Failure> {
        let (owned, i);
        let c = if Path::new(arg).is_file() {
            (owned, i) = single_file(arg, load)?;
            &owned
        } else {
            if shared.is_none() {
                shared = Some(Corpus::load(corpus_paths, load)?);
            }
            let c = shared.as_ref().ok_or_else(|| Failure::new("no corpus"))?;
            i = c.resolve(arg)?;
            c
        };
        Ok(Doc {
            meta: c.docs[i].clone(),
            text: c.text(i)?,
        })
    };
    Ok([one(a)?, one(b)?])
}
