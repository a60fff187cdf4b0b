//! One small stable sort for the core's lists (findings by severity, repairs, timeline points,
//! header positions, a program's imports). The standard library's sorts are compiled once per
//! element type and comparison, with their quicksort, merge and small-sort parts each time: six
//! call sites made about 20 KB of the web app's wasm. Here the sorting itself is one function
//! that puts positions in order (a merge sort, O(n log n), stable like `slice::sort`), shared by
//! every call; each call adds only the few lines that compare two items and move them into place.

/// Sorts `items` by the key `key` gives each, keeping items with equal keys in their order (as
/// `slice::sort_by_key` does).
pub fn by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let order = {
        let keys: Vec<K> = items.iter().map(key).collect();
        stable_order(keys.len(), &|a, b| keys.get(a) <= keys.get(b))
    };
    permute(items, &order);
}

/// Sorts `items` into their own order, keeping equal items in their order (as `slice::sort`).
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    let order = stable_order(items.len(), &|a, b| items.get(a) <= items.get(b));
    permute(items, &order);
}

/// The positions `0..n` sorted so that `in_order(a, b)` holds for each neighbouring pair, equal
/// ones in their first order: a bottom-up merge sort. `in_order(a, b)` says whether the item at
/// `a` may come before the one at `b` (for a stable sort: a's key is at most b's).
fn stable_order(n: usize, in_order: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        merged.clear();
        for run in order.chunks(2 * width) {
            let (left, right) = run.split_at(width.min(run.len()));
            merge(left, right, in_order, &mut merged);
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Appends `left` and `right` (each in order) to `out` in order, taking from `left` on ties.
fn merge(
    left: &[usize],
    right: &[usize],
    in_order: &dyn Fn(usize, usize) -> bool,
    out: &mut Vec<usize>,
) {
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    while let (Some(&&a), Some(&&b)) = (l.peek(), r.peek()) {
        if in_order(a, b) {
            out.push(a);
            l.next();
        } else {
            out.push(b);
            r.next();
        }
    }
    out.extend(l);
    out.extend(r);
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`.
fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order_as_the_standard_stable_sort_does() {
        let mut ours: Vec<(u8, usize)> = (0..200).map(|i| ((i * 7919 % 5) as u8, i)).collect();
        let mut std_sorted = ours.clone();
        std_sorted.sort_by_key(|(k, _)| *k);
        by_key(&mut ours, |(k, _)| *k);
        assert_eq!(ours, std_sorted);
    }

    #[test]
    fn every_length_sorts_like_the_standard_sort() {
        for n in 0..70usize {
            let mut ours: Vec<u64> = (0..n as u64).map(|i| (i * 2_654_435_761) % 97).collect();
            let mut std_sorted = ours.clone();
            std_sorted.sort();
            sort(&mut ours);
            assert_eq!(ours, std_sorted, "length {n}");
        }
    }

    #[test]
    fn strings_sort_in_their_own_order() {
        let mut imports = vec!["os", "net/http", "encoding/json", "fmt", "io", "fmt"];
        sort(&mut imports);
        assert_eq!(
            imports,
            ["encoding/json", "fmt", "fmt", "io", "net/http", "os"]
        );
    }

    #[test]
    fn a_long_list_in_reverse_takes_n_log_n_comparisons() {
        let n = 100_000usize;
        let calls = std::cell::Cell::new(0u64);
        let order = stable_order(n, &|a, b| {
            calls.set(calls.get() + 1);
            a >= b
        });
        assert_eq!(order.first(), Some(&(n - 1)));
        assert!(calls.get() < 20 * n as u64, "{} comparisons", calls.get());
    }
}
