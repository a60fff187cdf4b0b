//! Log records the tests and the benchmark build long logs from (included by path, so that both
//! build the same records).

/// Record `i` of a Java-style error log: an error line and seven `at …` frames, which the session
/// splitter reads as one unit (tests/e2e/bench.mjs pastes 1 MiB of these).
pub fn stack_trace_record(i: usize) -> String {
    let mut record = format!(
        "2024-05-01T10:00:{:02}Z ERROR worker[{i}] request {i} failed: connection reset by peer\n",
        i % 60
    );
    for j in 0..7 {
        record.push_str(&format!(
            "    at com.example.service.Handler{j}.process(Handler{j}.java:{})\n",
            100 + j
        ));
    }
    record
}
