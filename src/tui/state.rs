//! Reading positions, remembered across runs in the XDG state directory
//! (`$XDG_STATE_HOME/qari/positions.json`, `~/.local/state/qari` by
//! default) as byte offsets, so they survive a change of width. Written
//! atomically; an unreadable file is ignored, never fatal.

use std::collections::HashMap;
use std::path::PathBuf;

/// Where positions are kept.
#[must_use]
pub fn path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let dir = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(dir.join("qari").join("positions.json"))
}

/// Loads remembered positions (empty when there are none or they are unreadable).
#[must_use]
pub fn load() -> HashMap<String, usize> {
    path()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Saves positions.
///
/// # Errors
/// The state directory cannot be written.
pub fn save(positions: &HashMap<String, usize>) -> std::io::Result<()> {
    let Some(p) = path() else { return Ok(()) };
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = p.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec(positions).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, p)
}
