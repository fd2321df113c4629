//! Private, durable file writes. A crash leaves the old or the new file, never a torn one (write a
//! `.partial`, fsync, rename, fsync the directory), and only the owner can read what is created.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::{VaultError, random_hex};

pub(crate) fn io_error(path: &Path, source: io::Error) -> VaultError {
    VaultError::Io { path: path.to_owned(), source }
}

/// Creates the directory and missing parents, accessible to the owner only.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), VaultError> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io_error(dir, e))
}

/// The file's content, or `None` if it does not exist.
pub(crate) fn read(path: &Path) -> Result<Option<Vec<u8>>, VaultError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path, e)),
    }
}

/// Replaces the file (or creates it) atomically.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    let partial = with_suffix(path, ".partial");
    write_synced(&partial, bytes)?;
    fs::rename(&partial, path).map_err(|e| io_error(path, e))?;
    sync_parent(path)
}

/// Creates the file atomically unless it exists; `false` if it did. Concurrent creators (two processes
/// starting at once) agree on one content: the hard link fails for all but the first.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<bool, VaultError> {
    let partial = with_suffix(path, &format!(".{}.partial", random_hex::<8>()?));
    write_synced(&partial, bytes)?;
    let linked = fs::hard_link(&partial, path);
    fs::remove_file(&partial).map_err(|e| io_error(&partial, e))?;
    match linked {
        Ok(()) => sync_parent(path).map(|()| true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error(path, e)),
    }
}

/// An exclusive lock on `<dir>/.lock` across processes, released when the file is dropped: writers in
/// another process (a CLI next to the daemon) must not interleave their read-modify-write with ours.
pub(crate) fn lock(dir: &Path) -> Result<File, VaultError> {
    let path = dir.join(".lock");
    let file = private_options().create(true).truncate(false).open(&path).map_err(|e| io_error(&path, e))?;
    file.lock().map_err(|e| io_error(&path, e))?;
    Ok(file)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    let mut file = private_options().create(true).truncate(true).open(path).map_err(|e| io_error(path, e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error(path, e))
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename or link durable: it is an entry of the directory.
fn sync_parent(path: &Path) -> Result<(), VaultError> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io_error(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
