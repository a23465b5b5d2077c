//! Figures served stale while new ones are computed (docs/rules.md, Big scopes;
//! ARCHITECTURE.md, "Stale while computed again"): who computes a scope's figures is
//! decided in the database, by a lease row (`figures_leases`, migration 0017) that one
//! conditional upsert takes and only one instance can win, renewed while its holder
//! folds and expiring so that a crashed holder blocks nobody for long. Nothing here is
//! kept in one process's memory but the warmer's turn, which only spaces out its work.

use super::{cached_under, compute_figures, policy_version, FIGURES_LAYOUT};
use crate::error::{AppError, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{now_ms, CachedFigures, Storage};
use crate::Settings;
use chrono::NaiveDate;
use clientbook_domain::{BranchId, ScoringPolicy};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A holder's name, unique across instances and computations: the process, a counter
/// and the clock (two instances in one test process differ by the counter).
pub fn new_holder() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}:{}@{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        now_ms()
    )
}

/// A lease held on computing a scope's figures: renewed as the fold goes on.
pub struct Lease<'a> {
    pub storage: &'a Storage,
    pub scope: Scope,
    pub holder: String,
    pub ttl_ms: i64,
    renewed: Instant,
}

impl<'a> Lease<'a> {
    /// Take the lease on `scope`'s figures, if free or expired.
    pub async fn take(
        storage: &'a Storage,
        scope: Scope,
        ttl_ms: i64,
    ) -> AppResult<Option<Lease<'a>>> {
        let holder = new_holder();
        Ok(storage
            .take_figures_lease(scope, &holder, ttl_ms)
            .await?
            .then(|| Lease {
                storage,
                scope,
                holder,
                ttl_ms,
                renewed: Instant::now(),
            }))
    }

    /// Renew the lease when a third of its time has gone; an error when it was lost
    /// (it expired and another instance took it over, which now computes).
    pub async fn keep(&mut self) -> AppResult<()> {
        let third = Duration::from_millis((self.ttl_ms / 3).max(1) as u64);
        if self.renewed.elapsed() < third {
            return Ok(());
        }
        if !self
            .storage
            .renew_figures_lease(self.scope, &self.holder, self.ttl_ms)
            .await?
        {
            return Err(AppError::internal("figures lease lost to another instance"));
        }
        self.renewed = Instant::now();
        Ok(())
    }

    /// Give the lease up.
    pub async fn release(self) {
        if let Err(e) = self
            .storage
            .release_figures_lease(self.scope, &self.holder)
            .await
        {
            tracing::warn!(error = %e, "figures lease not released (it will expire)");
        }
    }
}

/// What the figures are current for: a stored row is fresh when all three match.
pub struct Current {
    pub as_of: NaiveDate,
    pub policy: String,
    pub data_version: String,
}

impl Current {
    pub async fn of(
        storage: &Storage,
        scope: Scope,
        policy: &ScoringPolicy,
        as_of: NaiveDate,
    ) -> AppResult<Self> {
        Ok(Current {
            as_of,
            policy: cached_under(&policy_version(policy)?),
            data_version: storage.data_version(scope).await?,
        })
    }

    pub fn is_fresh(&self, c: &CachedFigures) -> bool {
        c.as_of == self.as_of.to_string()
            && c.policy_version == self.policy
            && c.data_version == self.data_version
    }
}

/// Figures stored in this server's layout (an older layout is never served, even stale).
pub async fn stored_figures(storage: &Storage, scope: Scope) -> AppResult<Option<CachedFigures>> {
    let suffix = format!("+{FIGURES_LAYOUT}");
    Ok(storage
        .cached_figures(scope)
        .await?
        .filter(|c| c.policy_version.ends_with(&suffix)))
}

/// Compute `scope`'s figures under `lease` and store them. They are stored under the
/// data version read before the first batch: if a write came in during the fold, that
/// version is already old, so they are served marked stale and computed again, never
/// taken for current.
pub async fn compute_and_store(
    lease: &mut Lease<'_>,
    policy: &ScoringPolicy,
    as_of: NaiveDate,
) -> AppResult<CachedFigures> {
    let storage = lease.storage;
    let scope = lease.scope;
    let current = Current::of(storage, scope, policy, as_of).await?;
    let figures = compute_figures(storage, scope, policy, as_of, Some(lease)).await?;
    let mut stored = CachedFigures {
        as_of: as_of.to_string(),
        policy_version: current.policy,
        data_version: current.data_version,
        figures: serde_json::to_string(&figures).map_err(AppError::internal)?,
        computed_at: 0,
    };
    stored.computed_at = storage
        .store_figures(scope, as_of, &stored, &lease.holder)
        .await?;
    Ok(stored)
}

/// Under a lease already taken: compute the figures again unless someone stored fresh
/// ones meanwhile (the request saw stale figures just before their holder finished).
async fn recompute_if_stale(
    lease: &mut Lease<'_>,
    policy: &ScoringPolicy,
    as_of: NaiveDate,
) -> AppResult<bool> {
    let current = Current::of(lease.storage, lease.scope, policy, as_of).await?;
    if let Some(c) = stored_figures(lease.storage, lease.scope).await? {
        if current.is_fresh(&c) {
            return Ok(false);
        }
    }
    compute_and_store(lease, policy, as_of).await?;
    Ok(true)
}

