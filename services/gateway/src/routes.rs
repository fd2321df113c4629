//! The route allow-list: only paths that match a known route template or an allowed prefix are
//! forwarded; everything else is answered 404 by the gateway and never reaches a service.

use crate::error::GatewayError;

/// Path templates (`/api/v2/Relationships/{id}/Accept`) and literal prefixes (`/docs/`), matched
/// case-insensitively like the Consumer API's own routing.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    templates: Vec<Template>,
    prefixes: Vec<Prefix>,
}

#[derive(Debug, Clone)]
struct Template {
    text: String,
    segments: Vec<Segment>,
    literals: usize,
}

#[derive(Debug, Clone)]
enum Segment {
    /// Lowercase.
    Literal(String),
    /// `{…}`: any one non-empty segment.
    Parameter,
}

#[derive(Debug, Clone)]
struct Prefix {
    text: String,
    lowercase: String,
}

impl AllowList {
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows paths matching `template`: `/`-separated segments, each either literal or `{name}`.
    pub fn template(mut self, template: &str) -> Result<Self, GatewayError> {
        let invalid = |reason| GatewayError::Route { route: template.to_owned(), reason };
        let Some(rest) = template.strip_prefix('/') else {
            return Err(invalid("must start with /"));
        };
        let mut segments = Vec::new();
        for segment in rest.split('/') {
            if segment.starts_with('{') && segment.ends_with('}') && segment.len() > 2 {
                segments.push(Segment::Parameter);
            } else if segment.contains(['{', '}']) {
                return Err(invalid("a parameter must be a whole segment"));
            } else {
                segments.push(Segment::Literal(segment.to_ascii_lowercase()));
            }
        }
        let literals = segments.iter().filter(|segment| matches!(segment, Segment::Literal(_))).count();
        self.templates.push(Template { text: template.to_owned(), segments, literals });
        Ok(self)
    }

    /// Allows every path starting with `prefix` (`/docs/`).
    pub fn prefix(mut self, prefix: &str) -> Result<Self, GatewayError> {
        if !prefix.starts_with('/') {
            return Err(GatewayError::Route { route: prefix.to_owned(), reason: "must start with /" });
        }
        self.prefixes.push(Prefix { text: format!("{prefix}*"), lowercase: prefix.to_ascii_lowercase() });
        Ok(self)
    }

    /// Allows every path of an OpenAPI document (the keys of its `paths` object).
    pub fn openapi_paths(self, document: &serde_json::Value) -> Result<Self, GatewayError> {
        let Some(paths) = document.get("paths").and_then(serde_json::Value::as_object) else {
            return Err(GatewayError::Route {
                route: "paths".to_owned(),
                reason: "no paths in the OpenAPI document",
            });
        };
        paths.keys().try_fold(self, |list, path| list.template(path))
    }

    /// The template or prefix `path` is allowed by (the most specific template when several match), or
    /// `None` when it is not allowed. Paths with dot segments or encoded separators are never allowed:
    /// they could escape a prefix once a service normalises them.
    pub fn matches(&self, path: &str) -> Option<&str> {
        let rest = path.strip_prefix('/')?;
        if is_suspicious(path) {
            return None;
        }
        let segments: Vec<&str> = rest.split('/').collect();
        let template = self
            .templates
            .iter()
            .filter(|template| template.matches(&segments))
            .max_by_key(|template| template.literals);
        if let Some(template) = template {
            return Some(&template.text);
        }
        let lowercase = path.to_ascii_lowercase();
        self.prefixes
            .iter()
            .find(|prefix| lowercase.starts_with(&prefix.lowercase))
            .map(|prefix| &*prefix.text)
    }
}

impl Template {
    fn matches(&self, segments: &[&str]) -> bool {
        self.segments.len() == segments.len()
            && self.segments.iter().zip(segments).all(|(expected, actual)| match expected {
                Segment::Literal(literal) => literal.eq_ignore_ascii_case(actual),
                Segment::Parameter => !actual.is_empty(),
            })
    }
}

