//! Small browser services the components share: reading a file the user chose, and
//! offering text as a download.

use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

/// Largest file accepted for import, in bytes.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// Reads a chosen file as text, refusing files over [`MAX_FILE_BYTES`]; the reason it
/// could not be read follows the file's name.
async fn read_file(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "could not be read: it is {} MB, more than the 4 MB limit",
            crate::format::fixed(file.size() / 1_048_576.0, 1)
        ));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "could not be read by the browser".to_owned())
}

/// Reads the file chosen in `input` and hands `then` its name and its text, or why it
/// could not be read. The input is cleared, so that choosing the same file again reads
/// it again.
pub fn read_chosen(
    input: &web_sys::HtmlInputElement,
    then: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    spawn_local(async move {
        let text = read_file(&file).await;
        then(file.name(), text);
    });
}

/// Offers `content` as a file download (a Blob behind an object URL; no inline script).
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = leptos::prelude::document()
        .create_element("a")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// A file name for a value kept aside under storage key `key`: the key's letters,
/// digits, `-` and `_` (at most 60), as stored text.
pub fn kept_file_name(key: &str) -> String {
    let stem: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    format!("{stem}.txt")
}
