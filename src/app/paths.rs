//! Where rehearse keeps its files: `REHEARSE_HOME` when set, otherwise the
//! platform data directory (`~/.local/share/rehearse` on Linux). Resolved
//! once, in [`super::run`]; the library below takes the paths it needs.

use crate::store::AttemptStore;
use std::path::{Path, PathBuf};

/// Environment variable that overrides the data directory (tests point it at a temp dir).
pub const HOME_ENV: &str = "REHEARSE_HOME";

/// The data directory and the folders in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// `$REHEARSE_HOME` when set and not empty, else the platform data
    /// directory, else `.rehearse` in the current folder.
    pub fn from_env() -> Self {
        let root = match std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
            Some(h) => PathBuf::from(h),
            None => directories::ProjectDirs::from("", "", "rehearse")
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(|| PathBuf::from(".rehearse")),
        };
        DataDir { root }
    }

    /// A data directory at `root` (tests, tools).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The data directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Folder of saved attempts.
    pub fn attempts_dir(&self) -> PathBuf {
        self.root.join("attempts")
    }

    /// Folder of downloaded models.
    pub fn models_dir(&self) -> PathBuf {
        self.root.join("models")
    }

    /// Folder where `practice` keeps a recording until it is saved as an attempt.
    pub fn recordings_dir(&self) -> PathBuf {
        self.root.join("recordings")
    }

    /// Folder of the user's own question files (merged with the bundled bank).
    pub fn questions_dir(&self) -> PathBuf {
        self.root.join("questions")
    }

    /// The attempt store in [`Self::attempts_dir`].
    pub fn attempts(&self) -> AttemptStore {
        AttemptStore::new(self.attempts_dir())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_hang_off_the_root() {
        let d = DataDir::at("/data");
        assert_eq!(d.attempts_dir(), Path::new("/data/attempts"));
        assert_eq!(d.models_dir(), Path::new("/data/models"));
        assert_eq!(d.recordings_dir(), Path::new("/data/recordings"));
        assert_eq!(d.questions_dir(), Path::new("/data/questions"));
        assert_eq!(d.attempts().root(), Path::new("/data/attempts"));
    }
}
