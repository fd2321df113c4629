//! Case-insensitive path matching (spec §1.1): the reference routes `/api/v2/files/{id}/metadata`
//! like `/api/v2/Files/{id}/Metadata`, and clients rely on it. Before routing, every path segment
//! that matches a literal segment of a known route, ignoring case, is rewritten to that literal's
//! spelling; a trailing slash is dropped. Parameter values (ids, addresses) are left alone.

use std::collections::HashMap;

use axum::extract::Request;
use axum::http::Uri;

#[derive(Debug, Clone, Default)]
pub struct PathCanon {
    literals: HashMap<String, String>,
}

impl PathCanon {
    /// Learns the literal segments of route templates such as `/api/v2/Devices/{id}`.
    pub fn from_templates<'a>(templates: impl IntoIterator<Item = &'a str>) -> Self {
        let literals = templates
            .into_iter()
            .flat_map(|template| template.split('/'))
            .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
            .map(|segment| (segment.to_ascii_lowercase(), segment.to_owned()))
            .collect();
        Self { literals }
    }

    /// The canonical spelling of `path`, if it differs.
    pub fn canonicalize(&self, path: &str) -> Option<String> {
        let trimmed = if path.len() > 1 { path.trim_end_matches('/') } else { path };
        let canonical: Vec<&str> = trimmed
            .split('/')
            .map(|segment| match self.literals.get(&segment.to_ascii_lowercase()) {
                Some(literal) => literal.as_str(),
                None => segment,
            })
            .collect();
        let canonical = canonical.join("/");
        (canonical != path).then_some(canonical)
    }

    /// Rewrites the request's path in place.
    pub fn rewrite(&self, mut request: Request) -> Request {
        if let Some(path) = self.canonicalize(request.uri().path()) {
            let path_and_query = match request.uri().query() {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            let mut parts = request.uri().clone().into_parts();
            if let Ok(path_and_query) = path_and_query.parse() {
                parts.path_and_query = Some(path_and_query);
                if let Ok(uri) = Uri::from_parts(parts) {
                    *request.uri_mut() = uri;
                }
            }
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_literals_but_not_parameters() {
        let canon = PathCanon::from_templates(["/api/v2/Files/{id}/Metadata", "/api/v2/Devices/Self"]);
        assert_eq!(
            canon.canonicalize("/api/v2/files/FILabc/metadata").as_deref(),
            Some("/api/v2/Files/FILabc/Metadata")
        );
        assert_eq!(canon.canonicalize("/API/V2/DEVICES/self/").as_deref(), Some("/api/v2/Devices/Self"));
        assert_eq!(canon.canonicalize("/api/v2/Devices/Self"), None);
        assert_eq!(canon.canonicalize("/"), None);
    }
}
