//! The bank's clock: its business date and time zone (`GET /api/clock`), fetched once a
//! user is signed in, so every instant on screen (a deadline, a note's time, an audit
//! entry) reads as the bank's local time whatever zone the device is set to.
//!
//! API: `use_clock()`; `format(at)` (the bank's local time once the clock is loaded, UTC
//! marked as such before; read untracked: screens that show instants load their data
//! after sign-in, by when the clock is there); `current()` (tracked).

use crate::api;
use crate::state::SessionContext;
use chrono::{DateTime, Utc};
use clientbook_domain::api::BankClock;
use leptos::prelude::*;
use std::sync::Arc;

const FORMAT: &str = "%Y-%m-%d %H:%M";

#[derive(Clone, Copy)]
pub struct ClockContext {
    current: RwSignal<Option<Arc<BankClock>>>,
}

impl ClockContext {
    /// The clock (tracked); `None` until loaded.
    pub fn current(self) -> Option<Arc<BankClock>> {
        self.current.get()
    }

    /// `at` as the bank's local date and time, `YYYY-MM-DD HH:MM`.
    pub fn format(self, at: DateTime<Utc>) -> String {
        format_at(self.current.get_untracked().as_deref(), at)
    }

    /// The same to the second (the audit log).
    pub fn format_seconds(self, at: DateTime<Utc>) -> String {
        format_with(self.current.get_untracked().as_deref(), at, FORMAT_SECONDS)
    }
}

const FORMAT_SECONDS: &str = "%Y-%m-%d %H:%M:%S";

/// `at` as `clock`'s local time; in UTC, said so, without one.
pub fn format_at(clock: Option<&BankClock>, at: DateTime<Utc>) -> String {
    format_with(clock, at, FORMAT)
}

fn format_with(clock: Option<&BankClock>, at: DateTime<Utc>, pattern: &str) -> String {
    match clock {
        Some(c) => c.local(at).format(pattern).to_string(),
        None => format!("{} UTC", at.format(pattern)),
    }
}

/// Provide the clock and load it whenever someone signs in (and forget it on sign-out).
pub fn provide_clock_context(session: SessionContext) -> ClockContext {
    let ctx = ClockContext {
        current: RwSignal::new(None),
    };
    provide_context(ctx);
    Effect::new(move |_| match session.signed_in() {
        Some(true) if ctx.current.get_untracked().is_none() => {
            leptos::task::spawn_local(async move {
                // A failed fetch leaves the UTC fallback; the next sign-in tries again.
                if let Ok(clock) = api::clock().await {
                    ctx.current.set(Some(Arc::new(clock)));
                }
            });
        }
        Some(false) => ctx.current.set(None),
        _ => {}
    });
    ctx
}

pub fn use_clock() -> ClockContext {
    expect_context::<ClockContext>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use clientbook_domain::api::ZoneOffsetSpan;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_instant_reads_as_the_banks_time_or_says_utc() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 31, 16, 30, 0)
            .single()
            .expect("at");
        let clock = BankClock {
            time_zone: "Asia/Shanghai".into(),
            today: NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
            offsets: vec![ZoneOffsetSpan {
                from: Utc
                    .with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
                    .single()
                    .expect("from"),
                offset_seconds: 8 * 3600,
            }],
        };
        assert_eq!(format_at(Some(&clock), at), "2027-01-01 00:30");
        assert_eq!(format_at(None, at), "2026-12-31 16:30 UTC");
    }
}
