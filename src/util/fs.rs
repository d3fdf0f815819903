//! File-system helpers: an atomic write that leaves nothing behind when it
//! fails, and a check that a path is a regular file before it is opened (a
//! FIFO or a device would block or never end).

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically: temp file in the same folder, fsync,
/// rename. The folder is created when missing. On any failure the temp file
/// is removed, so a failed write (full disk, say) leaves nothing behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What kind of thing `path` is, when it is not a regular file: "a folder",
/// "a FIFO (named pipe)", "a device", "a socket" or "not a regular file".
/// `None` for a regular file (symbolic links are followed). Errors are the
/// metadata lookup's (e.g. not found).
pub fn not_regular(path: &Path) -> std::io::Result<Option<&'static str>> {
    let t = std::fs::metadata(path)?.file_type();
    Ok(describe(t))
}

/// [`not_regular`] for a file type already at hand.
pub fn describe(t: std::fs::FileType) -> Option<&'static str> {
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
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[test]
    fn failed_write_removes_its_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // The rename fails: the destination is a non-empty folder.
        let p = dir.path().join("answer.wav");
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("keep"), b"x").unwrap();
        assert!(write_atomic(&p, b"data").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["answer.wav"], "temp file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_folders_are_not_regular() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(not_regular(&fifo).unwrap(), Some("a FIFO (named pipe)"));
        assert_eq!(not_regular(dir.path()).unwrap(), Some("a folder"));
        let f = dir.path().join("f");
        std::fs::write(&f, b"").unwrap();
        assert_eq!(not_regular(&f).unwrap(), None);
        assert!(not_regular(&dir.path().join("missing")).is_err());
    }
}
