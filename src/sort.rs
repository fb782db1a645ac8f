//! One small sort for the short lists of the model, the engine's summaries and the page
//! (holidays, dependencies, drivers, risks, projects): a stable insertion sort.
//!
//! Every call of the standard library's sorts with a new comparison compiles a new copy
//! of a large quicksort, which the page pays for in download size; the lists sorted
//! here hold at most a few hundred items, where insertion sort is as fast. The engine's
//! one sort of long arrays (`engine::stats::sort_floats`) keeps the standard sort.

/// Sorts `v` so that no item comes after one it should come `before`; items that are
/// equal keep their order (stable). O(n²): for short lists only.
pub fn sort_by<T>(v: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && before(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn it_sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0 < b.0);
            let mut std = v;
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);
        }
    }
}
