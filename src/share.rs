//! Share links: a whole project in the URL fragment, compressed and versioned.
//!
//! A payload (the part after `#s=`) is a one-character format version followed by the
//! base64url (no padding) of raw-deflated bytes:
//!
//! - format `3`, written for a project that tracks progress
//!   ([`compact::tracks_progress`]): the compact plan text with its progress tail, so
//!   that a page from before tracking says the link is newer instead of dropping the
//!   progress;
//! - format `2`, written for every other project: the compact plan text of
//!   [`compact`] (defaults, the default factor table and catalogue risk text are left
//!   out; about 2,000 characters for the bike shop template);
//! - format `1`, still read: the project's envelope JSON (see [`crate::data`]).
//!
//! The fragment never reaches a server. Decoding treats the payload as hostile: its
//! length is capped before decoding, inflation stops at [`MAX_INFLATED_BYTES`] (so a
//! decompression bomb is refused), the bytes are read into typed values and the project
//! is validated like an imported file ([`data::validated`]).
//!
//! [`encode`] and [`decode`] deflate with `miniz_oxide` (the command-line tool and the
//! tests use them); the page uses the browser's Compression Streams instead (see
//! `app::share_link`), which keeps a compressor out of the wasm. Both meet in
//! [`pack`] / [`frame`] and [`unframe`] / [`unpack`]. The page frames and inflates, and
//! reads format 1 ([`read_v1`], a project file like an imported one); the compact plan
//! text is written and read ([`pack`], [`read_compact`]) in the engine's worker
//! ([`crate::jobs::Job::Pack`], [`crate::jobs::Job::Unpack`]), so its code is not in the
//! page's wasm.

pub mod compact;

use crate::data::{self, DataError};
use crate::model::Project;

/// The first character of payloads holding envelope JSON (read only).
pub const FORMAT_V1: char = '1';
/// The first character of payloads holding the compact plan text.
pub const FORMAT_V2: char = '2';
/// The first character of payloads holding the compact plan text with progress.
pub const FORMAT_V3: char = '3';
/// Longest payload accepted, in characters (before decoding).
pub const MAX_PAYLOAD_CHARS: usize = 200_000;
/// Largest plan accepted after inflation, in bytes.
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
    #[error("this browser is too old to unpack share links; ask for the plan as a JSON file")]
    Unsupported,
}

/// What a link carries before compression: its format character ([`FORMAT_V3`] for a
/// project that tracks progress, [`compact::tracks_progress`], else [`FORMAT_V2`])
/// followed by the compact plan text.
pub fn pack(project: &Project) -> String {
    let format = if compact::tracks_progress(project) {
        FORMAT_V3
    } else {
        FORMAT_V2
    };
    format!("{format}{}", compact::write(project))
}

/// The format character and the plan text of [`pack`]'s output.
pub fn split_format(plan: &str) -> (char, &str) {
    let mut chars = plan.chars();
    (chars.next().unwrap_or(FORMAT_V2), chars.as_str())
}

/// A payload of `format` from deflated [`pack`] output.
pub fn frame(format: char, deflated: &[u8]) -> String {
    let mut out = String::with_capacity(deflated.len() * 4 / 3 + 2);
    out.push(format);
    base64url(deflated, &mut out);
    out
}

/// Checks a payload's length and format and returns the format and the deflated bytes.
pub fn unframe(payload: &str) -> Result<(char, Vec<u8>), ShareError> {
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLong(payload.len()));
    }
    let mut chars = payload.chars();
    match chars.next() {
        Some(v @ (FORMAT_V1 | FORMAT_V2 | FORMAT_V3)) => Ok((
            v,
            from_base64url(chars.as_str()).ok_or(ShareError::BadEncoding)?,
        )),
        _ => Err(ShareError::UnknownFormat),
    }
}

/// Reads inflated bytes of format `version` into a valid project.
pub fn unpack(version: char, inflated: &[u8]) -> Result<Project, ShareError> {
    read(version, plan_text(inflated)?)
}

/// The plan text in inflated bytes: refused when too large or not UTF-8.
pub fn plan_text(inflated: &[u8]) -> Result<&str, ShareError> {
    if inflated.len() > MAX_INFLATED_BYTES {
        return Err(ShareError::TooLarge);
    }
    std::str::from_utf8(inflated).map_err(|_| ShareError::BadCompression)
}

/// Reads a link's plan text of format `version` into a valid project.
pub fn read(version: char, text: &str) -> Result<Project, ShareError> {
    match version {
        FORMAT_V1 => read_v1(text),
        _ => read_compact(text),
    }
}

/// Reads format 1's envelope JSON into a valid project, as a file is imported, without
/// any scenarios: links carry the plan alone.
pub fn read_v1(text: &str) -> Result<Project, ShareError> {
    let mut project = data::fresh(data::import_project(text)?);
    project.scenarios.clear();
    Ok(data::validated(project)?)
}

/// Reads format 2's compact plan text into a valid project.
pub fn read_compact(text: &str) -> Result<Project, ShareError> {
    Ok(data::validated(compact::read(text)?)?)
}

