//! Sign-in throttling: the rules, the keys they count under and the client's address.
//!
//! Failed sign-ins are counted per account name (whether or not the account exists, so
//! the answers do not tell which names are real) and per source address. Past a few free
//! failures each further one blocks the key for a growing delay; while a key is blocked,
//! a sign-in under it is answered 429 without checking the password. A browser where the
//! account signed in before (a trusted device, by its `cb_device` cookie) is not held by
//! either key, so an attacker cannot keep the real user out. The counts live in the
//! database (`sign_in_throttle`), never in process memory.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// How failures under one key turn into delays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures answered with a plain 401 before the first delay.
    pub free_failures: i64,
    /// The first delay; each further failure doubles it, up to `max_delay_ms`.
    pub first_delay_ms: i64,
    pub max_delay_ms: i64,
    /// A key whose last failure is older than this starts again from zero.
    pub forget_after_ms: i64,
}

const MINUTE: i64 = 60_000;

/// One account name: a person mistyping gets five tries; an online guesser gets about a
/// hundred guesses a day (the delay grows to 15 minutes).
pub const ACCOUNT: Rule = Rule {
    free_failures: 5,
    first_delay_ms: MINUTE / 2,
    max_delay_ms: 15 * MINUTE,
    forget_after_ms: 24 * 60 * MINUTE,
};

/// One source address, across all names (password spraying). Looser than an account:
/// a branch's staff may share one address behind NAT.
pub const SOURCE: Rule = Rule {
    free_failures: 20,
    first_delay_ms: MINUTE / 2,
    max_delay_ms: 15 * MINUTE,
    forget_after_ms: 60 * MINUTE,
};

/// Wrong passwords sent from a trusted device before that device is forgotten.
pub const DEVICE_MAX_FAILURES: i64 = 5;

/// A trusted device is forgotten after this long without a sign-in.
pub const DEVICE_TTL_MS: i64 = 90 * 24 * 60 * MINUTE;

impl Rule {
    /// How long a key is blocked after its `failures`-th failure in a row (0: not blocked).
    pub fn delay_ms(&self, failures: i64) -> i64 {
        if failures < self.free_failures {
            return 0;
        }
        let doublings = (failures - self.free_failures).min(30) as u32;
        self.first_delay_ms
            .saturating_mul(1i64 << doublings)
            .min(self.max_delay_ms)
    }
}

/// The key failures are counted under for the name a client typed (bounded in length,
/// as the audit log records it).
pub fn account_key(username: &str) -> String {
    format!("account:{}", username.chars().take(100).collect::<String>())
}

/// The key of a source address. An IPv6 client is counted by its /64, the block one
/// subscriber is usually given, so that rotating addresses inside it does not help.
pub fn source_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("source:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("source:{v4}"),
            None => {
                let s = v6.segments();
                format!("source:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address: the TCP peer, or behind a configured proxy the address the
/// proxy appended last to `X-Forwarded-For` (what comes before it the client wrote, and
/// may be forged).
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, behind_proxy: bool) -> Option<IpAddr> {
    if behind_proxy {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
            .and_then(|v| v.parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer
}

/// Seconds to wait, rounded up, for the `Retry-After` header.
pub fn retry_after_secs(blocked_until_ms: i64, now_ms: i64) -> i64 {
    ((blocked_until_ms - now_ms + 999) / 1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_after_the_free_failures_and_doubles_up_to_the_cap() {
        let delays: Vec<i64> = (1..=12).map(|n| ACCOUNT.delay_ms(n) / 1000).collect();
        assert_eq!(
            delays,
            vec![0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]
        );
        assert_eq!(ACCOUNT.delay_ms(i64::MAX), 900_000);
        assert_eq!(SOURCE.delay_ms(19), 0);
        assert_eq!(SOURCE.delay_ms(20), 30_000);
    }

    #[test]
    fn a_forwarded_address_counts_only_behind_a_configured_proxy() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 10.1.2.3".parse().unwrap());
        let peer = Some("127.0.0.1".parse().unwrap());
        assert_eq!(client_ip(peer, &h, false), peer);
        assert_eq!(client_ip(peer, &h, true), Some("10.1.2.3".parse().unwrap()));
        assert_eq!(client_ip(peer, &HeaderMap::new(), true), peer);
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_block() {
        let a = source_key("2001:db8:1:2::1".parse().unwrap());
        let b = source_key("2001:db8:1:2:ffff::9".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, source_key("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(
            source_key("::ffff:10.0.0.1".parse().unwrap()),
            "source:10.0.0.1"
        );
    }
}
