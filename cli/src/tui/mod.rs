//! `backbone tui`: a terminal console for support staff and operators (ratatui). A landscape overview
//! refreshed live, and an account inspector: search, an identity's tabs, a relationship's timeline.
//! Keys are read on their own thread; data is fetched on tasks; the screen is redrawn after each.

mod app;
mod fetch;
mod ui;

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use backbone_admin::AdminClient;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use tokio::sync::mpsc;

use app::{App, Loaded, Request};

/// How often the overview is refreshed.
const REFRESH: Duration = Duration::from_secs(2);

pub async fn run(client: AdminClient, landscape: String) -> anyhow::Result<()> {
    let role = client.daemon().await?.role;
    let mut terminal = ratatui::try_init()?;
    let result = drive(&mut terminal, client, App::new(role, landscape)).await;
    ratatui::restore();
    result
}

async fn drive(
    terminal: &mut ratatui::DefaultTerminal,
    client: AdminClient,
    mut app: App,
) -> anyhow::Result<()> {
    let (keys_tx, mut keys) = mpsc::unbounded_channel();
    // crossterm's reads block; the thread ends with the process.
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if let Event::Key(key) = event
                && key.kind != KeyEventKind::Release
                && keys_tx.send(key).is_err()
            {
                return;
            }
        }
    });
    let (loaded_tx, mut loaded) = mpsc::unbounded_channel::<(bool, Loaded)>();
    let request = |request: Request| {
        let (client, loaded_tx) = (client.clone(), loaded_tx.clone());
        let traffic = matches!(request, Request::Traffic(_));
        tokio::spawn(async move {
            let _ = loaded_tx.send((traffic, fetch::fetch(&client, request).await));
        });
    };
    let mut ticks = tokio::time::interval(REFRESH);
    let mut last_traffic = Instant::now();
    while !app.quit {
        terminal.draw(|frame| ui::render(frame, &app))?;
        let requests = tokio::select! {
            Some(key) = keys.recv() => {
                app.message = None;
                app.on_key(key)
            }
            Some((traffic, data)) = loaded.recv() => {
                let since = last_traffic.elapsed().as_secs_f64();
                if traffic {
                    last_traffic = Instant::now();
                }
                app.on_loaded(data, since)
            }
            _ = ticks.tick() => app.refresh(),
        };
        requests.into_iter().for_each(request);
    }
    Ok(())
}
