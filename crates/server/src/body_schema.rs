//! Every wrong field of a JSON body at once. serde stops at the first field it cannot
//! read; when it does, the body is checked again against the JSON Schema of its type —
//! the schema the OpenAPI document publishes (the same `utoipa::ToSchema` derive) — so
//! that the 422 names each wrong field and its problem, not only the first one.

use clientbook_domain::api::FieldProblem;
use jsonschema::error::{TypeKind, ValidationError, ValidationErrorKind};
use jsonschema::paths::{Location, LocationSegment};
use jsonschema::{JsonType, Validator};
use serde_json::Value;
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use utoipa::ToSchema;

/// At most this many problems are listed: a 5,000-row import with a wrong field in every
/// row would otherwise answer with thousands of them.
pub const MAX_PROBLEMS: usize = 100;

/// The problems the schema of `T` finds in `body`, each named by its dotted path
/// (`ratings[2].satisfaction`), in the validator's order and without repeats.
pub fn problems<T: ToSchema + 'static>(body: &Value) -> Vec<FieldProblem> {
    let Some(validator) = validator::<T>() else {
        return vec![];
    };
    let mut out = Problems::default();
    for error in validator.iter_errors(body) {
        out.add_error(&error);
    }
    out.0
}

/// Whether the raw body has a `\u0000` escape (JSON cannot carry a raw NUL byte in a
/// string): a cheap test on every accepted body before [`nul_characters`] names them.
pub fn has_nul_escape(bytes: &[u8]) -> bool {
    bytes.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && {
            // The backslash escapes `u0000` only if it is not itself escaped.
            let before = bytes[..i].iter().rev().take_while(|b| **b == b'\\').count();
            before % 2 == 0
        }
    })
}

/// Strings holding the NUL character, by path. No field of ours takes one, and
/// PostgreSQL cannot store one in text (it would fail as a server error).
pub fn nul_characters(body: &Value) -> Vec<FieldProblem> {
    fn walk(at: &str, value: &Value, out: &mut Problems) {
        match value {
            Value::String(s) if s.contains('\0') => out.push(
                field_or_body(at.to_owned()),
                "must not contain the NUL character".to_owned(),
            ),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{at}[{i}]"), item, out);
                }
            }
            Value::Object(fields) => {
                for (name, item) in fields {
                    walk(&join(at, name), item, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Problems::default();
    walk("", body, &mut out);
    out.0
}

/// Fields of `sent` that `read` — the same body parsed and written back — does not have:
/// what a type that tolerates unknown fields (to load what it stored itself) ignored.
pub fn unknown_fields(sent: &Value, read: &Value) -> Vec<FieldProblem> {
    fn walk(at: &str, sent: &Value, read: &Value, out: &mut Problems) {
        match (sent, read) {
            (Value::Object(sent), Value::Object(read)) => {
                for (name, value) in sent {
                    let field = join(at, name);
                    match read.get(name) {
                        Some(known) => walk(&field, value, known, out),
                        None => out.push(field, "is not a field of this request".to_owned()),
                    }
                }
            }
            (Value::Array(sent), Value::Array(read)) => {
                for (i, (s, r)) in sent.iter().zip(read).enumerate() {
                    walk(&format!("{at}[{i}]"), s, r, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Problems::default();
    walk("", sent, read, &mut out);
    out.0
}

#[derive(Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn push(&mut self, field: String, problem: String) {
        if !self.0.iter().any(|p| p.field == field) {
            self.0.push(FieldProblem { field, problem });
        }
    }

    fn add_error(&mut self, error: &ValidationError<'_>) {
        let at = dotted(error.instance_path());
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                self.push(join(&at, name), "is required".to_owned());
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for name in unexpected {
                    self.push(join(&at, name), "is not a field of this request".to_owned());
                }
            }
            ValidationErrorKind::OneOfNotValid { context }
            | ValidationErrorKind::AnyOf { context } => match the_one_branch(context) {
                // Each wrong field inside the branch, by its own path (`tiers.gold`,
                // not `tiers`).
                Some(branch) => branch.iter().for_each(|e| self.add_error(e)),
                None => self.push(field_or_body(at), describe(error.kind(), error)),
            },
            kind => self.push(field_or_body(at), describe(kind, error)),
        }
    }
}

/// The errors of the one branch of a failed `oneOf`/`anyOf` that the body could have
/// meant: utoipa writes `Option<T>` as `[null, T]`, and a field with a default that refers
/// to another schema (each section of the policy) as `[T]`. None when several could be.
fn the_one_branch<'a, 'e>(
    context: &'a [Vec<ValidationError<'e>>],
) -> Option<&'a [ValidationError<'e>]> {
    let only_not_null = |branch: &&Vec<ValidationError<'e>>| {
        !branch.iter().all(|e| {
            matches!(
                e.kind(),
                ValidationErrorKind::Type {
                    kind: TypeKind::Single(JsonType::Null)
                }
            )
        })
    };
    let mut meant = context.iter().filter(only_not_null);
    let one = meant.next()?;
    meant.next().is_none().then_some(one.as_slice())
}

/// A compiled validator per request type, built on the first rejected body of that type.
fn validator<T: ToSchema + 'static>() -> Option<Arc<Validator>> {
    static CACHE: OnceLock<Mutex<HashMap<TypeId, Option<Arc<Validator>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok()?.get(&TypeId::of::<T>()) {
        return found.clone();
    }
    let built = build::<T>()
        .map_err(|e| tracing::error!(schema = %T::name(), error = %e, "request schema"))
        .ok()
        .map(Arc::new);
    cache.lock().ok()?.insert(TypeId::of::<T>(), built.clone());
    built
}

