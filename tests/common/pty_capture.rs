//! Shared by the end-to-end tests and the startup benchmark: collects
//! everything a pseudo-terminal's program writes, on a thread of its own.

use std::io::Read;
use std::sync::{Arc, Mutex};

/// Starts copying `reader` into a shared buffer until end of file.
pub fn capture(mut reader: Box<dyn Read + Send>) -> Arc<Mutex<Vec<u8>>> {
    let bytes = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&bytes);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut b) = sink.lock() {
                b.extend_from_slice(&buf[..n]);
            }
        }
    });
    bytes
}