/// Start computing `scope`'s figures again in the background, unless an instance holds
/// the lease (it is computing them already). The request that saw stale figures does
/// not wait for it.
pub fn start(
    storage: Storage,
    settings: &Settings,
    scope: Scope,
    policy: ScoringPolicy,
    as_of: NaiveDate,
) {
    let ttl_ms = settings.figures_lease_ms;
    tokio::spawn(async move {
        let mut lease = match Lease::take(&storage, scope, ttl_ms).await {
            Ok(Some(lease)) => lease,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "figures lease not taken");
                return;
            }
        };
        match recompute_if_stale(&mut lease, &policy, as_of).await {
            Ok(true) => tracing::info!(scope = %scope.cache_key(), "figures computed again"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "figures not computed again"),
        }
        lease.release().await;
    });
}

/// No figures are stored for `scope` at all: compute them now under the lease, or, when
/// another request or instance holds it, wait for its row (polling the table) at most
/// `settings.figures_wait`, then 503 with `Retry-After`. The computation runs in its
/// own task, so a client that gives up does not leave the lease held and the work lost.
/// Answers the figures and whether they were computed by this request.
pub async fn compute_or_wait(
    storage: &Storage,
    settings: &Settings,
    scope: Scope,
    policy: &ScoringPolicy,
    as_of: NaiveDate,
) -> AppResult<(CachedFigures, bool)> {
    let deadline = Instant::now() + settings.figures_wait;
    loop {
        if let Some(lease) = Lease::take(storage, scope, settings.figures_lease_ms).await? {
            let (storage, policy) = (storage.clone(), policy.clone());
            let holder = lease.holder.clone();
            let ttl_ms = lease.ttl_ms;
            drop(lease);
            let task = tokio::spawn(async move {
                let mut lease = Lease {
                    storage: &storage,
                    scope,
                    holder,
                    ttl_ms,
                    renewed: Instant::now(),
                };
                let done = compute_and_store(&mut lease, &policy, as_of).await;
                lease.release().await;
                done
            });
            let stored = task.await.map_err(AppError::internal)??;
            return Ok((stored, true));
        }
        if let Some(c) = stored_figures(storage, scope).await? {
            return Ok((c, false));
        }
        if Instant::now() >= deadline {
            return Err(AppError::FiguresBeingComputed {
                retry_after_secs: FIGURES_RETRY_AFTER_SECS,
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// How often a request waiting for another's figures looks for them.
const POLL: Duration = Duration::from_millis(200);

/// The `Retry-After` of a 503 for figures still being computed.
pub const FIGURES_RETRY_AFTER_SECS: u64 = 5;

/// Warms the big scopes' figures ahead of the first sign-in: the bank's and each
/// branch's, one scope at a time, each under its lease. One warming runs at a time per
/// process, and one more may wait its turn (it will see every write the ones asked
/// after it would), so a burst of imports does not queue a burst of folds.
#[derive(Debug)]
pub struct Warmer {
    pub enabled: bool,
    asked: AtomicUsize,
    turn: tokio::sync::Mutex<()>,
}

impl Warmer {
    pub fn new(enabled: bool) -> Self {
        Warmer {
            enabled,
            asked: AtomicUsize::new(0),
            turn: tokio::sync::Mutex::new(()),
        }
    }
}

/// Warm the big scopes' figures in the background (after start, a demo bank, an
/// import's commit). Nothing when warming is off (`--warm-figures false`).
pub fn warm(storage: Storage, settings: Arc<Settings>) {
    let warmer = Arc::clone(&settings.warmer);
    if !warmer.enabled || warmer.asked.fetch_add(1, Ordering::SeqCst) >= 2 {
        if warmer.enabled {
            warmer.asked.fetch_sub(1, Ordering::SeqCst);
        }
        return;
    }
    tokio::spawn(async move {
        let turn = warmer.turn.lock().await;
        if let Err(e) = warm_once(&storage, &settings).await {
            tracing::warn!(error = %e, "figures not warmed");
        }
        drop(turn);
        warmer.asked.fetch_sub(1, Ordering::SeqCst);
    });
}

/// One round of warming: each big scope whose stored figures are not current.
async fn warm_once(storage: &Storage, settings: &Settings) -> AppResult<()> {
    let policy = load_policy(storage).await?;
    let as_of = settings.today();
    let mut scopes = vec![Scope::All];
    scopes.extend(
        storage
            .branch_ids()
            .await?
            .into_iter()
            .map(|b| Scope::Branch(BranchId(b))),
    );
    for scope in scopes {
        if !policy
            .scale
            .too_big_for_browser(storage.scope_size(scope).await?)
        {
            continue;
        }
        let Some(mut lease) = Lease::take(storage, scope, settings.figures_lease_ms).await? else {
            continue;
        };
        let started = Instant::now();
        let done = recompute_if_stale(&mut lease, &policy, as_of).await;
        lease.release().await;
        if done? {
            tracing::info!(scope = %scope.cache_key(), ms = started.elapsed().as_millis() as u64, "figures warmed");
        }
    }
    Ok(())
}