/// `T`'s schema with the schemas it refers to placed where its `$ref`s point
/// (`#/components/schemas/Name`), as in the OpenAPI document.
fn build<T: ToSchema>() -> Result<Validator, String> {
    let mut referenced = vec![];
    T::schemas(&mut referenced);
    let components: serde_json::Map<String, Value> = referenced
        .into_iter()
        .map(|(name, schema)| Ok((name, serde_json::to_value(schema)?)))
        .collect::<Result<_, serde_json::Error>>()
        .map_err(|e| e.to_string())?;
    let mut root = serde_json::to_value(T::schema()).map_err(|e| e.to_string())?;
    let Some(object) = root.as_object_mut() else {
        return Err("the schema is not an object".to_owned());
    };
    object.insert(
        "components".to_owned(),
        serde_json::json!({ "schemas": components }),
    );
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        // Dates are strings of a format: a wrong date is a wrong field too.
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| e.to_string())
}

/// `/ratings/2/satisfaction` → `ratings[2].satisfaction`, the paths serde reports.
fn dotted(location: &Location) -> String {
    let mut out = String::new();
    for segment in location.segments() {
        match segment {
            LocationSegment::Index(i) => out.push_str(&format!("[{i}]")),
            LocationSegment::Property(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&name);
            }
        }
    }
    out
}

