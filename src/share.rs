//! Share links: a whole project in the URL fragment, compressed and versioned.
//!
//! A payload is a one-character format version followed by the base64url (no padding)
//! of the raw-deflated envelope JSON. The fragment never reaches a server. Decoding
//! treats the payload as hostile: its length is capped before decoding, inflation stops
//! at a fixed output size (so a decompression bomb is refused), and the JSON goes
//! through the same restore path as every other import ([`crate::data`]) and then
//! through validation ([`data::import_untrusted`]).

use crate::data::{self, DataError};
use crate::model::Project;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The first character of every payload this version writes.
pub const FORMAT_V1: char = '1';
/// Longest payload accepted, in characters (before decoding).
pub const MAX_PAYLOAD_CHARS: usize = 200_000;
/// Largest JSON accepted after inflation, in bytes.
pub const MAX_INFLATED_BYTES: usize = 2 * 1024 * 1024;
/// Links longer than this are hard to send; the page warns and offers the JSON file.
pub const LONG_LINK_CHARS: usize = 8_000;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ShareError {
    #[error("the link is empty: it holds no plan")]
    Empty,
    #[error("the link is too long ({0} characters); ask for the plan as a JSON file instead")]
    TooLong(usize),
    #[error("the link was made by a newer version of Yardstick, or is not a Yardstick link")]
    UnknownFormat,
    #[error("the link is damaged: it is not valid base64url (was it cut off when copied?)")]
    BadEncoding,
    #[error(
        "the link is damaged: its compressed data cannot be read (was it cut off when copied?)"
    )]
    BadCompression,
    #[error("the plan in the link is larger than {MAX_INFLATED_BYTES} bytes once unpacked, so it was refused")]
    TooLarge,
    #[error("the plan in the link cannot be read: {0}")]
    Data(#[from] DataError),
}

/// Encodes a project as a link payload (the part after `#s=`).
pub fn encode(project: &Project) -> String {
    let json = data::project_json(project);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    let mut out = String::with_capacity(packed.len() * 4 / 3 + 2);
    out.push(FORMAT_V1);
    out.push_str(&URL_SAFE_NO_PAD.encode(packed));
    out
}

/// Decodes a link payload into a valid project.
pub fn decode(payload: &str) -> Result<Project, ShareError> {
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLong(payload.len()));
    }
    let mut chars = payload.chars();
    if chars.next() != Some(FORMAT_V1) {
        return Err(ShareError::UnknownFormat);
    }
    let packed = URL_SAFE_NO_PAD
        .decode(chars.as_str())
        .map_err(|_| ShareError::BadEncoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::BadCompression,
        })?;
    let text = std::str::from_utf8(&json).map_err(|_| ShareError::BadCompression)?;
    Ok(data::import_untrusted(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Phase, Role, Stage, Task, ThreePoint};

    fn sample() -> Project {
        let mut p = Project::new("s1", "Shared plan ✓", Date::from_days(20_600));
        p.team.push(Role {
            id: 1,
            name: "Data scientist".into(),
            headcount: 1.5,
            day_rate: 750.0,
        });
        p.tasks.push(Task {
            id: 1,
            name: "Explore | the <data>".into(),
            phase: Phase::DataUnderstanding,
            stage: Stage::Mvp,
            role: 1,
            effort: ThreePoint::new(2.0, 3.5, 9.0),
            distribution: Default::default(),
            depends_on: vec![],
            actual: None,
        });
        p
    }

    #[test]
    fn a_project_round_trips_through_a_link_exactly() {
        let p = sample();
        let payload = encode(&p);
        assert!(payload.starts_with('1'));
        assert!(payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&payload), Ok(p));
    }

    #[test]
    fn broken_links_give_typed_errors() {
        let payload = encode(&sample());
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert_eq!(decode("9abc"), Err(ShareError::UnknownFormat));
        assert_eq!(decode("1***"), Err(ShareError::BadEncoding));
        let cut = &payload[..payload.len() / 2];
        assert!(matches!(
            decode(cut),
            Err(ShareError::BadCompression | ShareError::BadEncoding)
        ));
        let huge = "1".to_owned() + &"A".repeat(MAX_PAYLOAD_CHARS);
        assert!(matches!(decode(&huge), Err(ShareError::TooLong(_))));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = vec![b' '; MAX_INFLATED_BYTES + 1024];
        let packed = miniz_oxide::deflate::compress_to_vec(&bomb, 10);
        let payload = format!("1{}", URL_SAFE_NO_PAD.encode(packed));
        assert!(payload.len() < 10_000, "the bomb is small on the wire");
        assert_eq!(decode(&payload), Err(ShareError::TooLarge));
    }

    #[test]
    fn a_link_to_an_invalid_project_is_refused_with_the_field_named() {
        let mut p = sample();
        p.tasks[0].effort = ThreePoint::new(9.0, 3.0, 1.0);
        let err = decode(&encode(&p)).unwrap_err();
        match err {
            ShareError::Data(DataError::Invalid(msg)) => {
                assert!(msg.contains("tasks[0].effort"), "{msg}")
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn other_json_in_a_link_is_not_taken_for_a_project() {
        let packed = miniz_oxide::deflate::compress_to_vec(b"{\"hello\":1}", 10);
        let payload = format!("1{}", URL_SAFE_NO_PAD.encode(packed));
        assert!(matches!(decode(&payload), Err(ShareError::Data(_))));
    }
}
