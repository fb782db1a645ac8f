//! Small browser services the components share: file downloads, the clipboard, the
//! print dialog and reading a chosen file.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// Offers `content` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("the browser refused the download: {e:?}");
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok();
    Ok(())
}

/// Copies text to the clipboard; resolves to an error message when the browser refuses.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|_| "The browser did not allow copying; select the text and copy it by hand.".to_owned())
}

/// Opens the print dialog.
pub fn print() {
    leptos::prelude::window().print().ok();
}

/// Largest file accepted for import, in bytes.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// Reads a chosen file as text, refusing files over [`MAX_FILE_BYTES`].
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {:.1} MB, more than the 4 MB limit",
            file.size() / 1_048_576.0
        ));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "the browser could not read the file".to_owned())
}

/// A file name made from a project name: letters, digits and dashes only.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let stem = stem.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-");
    if stem.is_empty() {
        "yardstick-plan".into()
    } else {
        stem.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_never_empty() {
        assert_eq!(file_stem("Bike shop: demand forecast!"), "bike-shop-demand-forecast");
        assert_eq!(file_stem("../../etc"), "etc");
        assert_eq!(file_stem("???"), "yardstick-plan");
    }
}
