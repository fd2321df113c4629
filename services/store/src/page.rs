//! One page of a list (spec §1.4).

/// Which page of a list to read; `number` starts at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub number: u32,
    pub size: u32,
}

/// The items of one page and the total number of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_records: u64,
}

impl PageRequest {
    pub fn offset(self) -> i64 {
        i64::from(self.number.saturating_sub(1)) * i64::from(self.size)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.size)
    }

    /// Like the reference, counts only when the page is full; otherwise the total follows from it.
    pub(crate) async fn finish<T, F, Fut, E>(self, items: Vec<T>, count: F) -> Result<Page<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<i64, E>>,
    {
        let total_records = if items.len() < self.size as usize {
            u64::try_from(self.offset()).unwrap_or(0) + items.len() as u64
        } else {
            u64::try_from(count().await?).unwrap_or(0)
        };
        Ok(Page { items, total_records })
    }
}
