//! `byte[]` on the wire (spec §1.2): written as base64url without padding; read as base64url
//! (padding optional) or standard base64.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Deserializer, Serializer};

/// Encodes bytes the way the Backbone writes them.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes bytes in any encoding the Backbone accepts; `None` when the text is no base64 at all.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let url = text.trim_end_matches('=');
    URL_SAFE_NO_PAD.decode(url).or_else(|_| STANDARD.decode(text)).ok()
}

pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&encode(bytes))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(deserializer)?;
    decode(&text).ok_or_else(|| serde::de::Error::custom("the value is not valid base64"))
}

/// The same encodings for optional fields (`null` stays `None`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => super::serialize(bytes, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                super::decode(&text).ok_or_else(|| serde::de::Error::custom("the value is not valid base64"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_base64url_without_padding() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn reads_every_accepted_encoding() {
        assert_eq!(decode("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("+/8="), Some(vec![0xfb, 0xff]));
        assert_eq!(decode(""), Some(vec![]));
        assert_eq!(decode("not base64!"), None);
    }
}
