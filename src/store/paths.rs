//! Where rehearse keeps its files: `REHEARSE_HOME` when set, otherwise the
//! platform data directory (`~/.local/share/rehearse` on Linux).

use std::path::PathBuf;

/// Environment variable that overrides the data directory (tests point it at a temp dir).
pub const HOME_ENV: &str = "REHEARSE_HOME";

/// The data directory: `$REHEARSE_HOME`, else the platform data dir.
pub fn data_dir() -> PathBuf {
    if let Some(h) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    directories::ProjectDirs::from("", "", "rehearse")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".rehearse"))
}

/// Folder of saved attempts.
pub fn attempts_dir() -> PathBuf {
    data_dir().join("attempts")
}

/// Folder of downloaded models.
pub fn models_dir() -> PathBuf {
    data_dir().join("models")
}

/// Write `bytes` to `path` atomically: temp file in the same folder, fsync, rename.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or_else(|| std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}
