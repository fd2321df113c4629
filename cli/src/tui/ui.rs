//! Drawing the console: one function per screen, each a pure function of the [`App`]. Laid out for
//! 80x24 and wider.

use backbone_admin::wire::LandscapeState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize as _};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Tabs, Wrap};
use time::OffsetDateTime;

use super::app::{App, Screen, Tab};

const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
const HEADER: Style = Style::new().add_modifier(Modifier::BOLD);

pub fn render(frame: &mut Frame<'_>, app: &App) {
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)])
            .areas(frame.area());
    render_title(frame, top, app);
    match app.screen {
        Screen::Overview => render_overview(frame, body, app),
        Screen::Search => render_search(frame, body, app),
        Screen::Identity => render_identity(frame, body, app),
        Screen::Relationship => render_relationship(frame, body, app),
    }
    render_bottom(frame, bottom, app);
    if let Some(tiers) = &app.tiers {
        let rows = tiers.iter().map(|tier| Row::new([tier.name.clone(), tier.id.clone()]));
        let table = Table::new(rows, [Constraint::Length(22), Constraint::Length(22)])
            .header(Row::new(["TIER", "ID"]).style(HEADER))
            .row_highlight_style(SELECTED)
            .block(Block::bordered().title(" Move to tier (Enter; Esc cancels) "));
        let area = centered(frame.area(), 50, (tiers.len() as u16 + 4).min(14));
        frame.render_widget(Clear, area);
        frame.render_stateful_widget(
            table,
            area,
            &mut TableState::default().with_selected(Some(app.selected_tier)),
        );
    }
    if let Some(confirm) = &app.confirm {
        let area = centered(frame.area(), 60, 7);
        let text = vec![
            Line::from(confirm.question.as_str()),
            Line::from(""),
            Line::from("y: yes    any other key: no"),
        ];
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" Confirm ")),
            area,
        );
    }
    if app.help {
        render_help(frame, app);
    }
}

