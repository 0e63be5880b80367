//! Reading a corpus file safely: only regular files are opened (a FIFO, a
//! socket or a device named `x.txt` is skipped, never read: reading a FIFO
//! blocks until someone writes to it), the open itself never blocks and
//! never makes a terminal qari's controlling terminal, and the bytes are
//! read in pieces so that a binary file is given up at its first NUL byte
//! and an oversized or bomb-like gzip file at its cap, instead of after
//! the whole file is in memory.
//!
//! Caps: a file (decompressed, for gzip) of at most [`MAX_FILE_BYTES`]; a
//! gzip file decompresses to at most [`GZIP_RATIO`] times its compressed
//! size (and never less than [`GZIP_FLOOR`]), which real text never
//! reaches and a "gzip bomb" always does.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Largest file read, decompressed: 2 GiB.
pub(crate) const MAX_FILE_BYTES: u64 = 2 << 30;

/// Most a gzip file may expand (real text: 3 to 20 times).
pub(crate) const GZIP_RATIO: u64 = 100;

/// A gzip file may always decompress to this much, whatever its ratio.
pub(crate) const GZIP_FLOOR: u64 = 64 << 20;

/// Bytes read at a time.
const PIECE: u64 = 1 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum Problem {
    /// Not a regular file: a FIFO, a socket, a device, a folder.
    NotRegular(&'static str),
    /// The file holds a NUL byte (and is not UTF-16 with a byte order mark).
    Binary,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// A gzip file that expands more than [`GZIP_RATIO`] times.
    Bomb {
        /// The compressed size.
        compressed: u64,
        /// Where decompression stopped.
        cap: u64,
    },
    /// The system refused.
    Io(io::Error),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotRegular(what) => write!(f, "not a regular file ({what})"),
            Self::Binary => f.write_str("contains NUL bytes (binary, or UTF-16 without a BOM?)"),
            Self::TooLarge => write!(
                f,
                "larger than {} GiB (split it into smaller files)",
                MAX_FILE_BYTES >> 30
            ),
            Self::Bomb { compressed, cap } => write!(
                f,
                "decompresses to more than {} MB from {} KB (over {GZIP_RATIO} times its size: \
                 a gzip bomb?); decompression stopped",
                cap / 1_000_000,
                compressed.div_ceil(1000)
            ),
            Self::Io(e) => e.fmt(f),
        }
    }
}

