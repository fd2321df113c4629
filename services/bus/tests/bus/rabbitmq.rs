//! The RabbitMQ transport against a real broker: what the relay publishes, a consumer hands to its
//! subscribers once per entry, in order, after failures, across restarts and broker outages.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use backbone_bus::{RabbitMqConfig, RabbitMqConsumer, RabbitMqPublisher, Relay, Subscriber};
use backbone_domain::{Secret, SystemClock};
use backbone_store::Db;
use lapin::options::{BasicPublishOptions, ExchangeDeleteOptions, QueueDeclareOptions, QueueDeleteOptions};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::support::{Inbox, Recorder, eventually, handled_ids, pending_ids, sqlite, unique, write};

const PATIENCE: Duration = Duration::from_secs(30);
/// How long an `Inbox` subscriber takes per event: long enough to stop consumers midway.
const WORK: Duration = Duration::from_millis(10);

/// A fresh exchange and queue on the broker under test; `None` (and a notice) without one.
fn broker() -> Option<RabbitMqConfig> {
    let url = crate::support::env_or_skip("BACKBONE_TEST_RABBITMQ_URL")?;
    Some(RabbitMqConfig {
        url: Secret::new(url),
        exchange: unique("backbone-test.events"),
        queue: unique("backbone-test.handler"),
        // Small, so that a stopped consumer leaves prefetched messages for the next one.
        prefetch: 4,
    })
}

fn relay(db: &Db, config: &RabbitMqConfig) -> Relay {
    Relay::new(db.clone(), Arc::new(RabbitMqPublisher::new(config.clone())), Arc::new(SystemClock))
}

async fn drain(relay: &Relay) {
    while relay.dispatch_pending().await.unwrap() > 0 {}
}

fn consume(config: &RabbitMqConfig, subscriber: Arc<dyn Subscriber>) -> (CancellationToken, JoinHandle<()>) {
    let shutdown = CancellationToken::new();
    let consumer = RabbitMqConsumer::new(config.clone(), vec![subscriber]);
    (shutdown.clone(), tokio::spawn(consumer.run(shutdown)))
}

async fn channel(config: &RabbitMqConfig) -> (Connection, Channel) {
    let connection = Connection::connect(config.url.expose(), ConnectionProperties::default()).await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    (connection, channel)
}

async fn queue_length(config: &RabbitMqConfig) -> u32 {
    let (_connection, channel) = channel(config).await;
    let passive = QueueDeclareOptions { passive: true, ..QueueDeclareOptions::durable() };
    channel
        .queue_declare(config.queue.as_str().into(), passive, FieldTable::default())
        .await
        .unwrap()
        .message_count()
}

async fn remove(config: &RabbitMqConfig) {
    let (connection, channel) = channel(config).await;
    channel.queue_delete(config.queue.as_str().into(), QueueDeleteOptions::default()).await.unwrap();
    channel.exchange_delete(config.exchange.as_str().into(), ExchangeDeleteOptions::default()).await.unwrap();
    connection.close(200, "bye".into()).await.unwrap();
}

#[tokio::test]
async fn committed_events_reach_the_subscriber_once_each_and_in_order() {
    let Some(config) = broker() else { return };
    let (db, _dir) = sqlite().await;
    let recorder = Arc::new(Recorder::default());
    let (stop_consumer, consumer) = consume(&config, recorder.clone());
    let stop_relay = CancellationToken::new();
    let running_relay = tokio::spawn(relay(&db, &config).run(stop_relay.clone()));

    let ids = write(&db, 40).await;
    eventually("all events", PATIENCE, || recorder.handled().len() >= ids.len()).await;
    tokio::time::sleep(Duration::from_millis(500)).await; // room for duplicates to show
    assert_eq!(recorder.handled(), ids);
    assert!(pending_ids(&db).await.is_empty());

    stop_relay.cancel();
    stop_consumer.cancel();
    running_relay.await.unwrap();
    consumer.await.unwrap();
    assert_eq!(queue_length(&config).await, 0);
    remove(&config).await;
}

#[tokio::test]
async fn a_failing_subscriber_gets_the_event_again_until_it_succeeds() {
    let Some(config) = broker() else { return };
    let (db, _dir) = sqlite().await;
    let ids = write(&db, 5).await;
    let recorder = Arc::new(Recorder::default());
    recorder.fail.lock().unwrap().insert(ids[2], 2);
    drain(&relay(&db, &config)).await;

    let (stop, consumer) = consume(&config, recorder.clone());
    eventually("all events", PATIENCE, || recorder.handled().len() >= ids.len()).await;
    stop.cancel();
    consumer.await.unwrap();

    let mut handled = recorder.handled();
    handled.sort_unstable();
    assert_eq!(handled, ids);
    let attempts = recorder.attempts.lock().unwrap().iter().filter(|id| **id == ids[2]).count();
    assert_eq!(attempts, 3);
    assert_eq!(queue_length(&config).await, 0);
    remove(&config).await;
}

