/// What went wrong talking to the broker. Never carries the broker URL's credentials.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error("invalid broker URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("connecting to {url} timed out after {seconds} s")]
    ConnectTimeout { url: String, seconds: u64 },
    #[error("connecting to {url}: {source}")]
    Connect { url: String, source: lapin::Error },
    #[error(transparent)]
    Amqp(#[from] lapin::Error),
    #[error("the broker did not confirm event {id} within {seconds} s")]
    ConfirmTimeout { id: i64, seconds: u64 },
    #[error("the broker could not route event {id}: no queue is bound")]
    Unroutable { id: i64 },
    #[error("the broker refused event {id}")]
    Nacked { id: i64 },
    #[error("encoding event {id}: {source}")]
    Encode { id: i64, source: serde_json::Error },
    #[error("the broker cancelled the consumer")]
    ConsumerCancelled,
}
