//! Zip and tar archives (`.zip`; `.tar`, `.tar.gz`/`.tgz`, `.tar.zst`,
//! `.tar.xz`, `.tar.bz2`), read without unpacking to disk: each member
//! whose name has a format qari reads is scanned from its bytes in memory,
//! as the file it would be once unpacked. A member's documents are found
//! at a path of their own, the archive's path and the member's name
//! (`news.zip/2019/a.jsonl`): what they are listed, searched and read
//! again by ([`member_of`] tells such a path from a file's). Archives in
//! archives are not opened (a warning says so). The archive is one file
//! of the corpus: any change to it scans it again.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Format, format_by_name};
use crate::corpus::read::{self, Compression, MAX_FILE_BYTES};
use crate::corpus::{Error, Warning, io_err};

/// Which archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A zip file.
    Zip,
    /// A tar file, perhaps compressed as a whole.
    Tar,
}

/// The kind of archive a file name says (after its compression suffix).
pub(crate) fn kind_of(ext: &str, compressed: bool) -> Option<Kind> {
    match ext {
        "zip" if !compressed => Some(Kind::Zip),
        "tar" => Some(Kind::Tar),
        "tgz" | "tbz2" | "txz" | "tzst" if !compressed => Some(Kind::Tar),
        _ => None,
    }
}

/// Whether member `name` is read; an archive in the archive is not, with
/// a warning.
fn wanted(name: &str, warn: &mut dyn FnMut(String)) -> bool {
    if readable(name) {
        return true;
    }
    if matches!(
        format_by_name(Path::new(name)),
        Some((Format::Archive(_), _))
    ) {
        warn(format!(
            "{name}: skipped: an archive in an archive is not opened"
        ));
    }
    false
}

/// Whether a member's name is one qari reads (by its name only: a member
/// is never sniffed), and not an archive.
fn readable(name: &str) -> bool {
    !name.ends_with('/')
        && !name.split('/').any(|part| part.starts_with('.'))
        && matches!(format_by_name(Path::new(name)), Some((f, _)) if !matches!(f, Format::Archive(_)))
}

/// Calls `each` with the name and bytes of every member of the archive at
/// `path` that qari reads, in the archive's order; returns the problems
/// met (a damaged archive, a member too large).
pub(crate) fn for_each_member(
    path: &Path,
    kind: Kind,
    each: &mut dyn FnMut(&str, Vec<u8>),
) -> Vec<Warning> {
    let place = path.display().to_string();
    let mut warnings = Vec::new();
    let mut warn = |message: String| {
        warnings.push(Warning {
            place: place.clone(),
            message,
        });
    };
    let (file, _) = match read::open(path) {
        Ok(f) => f,
        Err(p) => {
            warn(format!("skipped: {p}"));
            return warnings;
        }
    };
    let ran = crate::guard::catching(|| match kind {
        Kind::Zip => zip_members(file, each, &mut warn),
        Kind::Tar => tar_members(path, file, each, &mut warn),
    });
    if let Err(p) = ran {
        warnings.push(Warning {
            place,
            message: format!(
                "the rest of the archive skipped: its reader failed ({})",
                crate::guard::message(&*p)
            ),
        });
    }
    warnings
}

/// Reads at most [`MAX_FILE_BYTES`] of a member; `None` past that.
fn read_capped(r: &mut dyn Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    r.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

fn zip_members(
    file: std::fs::File,
    each: &mut dyn FnMut(&str, Vec<u8>),
    warn: &mut dyn FnMut(String),
) {
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(z) => z,
        Err(e) => {
            warn(format!("skipped: not a zip archive I can read ({e})"));
            return;
        }
    };
    for i in 0..zip.len() {
        let mut member = match zip.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                warn(format!("member {}: skipped: {e}", i + 1));
                continue;
            }
        };
        if !member.is_file() {
            continue;
        }
        let name = match member.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                warn(format!("member {}: skipped: {e}", i + 1));
                continue;
            }
        };
        if !wanted(&name, warn) {
            continue;
        }
        match read_capped(&mut member) {
            Ok(Some(bytes)) => each(&name, bytes),
            Ok(None) => warn(format!("{name}: skipped: larger than 2 GiB")),
            Err(e) => warn(format!("{name}: skipped: {e}")),
        }
    }
}

