//! `docs/rules.md` is the bank's reference for the scoring policy, so it must not drift
//! from the code either way: every setting of `ScoringPolicy::default()` (serialised to
//! JSON, as the server stores it) has a row in one of the doc's field tables, every row
//! names a setting that exists, and the default a row states is the real one.
//!
//! A field table is a Markdown table whose header starts with `| Policy field | Default |`;
//! each row's first cell is the field's JSON path in backticks (`` `churn.weights` ``), the
//! second its default, as JSON in backticks when it is short enough to write inline
//! (anything else, e.g. a list of dates, is described in words and not compared).
//! An array is one setting: its path is the array's, not each element's.
//!
//! Code cites the document by section ("docs/rules.md, Contact plan"): every section so
//! cited must be a heading of the document; and every source file the document names
//! must exist.
#![cfg(not(target_arch = "wasm32"))]

use clientbook_domain::ScoringPolicy;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RULES_MD: &str = include_str!("../../../docs/rules.md");
const TABLE_HEADER: [&str; 2] = ["Policy field", "Default"];

/// Every setting of a serialised policy, by dotted path: objects are walked, anything
/// else (numbers, strings, arrays, null) is one setting.
fn settings(policy: &Value) -> BTreeMap<String, Value> {
    fn walk(path: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(fields) if !fields.is_empty() => {
                for (name, child) in fields {
                    let child_path = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    walk(&child_path, child, out);
                }
            }
            _ => {
                out.insert(path.to_owned(), v.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk("", policy, &mut out);
    out
}

/// One row of a field table: the path, the default cell's inline JSON (if it has one)
/// and the line it is on, for the failure message.
#[derive(Debug)]
struct Row {
    path: String,
    default: Option<String>,
    line: usize,
}

/// The text between the first pair of backticks in `cell`, if any.
fn code_span(cell: &str) -> Option<&str> {
    let start = cell.find('`')? + 1;
    let len = cell[start..].find('`')?;
    Some(&cell[start..start + len])
}

fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// The `|---|:--:|` line under a table's header.
fn is_delimiter_row(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|cell| cell.chars().all(|ch| "-: ".contains(ch)))
}

/// The rows of every field table in `doc`.
fn field_rows(doc: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for (i, line) in doc.lines().enumerate() {
        if !line.trim_start().starts_with('|') {
            in_table = false;
            continue;
        }
        let c = cells(line);
        if c.len() >= 2 && c[..2] == TABLE_HEADER {
            in_table = true;
            continue;
        }
        if !in_table || is_delimiter_row(&c) {
            continue;
        }
        rows.push(Row {
            path: code_span(c[0]).unwrap_or(c[0]).to_owned(),
            default: c.get(1).and_then(|d| code_span(d)).map(str::to_owned),
            line: i + 1,
        });
    }
    rows
}

/// Everything wrong between a serialised policy and a doc, one line per problem.
fn problems(policy: &Value, doc: &str) -> Vec<String> {
    let settings = settings(policy);
    let rows = field_rows(doc);
    let mut out = Vec::new();
    for path in settings.keys() {
        match rows.iter().filter(|r| &r.path == path).count() {
            0 => out.push(format!("`{path}` has no row in a field table")),
            1 => {}
            n => out.push(format!("`{path}` has {n} rows; keep one")),
        }
    }
    for row in &rows {
        let Some(actual) = settings.get(&row.path) else {
            out.push(format!(
                "line {}: `{}` is not a policy field",
                row.line, row.path
            ));
            continue;
        };
        if let Some(written) = &row.default {
            match serde_json::from_str::<Value>(written) {
                Ok(v) if &v == actual => {}
                Ok(_) => out.push(format!(
                    "line {}: `{}` defaults to `{actual}`, not `{written}`",
                    row.line, row.path
                )),
                Err(_) => out.push(format!(
                    "line {}: the default of `{}` is not JSON: `{written}`",
                    row.line, row.path
                )),
            }
        }
    }
    out
}

#[test]
fn docs_rules_md_documents_every_setting_of_the_default_policy_and_nothing_else() {
    let policy = serde_json::to_value(ScoringPolicy::default()).expect("the policy serialises");
    let found = problems(&policy, RULES_MD);
    assert!(
        found.is_empty(),
        "docs/rules.md and ScoringPolicy::default() disagree:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_field_tables_are_found() {
    // Guards the check above against a renamed header that would leave it nothing to read.
    let policy = serde_json::to_value(ScoringPolicy::default()).expect("the policy serialises");
    assert!(field_rows(RULES_MD).len() >= settings(&policy).len());
}

// The checker itself, on a small policy and doc, so it is known to fail when it must.

fn small_policy() -> Value {
    serde_json::json!({
        "churn": { "high_from": 60, "weights": { "complaints": 20 } },
        "rfm": { "frequency": [6, 24] },
        "care": { "occasions": [{ "on": "2026-01-01" }] }
    })
}

const SMALL_DOC: &str = "\
Some prose with a | pipe that is not a table.

| Policy field | Default | Meaning |
|---|---|---|
| `churn.high_from` | `60` | high band from here |
| `churn.weights.complaints` | `20` | weight |
| `rfm.frequency` | `[6, 24]` | cut points |
| `care.occasions` | the festivals, listed below | dated occasions |
";

#[test]
fn objects_are_walked_and_an_array_is_one_setting() {
    let paths: Vec<String> = settings(&small_policy()).into_keys().collect();
    assert_eq!(
        paths,
        [
            "care.occasions",
            "churn.high_from",
            "churn.weights.complaints",
            "rfm.frequency"
        ]
    );
}

#[test]
fn a_doc_that_matches_has_no_problems() {
    assert_eq!(problems(&small_policy(), SMALL_DOC), Vec::<String>::new());
}

#[test]
fn a_setting_without_a_row_is_named() {
    let doc = SMALL_DOC.replace("| `churn.weights.complaints` | `20` | weight |\n", "");
    assert_eq!(
        problems(&small_policy(), &doc),
        ["`churn.weights.complaints` has no row in a field table"]
    );
}

#[test]
fn a_row_for_a_setting_that_is_gone_is_named() {
    let mut policy = small_policy();
    policy["churn"]["weights"] = serde_json::json!({ "complaint_count": 20 });
    let found = problems(&policy, SMALL_DOC);
    assert!(
        found.contains(&"line 6: `churn.weights.complaints` is not a policy field".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"`churn.weights.complaint_count` has no row in a field table".to_owned()),
        "{found:?}"
    );
}

#[test]
fn a_wrong_default_is_named() {
    let doc = SMALL_DOC.replace("`[6, 24]`", "`[6, 25]`");
    assert_eq!(
        problems(&small_policy(), &doc),
        ["line 7: `rfm.frequency` defaults to `[6,24]`, not `[6, 25]`"]
    );
}

#[test]
fn a_row_outside_a_field_table_does_not_count() {
    let doc = SMALL_DOC.replace("| Policy field | Default |", "| Field | Value |");
    assert_eq!(problems(&small_policy(), &doc).len(), 4);
}

// Sections cited from the code.

const CITATION: &str = "docs/rules.md, ";

/// The `## ` headings of `doc`.
fn headings(doc: &str) -> Vec<&str> {
    doc.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::trim)
        .collect()
}

/// A source file's text with comment markers dropped and lines joined, so a citation
/// wrapped over two comment lines reads as one.
fn joined_text(source: &str) -> String {
    source
        .lines()
        .map(|l| {
            let l = l.trim_start();
            ["//!", "///", "//"]
                .iter()
                .find_map(|m| l.strip_prefix(m))
                .unwrap_or(l)
                .trim()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Citations in `text` ("docs/rules.md, " then a capitalised name) that begin with no
/// heading of `doc`: the cited text, cut short for the message.
fn unknown_sections(text: &str, doc: &str) -> Vec<String> {
    let heads = headings(doc);
    text.match_indices(CITATION)
        .map(|(i, _)| &text[i + CITATION.len()..])
        .filter(|rest| rest.starts_with(|c: char| c.is_uppercase()))
        .filter(|rest| !heads.iter().any(|h| rest.starts_with(h)))
        .map(|rest| rest.chars().take(30).collect())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_section_the_code_cites_is_a_heading_of_docs_rules_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "only {} source files found", files.len());
    let mut found = Vec::new();
    // This file's own examples cite sections that do not exist, on purpose.
    files.retain(|f| !f.ends_with("rules_doc.rs"));
    for f in &files {
        let text = joined_text(&std::fs::read_to_string(f).expect("a source file reads"));
        for cited in unknown_sections(&text, RULES_MD) {
            let shown = f.strip_prefix(&root).unwrap_or(f).display();
            found.push(format!("{shown}: \"{CITATION}{cited}…\""));
        }
    }
    assert!(
        found.is_empty(),
        "sections cited that docs/rules.md has no heading for:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn a_citation_wrapped_over_two_comment_lines_is_read_whole() {
    let doc = "## Contact plan\n\n## Churn warning\n";
    let code = "//! Policy of the contact plan (docs/rules.md, Contact\n//! plan).\n\
                /// The factor (docs/rules.md, Churn early warning).\n\
                // see docs/rules.md, with the defaults\n";
    let found = unknown_sections(&joined_text(code), doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("Churn early warning)"), "{found:?}");
}

#[test]
fn every_source_file_docs_rules_md_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let named: Vec<&str> = RULES_MD
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with("crates/") || span.starts_with("src/"))
        .collect();
    assert!(named.len() > 10, "only {} source files named", named.len());
    let missing: Vec<&str> = named
        .into_iter()
        .filter(|p| !root.join(p).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/rules.md names files that do not exist: {missing:?}"
    );
}
