//! Query parameters with case-insensitive names (spec §1.1) and repeated keys for arrays (§1.5).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The decoded query string.
#[derive(Debug, Clone, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(query: &str) -> Self {
        Self(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// The first value of `name`, matched case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Every value of `name` (`ids=A&ids=B`).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// `property` of each object of the array `name` (`templates.0.id=…&templates.1.id=…`), in index
    /// order; like the reference, reading stops at the first index without any property.
    pub fn objects<'a>(&'a self, name: &str, property: &str) -> Vec<Option<&'a str>> {
        let mut values = Vec::new();
        for index in 0.. {
            let prefix = format!("{name}.{index}.");
            let in_object = |key: &String| {
                key.len() > prefix.len()
                    && key.is_char_boundary(prefix.len())
                    && key[..prefix.len()].eq_ignore_ascii_case(&prefix)
            };
            if !self.0.iter().any(|(key, _)| in_object(key)) {
                break;
            }
            let value = self
                .0
                .iter()
                .find(|(key, _)| in_object(key) && key[prefix.len()..].eq_ignore_ascii_case(property))
                .map(|(_, value)| value.as_str());
            values.push(value);
        }
        values
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryParams::parse(parts.uri.query().unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_repeatable() {
        let query = QueryParams::parse("PageNumber=2&ids=A&IDS=B&x=%2B");
        assert_eq!(query.get("pagenumber"), Some("2"));
        assert_eq!(query.all("ids").collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(query.get("x"), Some("+"));
        assert_eq!(query.get("missing"), None);
    }

    #[test]
    fn reads_arrays_of_objects_up_to_the_first_gap() {
        let query =
            QueryParams::parse("templates.0.id=A&Templates.0.Password=p&templates.1.id=B&templates.3.id=D");
        assert_eq!(query.objects("templates", "id"), [Some("A"), Some("B")]);
        assert_eq!(query.objects("templates", "password"), [Some("p"), None]);
        assert!(query.objects("tokens", "id").is_empty());
    }
}
