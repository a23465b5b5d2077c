//! Policies perturbed from the default: every number of `ScoringPolicy::default()` (found
//! by walking its JSON, so a field added later is fuzzed without touching this file) is a
//! place an edit can land.

use arbitrary::Arbitrary;
use clientbook_domain::ScoringPolicy;
use serde_json::Value;
use std::sync::OnceLock;

/// A new value for one numeric field of the policy.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum NewValue {
    Zero,
    One,
    Small(u8),
    /// The default times 2^k (k > 0) or divided by 2^-k.
    Scale(i8),
    Plus(i16),
    U32(u32),
    I64(i64),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct PolicyEdit {
    /// Which numeric field, modulo their count.
    field: u16,
    value: NewValue,
}

struct Defaults {
    json: Value,
    /// JSON pointers of every number in the default policy.
    numbers: Vec<String>,
}

fn defaults() -> &'static Defaults {
    static D: OnceLock<Defaults> = OnceLock::new();
    D.get_or_init(|| {
        let json = serde_json::to_value(ScoringPolicy::default()).expect("policy serialises");
        let mut numbers = Vec::new();
        collect(&json, String::new(), &mut numbers);
        Defaults { json, numbers }
    })
}

fn collect(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Number(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                collect(
                    item,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
}

fn apply(old: i128, value: NewValue) -> i128 {
    match value {
        NewValue::Zero => 0,
        NewValue::One => 1,
        NewValue::Small(n) => i128::from(n),
        NewValue::Scale(k) if k >= 0 => old << (k % 64),
        NewValue::Scale(k) => old >> (k.unsigned_abs() % 64),
        NewValue::Plus(d) => old + i128::from(d),
        NewValue::U32(n) => i128::from(n),
        NewValue::I64(n) => i128::from(n),
    }
}

/// The default policy with `edits` applied, or `None` when a value does not fit its field
/// or `validate()` refuses the result (a stored policy is always a valid one).
pub fn perturbed(edits: &[PolicyEdit]) -> Option<ScoringPolicy> {
    let d = defaults();
    if edits.is_empty() {
        return Some(ScoringPolicy::default());
    }
    let mut json = d.json.clone();
    for e in edits.iter().take(16) {
        let at = &d.numbers[usize::from(e.field) % d.numbers.len()];
        let slot = json
            .pointer_mut(at)
            .expect("the pointer came from this document");
        let old = slot
            .as_i64()
            .map(i128::from)
            .or(slot.as_u64().map(i128::from))?;
        let new = apply(old, e.value);
        *slot = if let Ok(n) = i64::try_from(new) {
            Value::from(n)
        } else {
            Value::from(u64::try_from(new).ok()?)
        };
    }
    let policy: ScoringPolicy = serde_json::from_value(json).ok()?;
    policy.validate().is_empty().then_some(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_has_numbers_to_perturb() {
        assert!(
            defaults().numbers.len() > 20,
            "{}",
            defaults().numbers.len()
        );
    }

    #[test]
    fn an_edit_changes_the_policy_and_an_invalid_one_is_skipped() {
        // Some single edit to zero changes the policy and is still valid ...
        let changed = (0..defaults().numbers.len() as u16).any(|field| {
            perturbed(&[PolicyEdit {
                field,
                value: NewValue::Plus(1),
            }])
            .is_some_and(|p| p != ScoringPolicy::default())
        });
        assert!(changed);
        // ... and setting every number to zero is refused by validate().
        let all: Vec<PolicyEdit> = (0..16)
            .map(|field| PolicyEdit {
                field,
                value: NewValue::Zero,
            })
            .collect();
        assert!(perturbed(&all).is_none());
    }
}