#[tokio::test]
async fn consumers_stopped_midway_and_restarted_lose_nothing_and_repeat_no_effect() {
    let Some(config) = broker() else { return };
    let (db, _dir) = sqlite().await;
    let ids = write(&db, 60).await;
    drain(&relay(&db, &config)).await;

    // A graceful stop: finishes the event in hand and takes no further one.
    let stopping = CancellationToken::new();
    let inbox = Inbox::new(&db, WORK, Some((20, stopping.clone())));
    RabbitMqConsumer::new(config.clone(), vec![inbox.clone()]).run(stopping).await;
    assert_eq!(inbox.calls.load(Ordering::SeqCst), 20);
    assert_eq!(handled_ids(&db).await.len(), 20);

    // A crash: the task is dropped wherever it is, possibly between an effect and its ack.
    let crashing = Inbox::new(&db, WORK, None);
    let (_stop, second) = consume(&config, crashing.clone());
    eventually("some more events", PATIENCE, || crashing.effects() >= 20).await;
    second.abort();
    assert!(second.await.unwrap_err().is_cancelled());

    let last = Inbox::new(&db, WORK, None);
    let (stop, third) = consume(&config, last.clone());
    // Counted in the database: a crash during a commit leaves an effect its subscriber never saw.
    let start = Instant::now();
    while handled_ids(&db).await.len() < ids.len() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for the rest");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await; // room for stray redeliveries
    stop.cancel();
    third.await.unwrap();

    assert_eq!(handled_ids(&db).await, ids, "every entry has had its effect, once");
    assert!(last.effects() > 0, "the crash was midway: the last consumer had work left");
    assert!(20 + crashing.effects() + last.effects() <= ids.len());
    assert_eq!(queue_length(&config).await, 0);
    remove(&config).await;
}

#[tokio::test]
async fn an_unreachable_broker_fails_the_pass_quickly_and_keeps_the_entries() {
    let Some(config) = broker() else { return };
    let (db, _dir) = sqlite().await;
    let ids = write(&db, 3).await;
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = RabbitMqConfig {
        url: Secret::new(format!("amqp://guest:hunter2@127.0.0.1:{closed_port}/%2f")),
        ..config.clone()
    };
    let publisher = RabbitMqPublisher::new(unreachable.clone());
    assert!(!format!("{publisher:?} {unreachable:?}").contains("hunter2"));
    let failing = Relay::new(db.clone(), Arc::new(publisher), Arc::new(SystemClock));

    for _ in 0..2 {
        let start = Instant::now();
        let error = failing.dispatch_pending().await.unwrap_err().to_string();
        assert!(start.elapsed() < Duration::from_secs(6), "took {:?}", start.elapsed());
        assert!(error.contains(&format!("127.0.0.1:{closed_port}")), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        assert_eq!(pending_ids(&db).await, ids);
    }

    let recorder = Arc::new(Recorder::default());
    let (stop, consumer) = consume(&config, recorder.clone());
    drain(&relay(&db, &config)).await;
    eventually("the kept events", PATIENCE, || recorder.handled().len() >= ids.len()).await;
    assert_eq!(recorder.handled(), ids);
    stop.cancel();
    consumer.await.unwrap();
    remove(&config).await;
}

#[tokio::test]
async fn a_message_that_cannot_be_decoded_is_rejected_and_the_consumer_goes_on() {
    let Some(config) = broker() else { return };
    let (db, _dir) = sqlite().await;
    let recorder = Arc::new(Recorder::default());
    let (stop, consumer) = consume(&config, recorder.clone());
    let relay = relay(&db, &config);
    let mut ids = write(&db, 1).await;
    drain(&relay).await; // the publisher has declared the topology by now
    let (connection, channel) = channel(&config).await;
    channel
        .basic_publish(
            config.exchange.as_str().into(),
            "Garbage".into(),
            BasicPublishOptions::default(),
            b"{not json",
            BasicProperties::default(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    connection.close(200, "bye".into()).await.unwrap();

    ids.extend(write(&db, 2).await);
    drain(&relay).await;
    eventually("the valid events", PATIENCE, || recorder.handled().len() >= ids.len()).await;
    assert_eq!(recorder.handled(), ids);
    stop.cancel();
    consumer.await.unwrap();
    assert_eq!(queue_length(&config).await, 0, "the undecodable message is not requeued");
    remove(&config).await;
}