fn is_suspicious(path: &str) -> bool {
    let lowercase = path.to_ascii_lowercase();
    if lowercase.contains("%2f") || lowercase.contains("%5c") || lowercase.contains('\\') {
        return true;
    }
    lowercase.split('/').any(|segment| {
        let decoded = segment.replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> AllowList {
        AllowList::new()
            .template("/api/v2/Relationships/{id}/Accept")
            .and_then(|list| list.template("/api/v2/Relationships/{id}"))
            .and_then(|list| list.template("/api/v2/Relationships/CanCreate"))
            .and_then(|list| list.template("/health"))
            .and_then(|list| list.prefix("/docs/"))
            .unwrap()
    }

    #[test]
    fn templates_match_segment_by_segment_ignoring_case() {
        let list = list();
        assert_eq!(
            list.matches("/api/v2/Relationships/REL1/Accept"),
            Some("/api/v2/Relationships/{id}/Accept")
        );
        assert_eq!(
            list.matches("/API/V2/relationships/REL1/accept"),
            Some("/api/v2/Relationships/{id}/Accept")
        );
        assert_eq!(list.matches("/api/v2/Relationships/REL1"), Some("/api/v2/Relationships/{id}"));
        assert_eq!(list.matches("/api/v2/relationships/cancreate"), Some("/api/v2/Relationships/CanCreate"));
        assert_eq!(list.matches("/health"), Some("/health"));
    }

    #[test]
    fn other_paths_do_not_match() {
        let list = list();
        for path in [
            "/",
            "",
            "health",
            "/health/",
            "/healthz",
            "/api/v2/Relationships",
            "/api/v2/Relationships//Accept",
            "/api/v2/Relationships/REL1/Accept/x",
            "/api/v2/Relationships/REL1/Reject",
            "/admin",
        ] {
            assert_eq!(list.matches(path), None, "{path}");
        }
    }

    #[test]
    fn prefixes_match_but_cannot_be_escaped() {
        let list = list();
        assert_eq!(list.matches("/docs/index.html"), Some("/docs/*"));
        assert_eq!(list.matches("/DOCS/v2/openapi.json"), Some("/docs/*"));
        assert_eq!(list.matches("/docs"), None);
        for path in [
            "/docs/../admin",
            "/docs/%2e%2E/admin",
            "/docs/./x",
            "/docs/..%2fadmin",
            "/docs/..%5Cadmin",
            "/docs\\..\\admin",
            "/api/v2/Relationships/../Accept",
        ] {
            assert_eq!(list.matches(path), None, "{path}");
        }
    }

    #[test]
    fn templates_are_checked() {
        assert!(AllowList::new().template("api/v2").is_err());
        assert!(AllowList::new().template("/api/x{id}").is_err());
        assert!(AllowList::new().prefix("docs").is_err());
    }

    #[test]
    fn the_consumer_apis_openapi_document_is_an_allow_list() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.json");
        let document: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let list = AllowList::new().openapi_paths(&document).unwrap();
        assert_eq!(list.matches("/api/v2/version"), Some("/api/v2/Version"));
        assert_eq!(
            list.matches("/api/v2/Relationships/REL1/Accept"),
            Some("/api/v2/Relationships/{id}/Accept")
        );
        assert_eq!(list.matches("/api/v2/sse"), Some("/api/v2/sse"));
        assert_eq!(list.matches("/connect/token"), None, "not in the document: callers add it");
    }

    #[test]
    fn openapi_paths_are_templates() {
        let document = serde_json::json!({"paths": {"/api/v2/Tokens/{id}": {}, "/api/v2/Tokens": {}}});
        let list = AllowList::new().openapi_paths(&document).unwrap();
        assert_eq!(list.matches("/api/v2/tokens/TOK1"), Some("/api/v2/Tokens/{id}"));
        assert_eq!(list.matches("/api/v2/Tokens"), Some("/api/v2/Tokens"));
    }
}