fn tar_members(
    path: &Path,
    file: std::fs::File,
    each: &mut dyn FnMut(&str, Vec<u8>),
    warn: &mut dyn FnMut(String),
) {
    let stream = match read::decompressing(path, file, Compression::of(path)) {
        Ok(s) => s,
        Err(e) => {
            warn(format!("skipped: {e}"));
            return;
        }
    };
    let mut tar = tar::Archive::new(stream);
    let entries = match tar.entries() {
        Ok(e) => e,
        Err(e) => {
            warn(format!("skipped: not a tar archive I can read ({e})"));
            return;
        }
    };
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                warn(format!("the rest of the archive skipped: {e}"));
                return;
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let Ok(name) = entry.path().map(|p| p.to_string_lossy().into_owned()) else {
            continue;
        };
        let name = name.trim_start_matches("./").to_owned();
        if !wanted(&name, warn) {
            continue;
        }
        match read_capped(&mut entry) {
            Ok(Some(bytes)) => each(&name, bytes),
            Ok(None) => warn(format!("{name}: skipped: larger than 2 GiB")),
            Err(e) => {
                warn(format!("{name}: the rest of the archive skipped: {e}"));
                return;
            }
        }
    }
}

/// The archive and the member a document's path names, when it is a
/// member's path (`news.zip/2019/a.jsonl`): the nearest ancestor that is
/// a regular file whose name says archive.
#[must_use]
pub(crate) fn member_of(path: &Path) -> Option<(PathBuf, String)> {
    if path.is_file() {
        return None;
    }
    let mut archive = path.parent();
    while let Some(a) = archive {
        if a.as_os_str().is_empty() {
            return None;
        }
        if matches!(format_by_name(a), Some((Format::Archive(_), _))) && a.is_file() {
            let member = path.strip_prefix(a).ok()?.to_string_lossy().into_owned();
            return Some((a.to_path_buf(), member));
        }
        archive = a.parent();
    }
    None
}

/// The bytes of member `member` of the archive at `archive`, as stored
/// in it (a compressed member still compressed).
///
/// # Errors
/// The archive cannot be read, or no longer holds the member.
pub(crate) fn member_bytes(archive: &Path, member: &str) -> Result<Vec<u8>, Error> {
    let gone = || Error::Gone(archive.join(member).display().to_string());
    let kind = match format_by_name(archive) {
        Some((Format::Archive(k), _)) => k,
        _ => return Err(gone()),
    };
    let (file, _) = read::open(archive).map_err(|p| io_err(archive, p.into()))?;
    let found = crate::guard::catching(|| -> Option<Vec<u8>> {
        match kind {
            Kind::Zip => {
                let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
                let mut m = zip.by_name(member).ok()?;
                read_capped(&mut m).ok().flatten()
            }
            Kind::Tar => {
                let stream = read::decompressing(archive, file, Compression::of(archive)).ok()?;
                let mut tar = tar::Archive::new(stream);
                for entry in tar.entries().ok()? {
                    let mut entry = entry.ok()?;
                    let name = entry.path().ok()?.to_string_lossy().into_owned();
                    if name.trim_start_matches("./") == member {
                        return read_capped(&mut entry).ok().flatten();
                    }
                }
                None
            }
        }
    });
    found.ok().flatten().ok_or_else(gone)
}

/// The bytes of the document file at `path` as stored (decompressed),
/// when `path` is an archive member's: `None` for a file's path.
pub(crate) fn stored_member(path: &Path) -> Option<Result<Vec<u8>, Error>> {
    let (archive, member) = member_of(path)?;
    Some(member_bytes(&archive, &member).and_then(|raw| {
        read::read_slice_as(&raw, Compression::of(Path::new(&member)))
            .map(|(bytes, _)| bytes)
            .map_err(|p| io_err(path, p.into()))
    }))
}

/// The members of an archive as documents: each member scanned from its
/// bytes, at its own path under the archive's.
pub(crate) fn scan(
    path: &Path,
    kind: Kind,
    forced: Option<&'static encoding_rs::Encoding>,
    each: &mut dyn FnMut(super::Scanned),
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut inner = Vec::new();
    let outer = for_each_member(path, kind, &mut |name, bytes| {
        let member = path.join(name);
        inner.extend(super::scan_raw(&member, &bytes, forced, each));
    });
    warnings.extend(outer);
    warnings.extend(inner);
    warnings
}
