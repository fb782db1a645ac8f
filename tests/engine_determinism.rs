//! The native engine's numbers for fixed plans and seed, bit for bit: the reference the
//! browser test holds the WebAssembly engine to (see `tests/fingerprint/mod.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod fingerprint;

#[test]
fn the_native_forecasts_have_the_recorded_fingerprints() {
    let mut wrong = Vec::new();
    for (case, project) in fingerprint::cases() {
        let got = fingerprint::fingerprint(&project);
        if fingerprint::expected(case) != Some(got.as_str()) {
            wrong.push(format!("{case} {got}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the engine's numbers changed; if that is intended, these are the new lines of \
         tests/fixtures/forecast-fingerprints.txt:\n{}",
        wrong.join("\n")
    );
}
