//! The console's state and what keys do to it. Pure: keys and loaded data go in, [`Request`]s for data
//! and changes come out, so that every screen can be put in any state by a test and rendered.

use backbone_admin::wire::{LandscapeStatus, LandscapeSummary, Role};
use backbone_proto::admin::{
    DeletionProcessOverview, FileOverview, IdentityDetails, IdentityOverview, MessageOverview,
    RelationshipDetails, RelationshipOverview, TemplateOverview, TierOverview, TokenOverview, Traffic,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the console asks the admin API for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Landscapes,
    Status(String),
    Traffic(String),
    Search { landscape: String, text: String },
    Identity { landscape: String, address: String },
    Relationship { landscape: String, id: String },
    Tiers(String),
    SetTier { landscape: String, address: String, tier: String },
    UnlockToken { landscape: String, address: String, token: String },
}

/// What came back.
#[derive(Debug)]
pub enum Loaded {
    Landscapes(Vec<LandscapeSummary>),
    Status(LandscapeStatus),
    Traffic(Traffic),
    Found(Vec<IdentityOverview>),
    Identity(Box<IdentityData>),
    Relationship(Box<RelationshipDetails>),
    Tiers(Vec<TierOverview>),
    /// A change was made; the sentence says which.
    Changed(String),
    Failed(String),
}

/// Everything the identity page shows, loaded at once.
#[derive(Debug, Clone)]
pub struct IdentityData {
    pub details: IdentityDetails,
    pub relationships: Vec<RelationshipOverview>,
    pub incoming: Vec<MessageOverview>,
    pub outgoing: Vec<MessageOverview>,
    pub files: Vec<FileOverview>,
    pub tokens: Vec<TokenOverview>,
    pub templates: Vec<TemplateOverview>,
    pub deletion: Vec<DeletionProcessOverview>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Search,
    Identity,
    Relationship,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Devices,
    Relationships,
    Messages,
    Files,
    Tokens,
    Quotas,
    Deletion,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Devices,
        Tab::Relationships,
        Tab::Messages,
        Tab::Files,
        Tab::Tokens,
        Tab::Quotas,
        Tab::Deletion,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Devices => "Devices",
            Tab::Relationships => "Relationships",
            Tab::Messages => "Messages",
            Tab::Files => "Files",
            Tab::Tokens => "Tokens",
            Tab::Quotas => "Quotas",
            Tab::Deletion => "Deletion",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|tab| *tab == self).unwrap_or(0)
    }
}

/// A change waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub request: Request,
}

/// Two readings of the traffic counters, for rates.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrafficReadings {
    pub last: Option<Traffic>,
    pub before: Option<Traffic>,
    /// Seconds between the two.
    pub interval: f64,
}

impl TrafficReadings {
    /// Requests and server errors per second, once there are two readings.
    pub fn rates(&self) -> Option<(f64, f64)> {
        let (last, before) = (self.last?, self.before?);
        if self.interval <= 0.0 {
            return None;
        }
        let per_second = |now: u64, then: u64| now.saturating_sub(then) as f64 / self.interval;
        Some((
            per_second(last.requests, before.requests),
            per_second(last.server_errors, before.server_errors),
        ))
    }
}

pub struct App {
    pub role: Role,
    /// The landscape whose accounts are inspected.
    pub landscape: String,
    pub screen: Screen,
    /// Where Esc goes back to.
    history: Vec<Screen>,
    pub landscapes: Vec<LandscapeSummary>,
    pub selected_landscape: usize,
    pub status: Option<LandscapeStatus>,
    pub traffic: TrafficReadings,
    pub query: String,
    /// Typing into the search field.
    pub editing: bool,
    pub found: Vec<IdentityOverview>,
    pub selected_found: usize,
    pub identity: Option<IdentityData>,
    pub tab: Tab,
    /// The selected row of the current tab.
    pub row: usize,
    pub relationship: Option<RelationshipDetails>,
    /// Choosing a tier for the identity.
    pub tiers: Option<Vec<TierOverview>>,
    pub selected_tier: usize,
    pub confirm: Option<Confirm>,
    pub help: bool,
    /// The last thing that happened, for the bottom line.
    pub message: Option<String>,
    pub quit: bool,
}

impl App {
    pub fn new(role: Role, landscape: String) -> Self {
        Self {
            role,
            landscape,
            screen: Screen::Overview,
            history: Vec::new(),
            landscapes: Vec::new(),
            selected_landscape: 0,
            status: None,
            traffic: TrafficReadings::default(),
            query: String::new(),
            editing: false,
            found: Vec::new(),
            selected_found: 0,
            identity: None,
            tab: Tab::Devices,
            row: 0,
            relationship: None,
            tiers: None,
            selected_tier: 0,
            confirm: None,
            help: false,
            message: None,
            quit: false,
        }
    }

