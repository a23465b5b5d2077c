//! The fuzz checks for `clientbook-domain`, as plain functions of the input bytes.
//!
//! Each `fuzz_targets/<target>.rs` calls `<target>::check`; the tests below replay every
//! file of `corpus/<target>/` through the same function on stable, so the corpus is
//! re-checked by an ordinary `cargo test --manifest-path fuzz/Cargo.toml`, without
//! nightly or sanitizers.

pub mod body_json;
pub mod book_wire;
pub mod columns;
mod gen;
mod policy_edit;
pub mod policy_json;
pub mod score;
pub mod survey_csv;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn corpus(target: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        files.sort();
        files
    }

    fn replay(target: &str, check: fn(&[u8])) {
        let files = corpus(target);
        assert!(!files.is_empty(), "corpus/{target} is empty");
        for file in files {
            let data = std::fs::read(&file).expect("a corpus file");
            eprintln!("replaying {}", file.display());
            check(&data);
        }
    }

    #[test]
    fn the_score_corpus_replays_clean() {
        replay("score", crate::score::check);
    }

    #[test]
    fn the_columns_corpus_replays_clean() {
        replay("columns", crate::columns::check);
    }

    #[test]
    fn the_policy_json_corpus_replays_clean() {
        replay("policy_json", crate::policy_json::check);
    }

    #[test]
    fn the_survey_csv_corpus_replays_clean() {
        replay("survey_csv", crate::survey_csv::check);
    }

    #[test]
    fn the_body_json_corpus_replays_clean() {
        replay("body_json", crate::body_json::check);
    }

    #[test]
    fn the_book_wire_corpus_replays_clean() {
        replay("book_wire", crate::book_wire::check);
    }

    /// Writes the hand-made seeds (a generated book as columns, policy documents); run
    /// with `--ignored` once, then let fuzzing grow and `cargo fuzz cmin` shrink them.
    #[test]
    #[ignore]
    fn write_seeds() {
        use chrono::NaiveDate;
        use clientbook_domain::columns::BookColumns;
        use clientbook_domain::synth::generate_book;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).expect("date");
        for n in [0, 1, 3] {
            let book = generate_book(n, 7, today);
            let columns = BookColumns::from_customers(today, &book.customers).expect("even");
            let json = serde_json::to_vec(&columns).expect("json");
            std::fs::write(dir.join(format!("columns/seed-book-{n}")), json).expect("write");
        }
        let policy = serde_json::to_vec(&clientbook_domain::ScoringPolicy::default());
        std::fs::write(dir.join("policy_json/seed-default"), policy.expect("json")).expect("w");
        std::fs::write(
            dir.join("policy_json/seed-partial"),
            br#"{"tiers":{"gold":1000}}"#,
        )
        .expect("write");
        for n in [0, 1, 3] {
            let book = generate_book(n, 7, today);
            let compact = clientbook_domain::book_wire::encode(today, &book.customers);
            std::fs::write(
                dir.join(format!("book_wire/seed-book-{n}")),
                compact.expect("even"),
            )
            .expect("write");
        }
        std::fs::write(dir.join("book_wire/seed-magic-only"), b"CBK1\x01").expect("write");
        std::fs::write(dir.join("score/seed-empty"), b"").expect("write");
        std::fs::write(dir.join("score/seed-bytes"), [7u8; 512]).expect("write");
    }
}
