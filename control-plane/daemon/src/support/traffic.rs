//! `GET /v1/landscapes/{name}/traffic`: what the landscape overview shows live. Request and error counts
//! come from each Consumer API instance's Prometheus `/metrics`; the queue depth from the outbox.

use std::sync::LazyLock;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use backbone_proto::admin::Traffic;
use backbone_store::support;

use super::connection;
use crate::api::Shared;
use crate::error::DaemonError;
use crate::tokens::Caller;

/// An instance that does not answer within this is left out of the sum.
const SCRAPE_TIMEOUT: Duration = Duration::from_secs(2);

/// One client for every scrape, so that connections to the instances are kept between the console's
/// refreshes.
static SCRAPER: LazyLock<reqwest::Client> = LazyLock::new(reqwest::Client::new);

pub(super) async fn traffic(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Json<Traffic>, DaemonError> {
    let mut conn = connection(&app, &caller, &name).await?;
    let mut traffic = Traffic { queue_depth: support::queue_depth(&mut conn).await?, ..Traffic::default() };
    drop(conn);
    let status = app.registry.status(&name)?;
    let urls = status.components.iter().flat_map(|component| &component.instances).filter_map(|instance| {
        instance.announcement.as_ref()?.get("consumer_api_url")?.as_str().map(str::to_owned)
    });
    for url in urls {
        let scrape = SCRAPER.get(format!("{url}/metrics")).timeout(SCRAPE_TIMEOUT).send().await;
        let Ok(response) = scrape else { continue };
        let Ok(text) = response.text().await else { continue };
        add(&mut traffic, &text);
        traffic.instances_read += 1;
    }
    Ok(Json(traffic))
}

/// Adds the counters of one instance's Prometheus text.
fn add(traffic: &mut Traffic, metrics: &str) {
    for line in metrics.lines().filter(|line| !line.starts_with('#')) {
        let Some((series, value)) = line.rsplit_once(' ') else { continue };
        let Ok(value) = value.parse::<f64>() else { continue };
        // Counters are whole numbers.
        let value = value.max(0.0) as u64;
        if series.starts_with("backbone_http_requests_total") {
            traffic.requests += value;
            if series.contains("status=\"5") {
                traffic.server_errors += value;
            }
        } else if series == "backbone_sse_streams" {
            traffic.sse_streams += value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_server_errors_are_summed_from_prometheus_text() {
        let text = "# HELP backbone_http_requests HTTP requests answered\n\
            # TYPE backbone_http_requests counter\n\
            backbone_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 7\n\
            backbone_http_requests_total{method=\"POST\",route=\"/api/v2/Messages\",status=\"500\"} 2\n\
            backbone_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n\
            backbone_sse_streams 3\n";
        let mut traffic = Traffic::default();
        add(&mut traffic, text);
        add(&mut traffic, text);
        assert_eq!((traffic.requests, traffic.server_errors, traffic.sse_streams), (20, 4, 6));
    }
}