    /// Whether this role may change accounts (the daemon checks again).
    pub fn may_change(&self) -> bool {
        self.role == Role::Operator
    }

    /// What to load on start and on every tick: the overview's data while it shows.
    pub fn refresh(&self) -> Vec<Request> {
        match self.screen {
            Screen::Overview => vec![
                Request::Landscapes,
                Request::Status(self.landscape.clone()),
                Request::Traffic(self.landscape.clone()),
            ],
            _ => Vec::new(),
        }
    }

    pub fn on_loaded(&mut self, loaded: Loaded, seconds_since_last_traffic: f64) -> Vec<Request> {
        match loaded {
            Loaded::Landscapes(landscapes) => {
                self.selected_landscape =
                    landscapes.iter().position(|landscape| landscape.name == self.landscape).unwrap_or(0);
                self.landscapes = landscapes;
            }
            Loaded::Status(status) => self.status = Some(status),
            Loaded::Traffic(traffic) => {
                self.traffic = TrafficReadings {
                    before: self.traffic.last,
                    last: Some(traffic),
                    interval: seconds_since_last_traffic,
                };
            }
            Loaded::Found(found) => {
                self.message = Some(format!("{} found", found.len()));
                self.found = found;
                self.selected_found = 0;
            }
            Loaded::Identity(data) => {
                self.identity = Some(*data);
                self.row = 0;
                self.go(Screen::Identity);
            }
            Loaded::Relationship(details) => {
                self.relationship = Some(*details);
                self.go(Screen::Relationship);
            }
            Loaded::Tiers(tiers) => {
                let current = self.identity.as_ref().map(|data| data.details.tier_id.clone());
                self.selected_tier =
                    tiers.iter().position(|tier| Some(&tier.id) == current.as_ref()).unwrap_or(0);
                self.tiers = Some(tiers);
            }
            Loaded::Changed(what) => {
                self.message = Some(what);
                return self.reload_identity();
            }
            Loaded::Failed(error) => self.message = Some(error),
        }
        Vec::new()
    }

    fn go(&mut self, screen: Screen) {
        if self.screen != screen {
            self.history.push(self.screen);
            self.screen = screen;
        }
    }

    fn back(&mut self) {
        if let Some(previous) = self.history.pop() {
            self.screen = previous;
        }
    }

