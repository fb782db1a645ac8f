//! Share links in the page: [`crate::share`]'s framing around the browser's own raw
//! deflate (Compression Streams), so the wasm carries no compressor. The compact plan
//! text inside is written and read by the engine's worker ([`crate::jobs::Job::Pack`],
//! [`crate::jobs::Job::Unpack`]).
//!
//! Inflating reads the browser's output a chunk at a time and stops as soon as it
//! passes [`MAX_INFLATED_BYTES`], so a decompression bomb is refused without ever being
//! unpacked.

use crate::route::{page_address, Route};
use crate::share::{self, ShareError, MAX_INFLATED_BYTES};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableWritablePair, Response};

// Compression Streams are still behind `web_sys_unstable_apis`; the constructors are
// all this module needs.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// Why piping bytes through the browser failed.
enum Piped {
    /// The output passed the limit.
    TooLarge,
    /// The browser refused (for inflating: the data is not valid deflate).
    Failed,
}

impl From<JsValue> for Piped {
    fn from(_: JsValue) -> Self {
        Piped::Failed
    }
}

/// Pipes `input` through a transform stream, keeping at most `limit` bytes of output.
async fn pipe(input: &[u8], transform: &JsValue, limit: usize) -> Result<Vec<u8>, Piped> {
    let body = Response::new_with_opt_u8_array(Some(&mut input.to_vec()))?
        .body()
        .ok_or(Piped::Failed)?;
    let reader: ReadableStreamDefaultReader = body
        .pipe_through(transform.unchecked_ref::<ReadableWritablePair>())
        .get_reader()
        .unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(out);
        }
        let bytes: Uint8Array = Reflect::get(&chunk, &"value".into())?.unchecked_into();
        let start = out.len();
        if start + bytes.length() as usize > limit {
            let _ = reader.cancel();
            return Err(Piped::TooLarge);
        }
        out.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut out[start..]);
    }
}

/// The whole share link of a project (this page's address, `#s=` and the payload) from
/// its format and plan text ([`share::pack`]), or, when the browser cannot compress,
/// `!` and why.
pub async fn link(plan: &str) -> String {
    let (format, text) = share::split_format(plan);
    let packed = match CompressionStream::new("deflate-raw") {
        Ok(deflate) => pipe(text.as_bytes(), &deflate, usize::MAX).await.ok(),
        Err(_) => None,
    };
    match packed {
        Some(packed) => format!(
            "{}{}",
            page_address(),
            Route::Shared(share::frame(format, &packed)).href()
        ),
        None => "!This browser cannot compress a share link; send the JSON file instead.".into(),
    }
}

/// Inflates a link's payload: its format and its plan text (format 1 is read here,
/// [`share::read_v1`]; the compact format 2 by the engine's worker).
pub async fn open(payload: &str) -> Result<(char, String), ShareError> {
    let (version, packed) = share::unframe(payload)?;
    let inflate = DecompressionStream::new("deflate-raw").map_err(|_| ShareError::Unsupported)?;
    let inflated = pipe(&packed, &inflate, MAX_INFLATED_BYTES)
        .await
        .map_err(|e| match e {
            Piped::TooLarge => ShareError::TooLarge,
            Piped::Failed => ShareError::BadCompression,
        })?;
    Ok((version, share::plan_text(&inflated)?.to_owned()))
}
