//! Panics caught on purpose. The layout engine's fallback and the reader's
//! background jobs catch panics so that one bad paragraph or one failed job
//! never takes the reader down; the reader's panic hook asks
//! [`is_catching`] and leaves the terminal alone for those, restoring it
//! only for a panic that will really end qari.

use std::cell::Cell;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, catching a panic; while it runs, [`is_catching`] is true on
/// this thread.
///
/// # Errors
/// The panic's payload, when `f` panicked.
pub fn catching<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result
}

/// Whether a panic on this thread now would be caught by [`catching`].
#[must_use]
pub fn is_catching() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// A panic's message, for a status line or an error.
#[must_use]
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_set_only_inside() {
        assert!(!is_catching());
        let inside = catching(is_catching).expect("no panic");
        assert!(inside);
        assert!(!is_catching());
        let r = catching(|| -> u8 { panic!("boom") });
        assert_eq!(message(&*r.expect_err("panicked")), "boom");
        assert!(!is_catching(), "the depth is restored after a panic");
    }
}
