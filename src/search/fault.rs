//! What a failure while writing the index means for the user: a full disk
//! is named as such (tantivy reports it as "an index writer was killed",
//! or as an I/O error, depending on which of its threads met it first).

use std::path::Path;

use super::Error;

/// Below this much free space, a failed write is put down to a full disk.
const NEARLY_FULL: u64 = 1 << 20;

/// Whether `e` (or anything it wraps) is an I/O error saying the disk or
/// the quota is full.
fn says_full(e: &Error) -> bool {
    use std::io::ErrorKind::{QuotaExceeded, StorageFull};
    let io = |e: &std::io::Error| matches!(e.kind(), StorageFull | QuotaExceeded);
    match e {
        Error::Io { source, .. } => io(source),
        Error::Index(tantivy::TantivyError::IoError(inner)) => io(inner),
        other => other.to_string().contains("No space left on device"),
    }
}

/// Bytes free for an unprivileged user on the filesystem holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    let at = std::iter::successors(Some(dir), |d| d.parent()).find(|d| d.exists())?;
    let st = rustix::fs::statvfs(at).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

fn human(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// `e` as the user should hear it: [`Error::DiskFull`] when writing into
/// `dir` failed because its disk is full, else `e` itself.
#[must_use]
pub(crate) fn explain(e: Error, dir: &Path) -> Error {
    if matches!(e, Error::DiskFull { .. } | Error::Corpus(_)) {
        return e;
    }
    let free = free_bytes(dir);
    if says_full(&e) || free.is_some_and(|f| f < NEARLY_FULL) {
        return Error::DiskFull {
            path: dir.display().to_string(),
            free: free.map_or_else(|| "no space".to_owned(), human),
        };
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_whatever_tantivy_said() {
        let dir = tempfile::tempdir().expect("tmp");
        let full = Error::Io {
            path: "x".to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        let e = explain(full, dir.path());
        assert!(matches!(e, Error::DiskFull { .. }), "{e}");
        assert!(e.to_string().contains("the disk is full"), "{e}");
        // Other failures on a disk with room stay what they are.
        let other = Error::Damaged("x".to_owned());
        assert!(matches!(explain(other, dir.path()), Error::Damaged(_)));
    }
}
