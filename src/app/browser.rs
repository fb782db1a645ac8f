//! Small browser services the components share: reading a file the user chose.

/// Largest file accepted for import, in bytes.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// Reads a chosen file as text, refusing files over [`MAX_FILE_BYTES`].
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} MB, more than the 4 MB limit",
            crate::format::fixed(file.size() / 1_048_576.0, 1)
        ));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "the browser could not read the file".to_owned())
}
