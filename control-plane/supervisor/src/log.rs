//! Per-instance stderr log files with rotation (see [`LogFiles`]).

use std::io;
use std::path::{Path, PathBuf};

use tokio::fs::{self, File, OpenOptions};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWriteExt, BufReader};

use crate::spec::LogFiles;

/// The open log file of one instance.
pub(crate) struct LogWriter {
    path: PathBuf,
    file: File,
    written: u64,
    max_bytes: u64,
    keep: usize,
}

impl LogWriter {
    /// Opens `<dir>/<name>.log` for a new run, rotating what an earlier run left.
    pub async fn open(config: &LogFiles, name: &str) -> io::Result<Self> {
        fs::create_dir_all(&config.dir).await?;
        let path = config.dir.join(format!("{name}.log"));
        if fs::metadata(&path).await.is_ok_and(|meta| meta.len() > 0) {
            rotate(&path, config.keep).await?;
        }
        let file = create(&path).await?;
        Ok(Self { path, file, written: 0, max_bytes: config.max_bytes.max(1), keep: config.keep })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies `stream` into the file until it ends. Write errors (a full disk) are logged once and the rest is
    /// read and dropped, so that the instance never blocks on a full pipe.
    pub async fn copy_from(mut self, stream: impl AsyncRead + Unpin) {
        let mut reader = BufReader::new(stream);
        let mut failed = false;
        loop {
            let chunk = match reader.fill_buf().await {
                Ok([]) => break,
                Ok(chunk) => chunk,
                Err(error) => {
                    tracing::debug!(path = %self.path.display(), %error, "reading an instance's stderr failed");
                    break;
                }
            };
            let len = chunk.len();
            if !failed && let Err(error) = self.write(chunk).await {
                tracing::warn!(path = %self.path.display(), %error, "cannot write an instance's log; dropping it");
                failed = true;
            }
            reader.consume(len);
        }
        // Best effort: the data is in the OS's hands already.
        let _ = self.file.flush().await;
    }

    async fn write(&mut self, mut chunk: &[u8]) -> io::Result<()> {
        // Rotate at a line end when one fits, so that files hold whole lines unless a line is longer than a file.
        loop {
            let room = usize::try_from(self.max_bytes.saturating_sub(self.written)).unwrap_or(usize::MAX);
            if chunk.len() <= room {
                return self.append(chunk).await;
            }
            if let Some(newline) = chunk[..room].iter().rposition(|byte| *byte == b'\n') {
                let (head, tail) = chunk.split_at(newline + 1);
                self.append(head).await?;
                chunk = tail;
            } else if self.written == 0 {
                let (head, tail) = chunk.split_at(room);
                self.append(head).await?;
                chunk = tail;
            }
            self.rotate().await?;
        }
    }

    async fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes).await?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    async fn rotate(&mut self) -> io::Result<()> {
        self.file.flush().await?;
        rotate(&self.path, self.keep).await?;
        self.file = create(&self.path).await?;
        self.written = 0;
        Ok(())
    }
}

async fn create(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).write(true).truncate(true).open(path).await
}

/// `x.log` → `x.log.1` → … → `x.log.<keep>`; the oldest is overwritten. With `keep == 0` nothing is kept and
/// the caller's `create` truncates.
async fn rotate(path: &Path, keep: usize) -> io::Result<()> {
    if keep == 0 {
        return Ok(());
    }
    let numbered = |n: usize| {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    };
    for n in (1..keep).rev() {
        match fs::rename(numbered(n), numbered(n + 1)).await {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    fs::rename(path, numbered(1)).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn rotates_at_line_ends_and_keeps_the_configured_number_of_files() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogFiles { dir: dir.path().to_owned(), max_bytes: 10, keep: 2 };
        let writer = LogWriter::open(&config, "c-1").await.unwrap();
        writer.copy_from(&b"aaaa\nbbbb\ncccc\ndddd\neeee\n"[..]).await;
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
        assert_eq!(read("c-1.log"), "eeee\n");
        assert_eq!(read("c-1.log.1"), "cccc\ndddd\n");
        assert_eq!(read("c-1.log.2"), "aaaa\nbbbb\n");
        assert!(!dir.path().join("c-1.log.3").exists());

        // A new run starts a new file and keeps the previous run's.
        let writer = LogWriter::open(&config, "c-1").await.unwrap();
        writer.copy_from(&b"new\n"[..]).await;
        assert_eq!(read("c-1.log"), "new\n");
        assert_eq!(read("c-1.log.1"), "eeee\n");
    }
}