impl From<Problem> for io::Error {
    fn from(p: Problem) -> Self {
        match p {
            Problem::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// What a file that is not a regular file is, in words; `None` for a
/// regular file.
#[must_use]
pub(crate) fn irregular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Opens `path` for reading if it is a regular file. Its type is checked
/// before opening (opening a device can have effects) and again on the
/// open file (it may have been replaced meanwhile); the open does not
/// block and cannot make a terminal the controlling terminal.
///
/// # Errors
/// Not a regular file, or the system refused.
pub(crate) fn open(path: &Path) -> Result<(File, Metadata), Problem> {
    let before = std::fs::metadata(path).map_err(Problem::Io)?;
    if let Some(what) = irregular(&before) {
        return Err(Problem::NotRegular(what));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(Problem::Io)?;
    let meta = file.metadata().map_err(Problem::Io)?;
    if let Some(what) = irregular(&meta) {
        return Err(Problem::NotRegular(what));
    }
    Ok((file, meta))
}

/// Whether `bytes` start with a UTF-16 byte order mark (and not UTF-32's).
#[must_use]
pub(crate) fn utf16_bom(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => false,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        _ => false,
    }
}

/// The bytes of the regular file at `path` as stored (decompressed, for
/// gzip), read piece by piece: a NUL byte (outside UTF-16 text) or a cap
/// ends the reading at once.
///
/// # Errors
/// See [`Problem`].
pub(crate) fn read_file(path: &Path, gzip: bool) -> Result<Vec<u8>, Problem> {
    read_file_within(path, gzip, GZIP_FLOOR)
}

/// [`read_file`] with another gzip floor (tests).
fn read_file_within(path: &Path, gzip: bool, floor: u64) -> Result<Vec<u8>, Problem> {
    let (file, meta) = open(path)?;
    let len = meta.len();
    if gzip {
        read_gzip(file, len, floor)
    } else {
        if len > MAX_FILE_BYTES {
            return Err(Problem::TooLarge);
        }
        read_capped(file, len, MAX_FILE_BYTES)
    }
}

/// [`read_file`] for bytes already in memory (`raw` as a file holds them).
///
/// # Errors
/// See [`Problem`].
pub(crate) fn read_slice(raw: &[u8], gzip: bool) -> Result<Vec<u8>, Problem> {
    let len = raw.len() as u64;
    if gzip {
        read_gzip(raw, len, GZIP_FLOOR)
    } else {
        read_capped(raw, len, MAX_FILE_BYTES)
    }
}

/// Decompresses `compressed` (`len` bytes as stored), stopping at the cap
/// for its size.
fn read_gzip(compressed: impl Read, len: u64, floor: u64) -> Result<Vec<u8>, Problem> {
    let cap = len
        .saturating_mul(GZIP_RATIO)
        .clamp(floor.min(MAX_FILE_BYTES), MAX_FILE_BYTES);
    let dec = flate2::read::MultiGzDecoder::new(io::BufReader::new(compressed));
    read_capped(dec, 0, cap).map_err(|p| match p {
        Problem::TooLarge if cap < MAX_FILE_BYTES => Problem::Bomb {
            compressed: len,
            cap,
        },
        other => other,
    })
}

/// Reads `r` to its end in pieces, `hint` bytes expected, at most `cap`.
fn read_capped(mut r: impl Read, hint: u64, cap: u64) -> Result<Vec<u8>, Problem> {
    // The expected size at once when memory allows (no copies while
    // growing), else grown as read: either way a failed allocation is an
    // error, never an abort.
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(usize::try_from(hint.min(cap)).unwrap_or(0));
    let mut text16: Option<bool> = None;
    loop {
        let start = bytes.len();
        let n = (&mut r)
            .take(PIECE)
            .read_to_end(&mut bytes)
            .map_err(Problem::Io)?;
        if bytes.len() as u64 > cap {
            return Err(Problem::TooLarge);
        }
        // The byte order mark is known once two bytes are in (or at the end).
        if text16.is_none() && (bytes.len() >= 4 || n == 0) {
            text16 = Some(utf16_bom(&bytes));
        }
        let checked = if text16 == Some(false) {
            // From the start when the kind was just learnt.
            &bytes[if start < 4 { 0 } else { start }..]
        } else {
            &[][..]
        };
        if memchr::memchr(0, checked).is_some() {
            return Err(Problem::Binary);
        }
        if n == 0 {
            return Ok(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn nul_bytes_stop_the_reading_early() {
        // A reader that would go on for ever after its first zeros.
        struct Zeros(u64);
        impl Read for Zeros {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 += buf.len() as u64;
                assert!(self.0 < 64 << 20, "read far past the first NUL");
                buf.fill(0);
                Ok(buf.len())
            }
        }
        assert!(matches!(
            read_capped(Zeros(0), 0, u64::MAX),
            Err(Problem::Binary)
        ));
        // UTF-16 with a byte order mark holds NULs and is text.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("نص".encode_utf16().flat_map(u16::to_le_bytes))
            .chain(b"a\0".iter().copied())
            .collect();
        assert_eq!(read_capped(&utf16[..], 0, 100).expect("text"), utf16);
        // A NUL past the first piece is found too.
        let mut late = vec![b'a'; (PIECE as usize) * 2 + 7];
        late.push(0);
        assert!(matches!(
            read_capped(&late[..], 0, u64::MAX),
            Err(Problem::Binary)
        ));
        assert!(matches!(
            read_capped(&b"abcdef"[..], 0, 3),
            Err(Problem::TooLarge)
        ));
    }

    #[test]
    fn a_gzip_bomb_is_stopped_at_its_cap() {
        let tmp = tempfile::tempdir().expect("tmp");
        let p = tmp.path().join("bomb.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&p).expect("create"),
            flate2::Compression::best(),
        );
        // 4 MB of one letter: a few KB compressed, far over 100 times.
        enc.write_all(&vec![b'a'; 4 << 20]).expect("write");
        enc.finish().expect("finish");
        let err = read_file_within(&p, true, 1 << 20).expect_err("a bomb");
        assert!(matches!(err, Problem::Bomb { .. }), "{err}");
        assert!(err.to_string().contains("gzip bomb"), "{err}");
        // Under the floor, the same file is read whole.
        let bytes = read_file_within(&p, true, 8 << 20).expect("under the floor");
        assert_eq!(bytes.len(), 4 << 20);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_sockets_are_not_opened() {
        let tmp = tempfile::tempdir().expect("tmp");
        let fifo = tmp.path().join("f.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = read_file(&fifo, false).expect_err("a FIFO");
        assert_eq!(err.to_string(), "not a regular file (a FIFO)");
        let sock = tmp.path().join("s.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
        let err = read_file(&sock, false).expect_err("a socket");
        assert_eq!(err.to_string(), "not a regular file (a socket)");
        let err = read_file(Path::new("/dev/null"), false).expect_err("a device");
        assert_eq!(err.to_string(), "not a regular file (a device)");
        let err = read_file(tmp.path(), false).expect_err("a folder");
        assert_eq!(err.to_string(), "not a regular file (a folder)");
    }
}