fn render_title(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let screen = match app.screen {
        Screen::Overview => "Overview",
        Screen::Search => "Search",
        Screen::Identity => "Identity",
        Screen::Relationship => "Relationship",
    };
    let line = Line::from(vec![
        Span::from(" backbone ").bold().reversed(),
        Span::from(format!(" {screen} · landscape {} · role {}", app.landscape, app.role.name())),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn render_bottom(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let hints = match (app.screen, app.editing) {
        (_, true) => "type an address, device id, username or client · Enter search · Esc stop",
        (Screen::Overview, _) => "↑↓ landscape · Enter inspect it · / search · r refresh · ? help · q quit",
        (Screen::Search, _) => "↑↓ select · Enter open · / new search · Esc back · ? help",
        (Screen::Identity, _) => "←→ tabs · ↑↓ select · Enter open · t tier · u unlock token · Esc back · ?",
        (Screen::Relationship, _) => "p open the peer · Esc back · / search · ? help",
    };
    let line = match &app.message {
        Some(message) => Line::from(message.as_str()).bold(),
        None => Line::from(hints).dim(),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_overview(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let rows = app.landscapes.len() as u16;
    let [landscapes, details] =
        Layout::vertical([Constraint::Length(rows.min(6) + 3), Constraint::Min(0)]).areas(area);
    let table = Table::new(
        app.landscapes.iter().map(|landscape| {
            Row::new([
                landscape.name.clone(),
                landscape.kind.clone(),
                landscape.state.name().to_owned(),
                landscape.url.clone().unwrap_or_else(|| "-".to_owned()),
            ])
        }),
        [Constraint::Length(14), Constraint::Length(6), Constraint::Length(9), Constraint::Min(10)],
    )
    .header(Row::new(["LANDSCAPE", "KIND", "STATE", "URL"]).style(HEADER))
    .row_highlight_style(SELECTED)
    .block(Block::bordered().title(" Landscapes "));
    let mut state = TableState::default().with_selected(Some(app.selected_landscape));
    frame.render_stateful_widget(table, landscapes, &mut state);

    let Some(status) = &app.status else {
        frame.render_widget(Paragraph::new("Loading…").block(Block::bordered()), details);
        return;
    };
    let title = format!(" {} ({}) ", status.name, status.state.name());
    let [traffic, components] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(Block::bordered().inner(details));
    frame.render_widget(Block::bordered().title(title), details);
    let line = match (status.state, app.traffic.last, app.traffic.rates()) {
        (LandscapeState::Running, Some(last), rates) => {
            let (requests, errors) = rates
                .map_or(("…".to_owned(), "…".to_owned()), |(requests, errors)| {
                    (format!("{requests:.1}/s"), format!("{errors:.1}/s"))
                });
            format!(
                "Requests {requests}  Errors {errors}  Queue {}  SSE streams {}  ({} total, {} API instances)",
                last.queue_depth, last.sse_streams, last.requests, last.instances_read
            )
        }
        (LandscapeState::Running, None, _) => "Reading traffic…".to_owned(),
        (_, _, _) => status.error.clone().unwrap_or_else(|| "Not running.".to_owned()),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), traffic);
    let rows = status.components.iter().map(|component| {
        let instances: Vec<String> = component
            .instances
            .iter()
            .map(|instance| {
                let pid = instance.pid.map_or_else(|| "-".to_owned(), |pid| pid.to_string());
                format!("{pid} {}", instance.state.name())
            })
            .collect();
        let restarts: u32 = component.instances.iter().map(|instance| instance.restarts).sum();
        let health = if component.ready_replicas >= component.desired_replicas { "ok" } else { "degraded" };
        Row::new([
            component.name.clone(),
            format!("{}/{}", component.ready_replicas, component.desired_replicas),
            health.to_owned(),
            restarts.to_string(),
            instances.join(", "),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(14),
            Constraint::Length(6),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(["COMPONENT", "READY", "HEALTH", "RESTARTS", "INSTANCES"]).style(HEADER));
    frame.render_widget(table, components);
}

fn render_search(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let [input, results] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let cursor = if app.editing { "█" } else { "" };
    frame.render_widget(
        Paragraph::new(format!("{}{cursor}", app.query)).block(Block::bordered().title(" Search (/) ")),
        input,
    );
    let rows = app.found.iter().map(|identity| {
        Row::new([
            identity.address.clone(),
            identity.created_with_client.clone(),
            identity.tier.name.clone(),
            identity.status.clone(),
            identity.number_of_devices.to_string(),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Min(30),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(11),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(["ADDRESS", "CLIENT", "TIER", "STATUS", "DEVICES"]).style(HEADER))
    .row_highlight_style(SELECTED)
    .block(Block::bordered().title(format!(" {} identities ", app.found.len())));
    let selected = (!app.found.is_empty()).then_some(app.selected_found);
    frame.render_stateful_widget(table, results, &mut TableState::default().with_selected(selected));
}

fn render_identity(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let Some(data) = &app.identity else { return };
    let details = &data.details;
    let [header, tabs, content] =
        Layout::vertical([Constraint::Length(4), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let status = match details.deletion_grace_period_ends_at {
        Some(ends) => format!("{} (grace period ends {})", details.status, short(ends)),
        None => details.status.clone(),
    };
    let lines = vec![
        Line::from(details.address.as_str()).bold(),
        Line::from(format!("Client {}   Tier {}   Status {status}", details.client_id, details.tier_name)),
        Line::from(format!(
            "Created {}   Identity version {}",
            short(details.created_at),
            details.identity_version
        )),
    ];
    frame.render_widget(Paragraph::new(lines), header);
    // Keys 1-7 pick them by position; numbering them would not fit in 80 columns.
    let titles = Tab::ALL.iter().map(|tab| tab.title());
    let selected = Tab::ALL.iter().position(|tab| *tab == app.tab);
    frame.render_widget(Tabs::new(titles).select(selected).highlight_style(SELECTED).divider("|"), tabs);

    let block = Block::new().borders(Borders::TOP);
    let (header, widths, rows): (Vec<&str>, Vec<Constraint>, Vec<Vec<String>>) = match app.tab {
        Tab::Devices => (
            vec!["ID", "USERNAME", "LAST LOGIN", "LANG", "BACKUP"],
            vec![
                Constraint::Length(21),
                Constraint::Length(21),
                Constraint::Length(17),
                Constraint::Length(5),
                Constraint::Length(6),
            ],
            details
                .devices
                .iter()
                .map(|device| {
                    vec![
                        device.id.clone(),
                        device.username.clone(),
                        device
                            .last_login
                            .as_ref()
                            .map_or_else(|| "never".to_owned(), |login| short(login.time)),
                        device.communication_language.clone(),
                        if device.is_backup_device { "yes" } else { "no" }.to_owned(),
                    ]
                })
                .collect(),
        ),
        Tab::Relationships => (
            vec!["ID", "PEER", "BY", "STATUS"],
            vec![Constraint::Length(21), Constraint::Min(20), Constraint::Length(5), Constraint::Length(16)],
            data.relationships
                .iter()
                .map(|relationship| {
                    let by = match relationship.requested_by {
                        backbone_proto::admin::RequestedBy::Participant => "self",
                        backbone_proto::admin::RequestedBy::Peer => "peer",
                    };
                    vec![
                        relationship.id.clone(),
                        relationship.peer.clone(),
                        by.to_owned(),
                        relationship.status.as_str().to_owned(),
                    ]
                })
                .collect(),
        ),
        Tab::Messages => (
            vec!["ID", "DIRECTION", "PEERS", "SENT"],
            vec![Constraint::Length(21), Constraint::Length(9), Constraint::Min(20), Constraint::Length(17)],
            data.incoming
                .iter()
                .map(|message| ("in", message.sender_address.clone(), message))
                .chain(data.outgoing.iter().map(|message| {
                    let to: Vec<&str> =
                        message.recipients.iter().map(|recipient| recipient.address.as_str()).collect();
                    ("out", to.join(", "), message)
                }))
                .map(|(direction, peers, message)| {
                    vec![message.message_id.clone(), direction.to_owned(), peers, short(message.send_date)]
                })
                .collect(),
        ),
        Tab::Files => (
            vec!["ID", "SIZE", "CREATED", "EXPIRES"],
            vec![
                Constraint::Length(21),
                Constraint::Length(10),
                Constraint::Length(17),
                Constraint::Length(17),
            ],
            data.files
                .iter()
                .map(|file| {
                    vec![
                        file.id.clone(),
                        file.cipher_size.to_string(),
                        short(file.created_at),
                        short(file.expires_at),
                    ]
                })
                .collect(),
        ),
        Tab::Tokens => (
            vec!["ID", "KIND", "EXPIRES", "PROTECTION"],
            vec![Constraint::Length(21), Constraint::Length(9), Constraint::Length(17), Constraint::Min(10)],
            data.tokens
                .iter()
                .map(|token| {
                    vec![token.id.clone(), "token".to_owned(), short(token.expires_at), protection(token)]
                })
                .chain(data.templates.iter().map(|template| {
                    let uses = format!("{} allocations", template.number_of_allocations);
                    vec![
                        template.id.clone(),
                        "template".to_owned(),
                        template.expires_at.map_or_else(|| "-".to_owned(), short),
                        uses,
                    ]
                }))
                .collect(),
        ),
        Tab::Quotas => (
            vec!["METRIC", "SOURCE", "USED", "PERIOD"],
            vec![Constraint::Min(30), Constraint::Length(10), Constraint::Length(13), Constraint::Length(6)],
            details
                .quotas
                .iter()
                .map(|quota| {
                    let used =
                        if quota.usage >= u64::try_from(quota.max).unwrap_or(0) { " full" } else { "" };
                    vec![
                        quota.metric.key.clone(),
                        quota.source.clone(),
                        format!("{}/{}{used}", quota.usage, quota.max),
                        quota.period.clone(),
                    ]
                })
                .collect(),
        ),
        Tab::Deletion => (
            vec!["ID", "STATUS", "STARTED", "GRACE PERIOD ENDS"],
            vec![
                Constraint::Length(21),
                Constraint::Length(10),
                Constraint::Length(17),
                Constraint::Length(17),
            ],
            data.deletion
                .iter()
                .map(|process| {
                    vec![
                        process.id.clone(),
                        process.status.clone(),
                        short(process.created_at),
                        process.grace_period_ends_at.map_or_else(|| "-".to_owned(), short),
                    ]
                })
                .collect(),
        ),
    };
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!("No {}.", app.tab.title().to_lowercase())).block(block),
            content,
        );
        return;
    }
    let table = Table::new(rows.into_iter().map(|row| Row::new(row.into_iter().map(Cell::from))), widths)
        .header(Row::new(header).style(HEADER))
        .row_highlight_style(SELECTED)
        .block(block);
    frame.render_stateful_widget(table, content, &mut TableState::default().with_selected(Some(app.row)));
}

fn protection(token: &backbone_proto::admin::TokenOverview) -> String {
    match (token.is_password_protected, token.is_locked) {
        (_, true) => "locked (u unlocks)".to_owned(),
        (true, false) => "password".to_owned(),
        (false, false) => "-".to_owned(),
    }
}

fn render_relationship(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let Some(relationship) = &app.relationship else { return };
    let [header, timeline] = Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(area);
    let lines = vec![
        Line::from(format!("{} · {}", relationship.id, relationship.status.as_str())).bold(),
        Line::from(format!("From {}", relationship.from)),
        Line::from(format!("To   {}", relationship.to)),
        Line::from(format!(
            "Template {}   Created {}",
            relationship.template_id.as_deref().unwrap_or("-"),
            short(relationship.created_at)
        )),
    ];
    frame.render_widget(Paragraph::new(lines), header);
    let rows = relationship.audit_log.iter().map(|entry| {
        let from = entry.old_status.map_or("-", |status| status.as_str());
        let by = if entry.created_by == relationship.from { "from" } else { "to" };
        Row::new([
            short(entry.created_at),
            entry.reason.as_str().to_owned(),
            format!("{from} → {}", entry.new_status.as_str()),
            by.to_owned(),
            entry.created_by_device.clone().unwrap_or_else(|| "-".to_owned()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(20),
            Constraint::Length(16),
            Constraint::Length(4),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(["WHEN", "WHAT", "STATUS", "BY", "DEVICE"]).style(HEADER))
    .block(Block::new().borders(Borders::TOP).title(" History "));
    frame.render_widget(table, timeline);
}

fn render_help(frame: &mut Frame<'_>, app: &App) {
    let change = if app.may_change() { "" } else { " (operator role)" };
    let keys = [
        ("/", "search identities: address, device id, username, client".to_owned()),
        ("o", "landscape overview (Enter picks the landscape to inspect)".to_owned()),
        ("Enter", "open the selected row".to_owned()),
        ("Esc", "back".to_owned()),
        ("←→ Tab 1-7", "identity tabs".to_owned()),
        ("p", "on a relationship: open the peer".to_owned()),
        ("t", format!("move the identity to another tier{change}")),
        ("u", format!("unlock the selected token{change}")),
        ("r", "reload".to_owned()),
        ("q Ctrl-C", "quit".to_owned()),
    ];
    let rows = keys.into_iter().map(|(key, what)| Row::new([key.to_owned(), what]));
    let table = Table::new(rows, [Constraint::Length(11), Constraint::Min(10)])
        .block(Block::bordered().title(" Keys (any key closes) "));
    let area = centered(frame.area(), 76, 14);
    frame.render_widget(Clear, area);
    frame.render_widget(table, area);
}

/// A box of at most `width` x `height` in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// `2026-12-04 18:50`: minutes are enough on a screen.
fn short(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    at.format(&format).unwrap_or_default()
}