    fn reload_identity(&self) -> Vec<Request> {
        match &self.identity {
            Some(data) => vec![Request::Identity {
                landscape: self.landscape.clone(),
                address: data.details.address.clone(),
            }],
            None => Vec::new(),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return Vec::new();
        }
        if self.help {
            self.help = false;
            return Vec::new();
        }
        if let Some(confirm) = self.confirm.take() {
            return match key.code {
                KeyCode::Char('y' | 'Y') => vec![confirm.request],
                _ => {
                    self.message = Some("Nothing changed.".to_owned());
                    Vec::new()
                }
            };
        }
        if self.tiers.is_some() {
            return self.on_tier_key(key.code);
        }
        if self.editing {
            return self.on_search_input(key.code);
        }
        match key.code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('?') => self.help = true,
            KeyCode::Char('/') => {
                self.go(Screen::Search);
                self.editing = true;
            }
            KeyCode::Char('o') => {
                self.go(Screen::Overview);
                return self.refresh();
            }
            KeyCode::Esc => self.back(),
            _ => return self.on_screen_key(key.code),
        }
        Vec::new()
    }

    fn on_search_input(&mut self, code: KeyCode) -> Vec<Request> {
        match code {
            KeyCode::Enter if !self.query.trim().is_empty() => {
                self.editing = false;
                return vec![Request::Search {
                    landscape: self.landscape.clone(),
                    text: self.query.trim().to_owned(),
                }];
            }
            KeyCode::Esc => self.editing = false,
            KeyCode::Backspace => {
                self.query.pop();
            }
            KeyCode::Char(c) => self.query.push(c),
            _ => {}
        }
        Vec::new()
    }

    fn on_tier_key(&mut self, code: KeyCode) -> Vec<Request> {
        let count = self.tiers.as_ref().map_or(0, Vec::len);
        match code {
            KeyCode::Up => self.selected_tier = self.selected_tier.saturating_sub(1),
            KeyCode::Down => self.selected_tier = (self.selected_tier + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                let tier = self.tiers.take().and_then(|tiers| tiers.into_iter().nth(self.selected_tier));
                if let (Some(tier), Some(data)) = (tier, &self.identity) {
                    let address = data.details.address.clone();
                    self.confirm = Some(Confirm {
                        question: format!("Move {address} to tier {}?", tier.name),
                        request: Request::SetTier {
                            landscape: self.landscape.clone(),
                            address,
                            tier: tier.id,
                        },
                    });
                }
            }
            _ => self.tiers = None,
        }
        Vec::new()
    }

    fn on_screen_key(&mut self, code: KeyCode) -> Vec<Request> {
        match self.screen {
            Screen::Overview => self.on_overview_key(code),
            Screen::Search => self.on_search_key(code),
            Screen::Identity => self.on_identity_key(code),
            Screen::Relationship => self.on_relationship_key(code),
        }
    }

    fn on_overview_key(&mut self, code: KeyCode) -> Vec<Request> {
        let count = self.landscapes.len();
        match code {
            KeyCode::Up => self.selected_landscape = self.selected_landscape.saturating_sub(1),
            KeyCode::Down => {
                self.selected_landscape = (self.selected_landscape + 1).min(count.saturating_sub(1))
            }
            KeyCode::Enter => {
                if let Some(landscape) = self.landscapes.get(self.selected_landscape) {
                    self.landscape = landscape.name.clone();
                    self.traffic = TrafficReadings::default();
                    self.message = Some(format!("Inspecting landscape {}", self.landscape));
                    return self.refresh();
                }
            }
            KeyCode::Char('r') => return self.refresh(),
            _ => {}
        }
        Vec::new()
    }

    fn on_search_key(&mut self, code: KeyCode) -> Vec<Request> {
        match code {
            KeyCode::Up => self.selected_found = self.selected_found.saturating_sub(1),
            KeyCode::Down => {
                self.selected_found = (self.selected_found + 1).min(self.found.len().saturating_sub(1))
            }
            KeyCode::Enter => {
                if let Some(identity) = self.found.get(self.selected_found) {
                    return vec![Request::Identity {
                        landscape: self.landscape.clone(),
                        address: identity.address.clone(),
                    }];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Rows of the current tab, for moving the selection.
    fn rows(&self) -> usize {
        let Some(data) = &self.identity else { return 0 };
        match self.tab {
            Tab::Devices => data.details.devices.len(),
            Tab::Relationships => data.relationships.len(),
            Tab::Messages => data.incoming.len() + data.outgoing.len(),
            Tab::Files => data.files.len(),
            Tab::Tokens => data.tokens.len(),
            Tab::Quotas => data.details.quotas.len(),
            Tab::Deletion => data.deletion.len(),
        }
    }

    fn on_identity_key(&mut self, code: KeyCode) -> Vec<Request> {
        let tabs = Tab::ALL.len();
        match code {
            KeyCode::Right | KeyCode::Tab => {
                self.tab = Tab::ALL[(self.tab.index() + 1) % tabs];
                self.row = 0;
            }
            KeyCode::Left | KeyCode::BackTab => {
                self.tab = Tab::ALL[(self.tab.index() + tabs - 1) % tabs];
                self.row = 0;
            }
            KeyCode::Char(digit @ '1'..='7') => {
                self.tab = Tab::ALL[usize::from(digit as u8 - b'1')];
                self.row = 0;
            }
            KeyCode::Up => self.row = self.row.saturating_sub(1),
            KeyCode::Down => self.row = (self.row + 1).min(self.rows().saturating_sub(1)),
            KeyCode::Enter if self.tab == Tab::Relationships => {
                let id = self
                    .identity
                    .as_ref()
                    .and_then(|data| data.relationships.get(self.row))
                    .map(|r| r.id.clone());
                if let Some(id) = id {
                    return vec![Request::Relationship { landscape: self.landscape.clone(), id }];
                }
            }
            KeyCode::Char('t') => {
                return self.ask_for_change(|app| Some(Request::Tiers(app.landscape.clone())));
            }
            KeyCode::Char('u') if self.tab == Tab::Tokens => {
                return self.ask_for_change(|app| {
                    let data = app.identity.as_ref()?;
                    let token = data.tokens.get(app.row)?;
                    app.confirm = Some(Confirm {
                        question: format!(
                            "Unlock token {}? Its password can be tried 100 times again.",
                            token.id
                        ),
                        request: Request::UnlockToken {
                            landscape: app.landscape.clone(),
                            address: data.details.address.clone(),
                            token: token.id.clone(),
                        },
                    });
                    None
                });
            }
            KeyCode::Char('r') => return self.reload_identity(),
            _ => {}
        }
        Vec::new()
    }

    /// Changes are for operators; others are told so instead.
    fn ask_for_change(&mut self, change: impl FnOnce(&mut Self) -> Option<Request>) -> Vec<Request> {
        if !self.may_change() {
            self.message = Some(format!("The {} role may not change accounts.", self.role.name()));
            return Vec::new();
        }
        change(self).into_iter().collect()
    }

    fn on_relationship_key(&mut self, code: KeyCode) -> Vec<Request> {
        if code != KeyCode::Char('p') {
            return Vec::new();
        }
        let (Some(relationship), Some(data)) = (&self.relationship, &self.identity) else {
            return Vec::new();
        };
        let peer =
            if relationship.from == data.details.address { &relationship.to } else { &relationship.from };
        vec![Request::Identity { landscape: self.landscape.clone(), address: peer.clone() }]
    }
}