fn join(parent: &str, name: &str) -> String {
    // An empty key is named as written (`""`), so its problem still points somewhere
    // (found by the `body_json` fuzz target: the field was the empty string).
    let name = if name.is_empty() { "\"\"" } else { name };
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

fn field_or_body(at: String) -> String {
    if at.is_empty() {
        "body".to_owned()
    } else {
        at
    }
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// The problem in the bank's words rather than the validator's; the value sent is not
/// echoed (it may be a password).
fn describe(kind: &ValidationErrorKind, error: &ValidationError<'_>) -> String {
    match kind {
        ValidationErrorKind::Type { kind } => {
            let mut types: Vec<JsonType> = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(set) => set.iter().collect(),
            };
            // "a string or null": what is wanted first, that it may be left empty last.
            types.sort_by_key(|t| *t == JsonType::Null);
            let names: Vec<&str> = types.into_iter().map(type_name).collect();
            format!("must be {}", names.join(" or "))
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(Value::to_string).collect())
                .unwrap_or_default();
            format!("must be one of {}", options.join(", "))
        }
        ValidationErrorKind::Format { format } => match format.as_str() {
            "date" => "must be a date as YYYY-MM-DD".to_owned(),
            "date-time" => "must be a date and time as RFC 3339".to_owned(),
            other => format!("must be a {other}"),
        },
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be more than {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::MinLength { limit } => {
            format!("must have at least {limit} characters")
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("must have at most {limit} characters")
        }
        ValidationErrorKind::MinItems { limit } => format!("must have at least {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("must have at most {limit} items"),
        // `Option<Enum>` is `oneOf: [null, Enum]`: say what is wrong with the non-null
        // branch rather than that no branch matched.
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            context
                .iter()
                .flatten()
                .find(|e| {
                    !matches!(
                        e.kind(),
                        ValidationErrorKind::Type {
                            kind: TypeKind::Single(JsonType::Null)
                        }
                    )
                })
                .map(|e| describe(e.kind(), e))
                .unwrap_or_else(|| "is not valid".to_owned())
        }
        _ => {
            // Other keywords are not used by our request types; the validator's sentence
            // names the keyword without the value.
            format!("does not satisfy `{}`", error.kind().keyword())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::service::{NewInteraction, NewSurvey};
    use clientbook_domain::ScoringPolicy;
    use serde_json::json;

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn an_empty_key_is_named_as_written() {
        let p = problems::<NewInteraction>(&json!({
            "kind": "Call", "channel": "Phone", "occurred_on": "2026-06-15",
            "outcome": "Interested", "": 1
        }));
        assert_eq!(fields(&p), ["\"\""]);
        let p = unknown_fields(&json!({"a": {"": 1}}), &json!({"a": {}}));
        assert_eq!(fields(&p), ["a.\"\""]);
    }

    #[test]
    fn every_wrong_field_is_named_with_its_path() {
        let p = problems::<NewSurvey>(&json!({
            "answered_on": "yesterday",
            "recommend": "nine",
            "ratings": [{"attribute": "Fees", "satisfaction": 3, "importance": true}],
            "mood": "happy",
        }));
        let mut got = fields(&p);
        got.sort_unstable();
        assert_eq!(
            got,
            vec![
                "answered_on",
                "mood",
                "overall",
                "ratings[0].importance",
                "recommend"
            ],
            "{p:?}"
        );
        let problem = |f: &str| &p.iter().find(|x| x.field == f).unwrap().problem;
        assert_eq!(problem("recommend"), "must be a whole number");
        assert_eq!(problem("overall"), "is required");
        assert_eq!(problem("mood"), "is not a field of this request");
        assert_eq!(problem("answered_on"), "must be a date as YYYY-MM-DD");
    }

    #[test]
    fn an_unknown_enum_value_lists_the_known_ones() {
        let p = problems::<NewInteraction>(&json!({
            "kind": "Telepathy", "channel": "Phone", "occurred_on": "2026-06-15",
            "outcome": "Interested", "next_contact_on": 5,
        }));
        assert_eq!(fields(&p), vec!["kind", "next_contact_on"], "{p:?}");
        assert!(
            p[0].problem.starts_with("must be one of \"Visit\""),
            "{p:?}"
        );
        assert_eq!(p[1].problem, "must be a string or null");
    }

    #[test]
    fn wrong_fields_in_sections_with_defaults_are_named_by_their_own_paths() {
        // Each section of the policy is `oneOf: [$ref]` beside its default.
        let p = problems::<ScoringPolicy>(&json!({
            "tiers": {"gold": "lots"},
            "churn": {"window_months": -3},
            "masking": {"card": {"first": 1.5, "last": 4}},
            "care": {"occasions": [
                {"on": "2026-10-01", "name_en": "x", "name_zh": "y", "min_tier": "Bronze"},
            ]},
        }));
        let mut got = fields(&p);
        got.sort_unstable();
        assert_eq!(
            got,
            vec![
                "care.occasions[0].min_tier",
                "churn.window_months",
                "masking.card.first",
                "tiers.gold"
            ],
            "{p:?}"
        );
        let problem = |f: &str| &p.iter().find(|x| x.field == f).unwrap().problem;
        assert_eq!(problem("tiers.gold"), "must be a whole number");
        assert_eq!(problem("churn.window_months"), "must be at least 0");
        assert!(
            problem("care.occasions[0].min_tier").starts_with("must be one of \"Standard\""),
            "{p:?}"
        );
    }

    #[test]
    fn a_policy_may_leave_out_any_field_but_those_of_an_occasion() {
        assert!(problems::<ScoringPolicy>(&json!({})).is_empty());
        assert!(problems::<ScoringPolicy>(&json!({"tiers": {"gold": 100}, "care": {}})).is_empty());
        let p = problems::<ScoringPolicy>(&json!({"care": {"occasions": [{"on": "2026-10-01"}]}}));
        let mut got = fields(&p);
        got.sort_unstable();
        assert_eq!(
            got,
            vec![
                "care.occasions[0].min_tier",
                "care.occasions[0].name_en",
                "care.occasions[0].name_zh"
            ],
            "{p:?}"
        );
    }

    #[test]
    fn nul_characters_are_found_but_not_an_escaped_backslash() {
        assert!(has_nul_escape(br#"{"a": "x\u0000"}"#));
        assert!(has_nul_escape(br#"{"a": "\\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a": "\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a": "u0000"}"#));
        let body: Value =
            serde_json::from_slice(br#"{"a": "x\u0000", "b": ["ok", {"c": "\u0000"}]}"#).unwrap();
        assert_eq!(fields(&nul_characters(&body)), vec!["a", "b[1].c"]);
    }

    #[test]
    fn a_valid_body_has_no_problem() {
        assert!(problems::<NewSurvey>(
            &json!({"answered_on": "2026-06-10", "recommend": 9, "overall": 4})
        )
        .is_empty());
    }
}