/// Encodes a project as a link payload, deflating with `miniz_oxide`.
pub fn encode(project: &Project) -> String {
    let plan = pack(project);
    let (format, text) = split_format(&plan);
    frame(
        format,
        &miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10),
    )
}

/// Decodes a link payload into a valid project, inflating with `miniz_oxide`.
pub fn decode(payload: &str) -> Result<Project, ShareError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    let (version, packed) = unframe(payload)?;
    let inflated =
        decompress_to_vec_with_limit(&packed, MAX_INFLATED_BYTES).map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::BadCompression,
        })?;
    unpack(version, &inflated)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends the base64url text (no padding) of `bytes` to `out`.
fn base64url(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
}

/// Reads base64url text without padding; `None` when it is not canonical base64url.
fn from_base64url(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6 | v) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // Leftover bits must be zero, as an encoder writes them.
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Phase, Role, Stage, Task, ThreePoint};

    fn sample() -> Project {
        let mut p = Project::new(compact::SHARED_ID, "Shared plan ✓", Date::from_days(20_600));
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
            kind: Default::default(),
            depends_on: vec![],
            ..Default::default()
        });
        p
    }

    fn v1(project: &Project) -> String {
        let json = data::project_json(project);
        let mut out = String::from(FORMAT_V1);
        base64url(
            &miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10),
            &mut out,
        );
        out
    }

    #[test]
    fn a_project_round_trips_through_a_link_exactly() {
        let p = sample();
        let payload = encode(&p);
        assert!(payload.starts_with('2'));
        assert!(payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&payload), Ok(p));
    }

    #[test]
    fn format_1_links_still_open() {
        let mut p = sample();
        p.id = "kept-from-the-envelope".into();
        assert_eq!(decode(&v1(&p)), Ok(p));
    }

    #[test]
    fn base64url_round_trips_every_length_and_refuses_other_text() {
        let bytes: Vec<u8> = (0..=255u8).rev().collect();
        for n in 0..40 {
            let mut text = String::new();
            base64url(&bytes[..n], &mut text);
            assert_eq!(text.len(), (n * 4).div_ceil(3));
            assert_eq!(from_base64url(&text).as_deref(), Some(&bytes[..n]), "{n}");
        }
        assert_eq!(from_base64url("QQ"), Some(b"A".to_vec()));
        assert_eq!(from_base64url("QR"), None, "non-zero leftover bits");
        assert_eq!(from_base64url("QUJD+A"), None, "standard alphabet");
        assert_eq!(from_base64url("QUJDR"), None, "impossible length");
    }

    #[test]
    fn broken_links_give_typed_errors() {
        let payload = encode(&sample());
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert_eq!(decode("9abc"), Err(ShareError::UnknownFormat));
        assert_eq!(decode("2***"), Err(ShareError::BadEncoding));
        let cut = &payload[..payload.len() / 2];
        assert!(matches!(
            decode(cut),
            Err(ShareError::BadCompression | ShareError::BadEncoding)
        ));
        let huge = "2".to_owned() + &"A".repeat(MAX_PAYLOAD_CHARS);
        assert!(matches!(decode(&huge), Err(ShareError::TooLong(_))));
    }

    #[test]
    fn progress_travels_as_format_3_and_a_plan_without_it_stays_format_2() {
        let plain = sample();
        assert!(encode(&plain).starts_with(FORMAT_V2));
        let mut p = sample();
        p.tracking.status_date = Some(p.start_date.add_days(10));
        p.tasks[0].state = crate::model::TaskState::InProgress;
        p.tasks[0].actual = Some(2.0);
        p.tasks[0].remaining = Some(ThreePoint::new(1.0, 2.0, 4.0));
        let payload = encode(&p);
        assert!(payload.starts_with(FORMAT_V3));
        assert_eq!(decode(&payload), Ok(p));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = vec![b'\n'; MAX_INFLATED_BYTES + 1024];
        let payload = frame(FORMAT_V2, &miniz_oxide::deflate::compress_to_vec(&bomb, 10));
        assert!(payload.len() < 10_000, "the bomb is small on the wire");
        assert_eq!(decode(&payload), Err(ShareError::TooLarge));
        assert_eq!(unpack(FORMAT_V2, &bomb), Err(ShareError::TooLarge));
    }

    #[test]
    fn a_link_to_an_invalid_project_is_refused_with_the_field_named() {
        let mut p = sample();
        p.tasks[0].effort = ThreePoint::new(9.0, 3.0, 1.0);
        for payload in [encode(&p), v1(&p)] {
            match decode(&payload).unwrap_err() {
                ShareError::Data(DataError::Invalid(msg)) => {
                    assert!(msg.contains("tasks[0].effort"), "{msg}")
                }
                other => panic!("expected Invalid, got {other:?}"),
            }
        }
    }

    #[test]
    fn other_data_in_a_link_is_not_taken_for_a_project() {
        for (version, text) in [(FORMAT_V1, "{\"hello\":1}"), (FORMAT_V2, "hello")] {
            let payload = frame(
                FORMAT_V2,
                &miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10),
            );
            let payload = format!("{version}{}", &payload[1..]);
            assert!(matches!(decode(&payload), Err(ShareError::Data(_))));
        }
    }
}
