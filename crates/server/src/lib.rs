//! Clientbook's server: the JSON API under `/api` and the built app from the same origin,
//! over SQLite or PostgreSQL.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod body_schema;
pub mod config;
pub mod demo;
mod demo_data;
pub mod error;
pub mod error_docs;
pub mod export;
pub mod idempotency;
pub mod import;
pub mod masking;
pub mod model;
pub mod openapi;
pub mod routes;
pub mod scope;
pub mod serve;
pub mod storage;
pub mod throttle;
pub mod unavailable;
pub mod validate;
pub mod web;

use crate::config::Config;
use crate::error::AppError;
use crate::storage::Storage;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::response::IntoResponse;
use axum::Router;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Settings the handlers need, fixed at start.
#[derive(Clone, Debug)]
pub struct Settings {
    pub bank_timezone: Tz,
    pub session_idle_ms: i64,
    /// Sessions end this long after sign-in, however active.
    pub session_absolute_ms: i64,
    pub secure_cookies: bool,
    /// `X-Forwarded-For` / `X-Forwarded-Host` come from our proxy and are trusted.
    pub behind_proxy: bool,
    /// A request body that stalls this long between two pieces answers 408.
    pub body_read_timeout: std::time::Duration,
    /// Pins the business date (a demo generated as of a given date).
    pub business_date: Option<NaiveDate>,
    pub dist: PathBuf,
    pub csp: Arc<web::Csp>,
    /// Requests in flight and queued (load shedding).
    pub shed: serve::Shed,
    /// Largest upload of `POST /api/imports`, in bytes.
    pub import_max_bytes: u64,
    /// A lease on computing a scope's figures lasts this long unless renewed (ms).
    pub figures_lease_ms: i64,
    /// How long a request waits for another's computation of figures never stored.
    pub figures_wait: std::time::Duration,
    /// Warms the big scopes' figures in the background (off: `--warm-figures false`).
    pub warmer: Arc<routes::figures::refresh::Warmer>,
}

impl Settings {
    pub fn from_config(config: &Config) -> Self {
        Settings {
            bank_timezone: config.bank_timezone,
            session_idle_ms: i64::from(config.session_idle_minutes) * 60_000,
            session_absolute_ms: i64::from(config.session_absolute_hours) * 3_600_000,
            secure_cookies: config.secure_cookies,
            behind_proxy: config.behind_proxy,
            body_read_timeout: std::time::Duration::from_secs(config.body_read_timeout_secs),
            business_date: config.demo_as_of,
            dist: config.dist.clone(),
            csp: Arc::new(web::Csp::new(&config.dist)),
            shed: serve::Shed::new(config.max_in_flight, config.max_queued),
            import_max_bytes: config.import_max_bytes,
            figures_lease_ms: i64::try_from(config.figures_lease_secs.saturating_mul(1000))
                .unwrap_or(i64::MAX),
            figures_wait: std::time::Duration::from_secs(config.figures_wait_secs),
            warmer: Arc::new(routes::figures::refresh::Warmer::new(config.warm_figures)),
        }
    }

    /// The bank's business date: today in the bank's time zone.
    pub fn today(&self) -> NaiveDate {
        self.business_date.unwrap_or_else(|| {
            chrono::Utc::now()
                .with_timezone(&self.bank_timezone)
                .date_naive()
        })
    }

    /// Now: the wall clock, moved to the pinned business date when there is one (the
    /// time of day is kept), so that a pinned demo records coherent instants.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        use chrono::TimeZone;
        let real = chrono::Utc::now();
        let Some(date) = self.business_date else {
            return real;
        };
        let time = real.with_timezone(&self.bank_timezone).time();
        self.bank_timezone
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or(real)
    }

    /// A local date and time of the bank's zone as a UTC instant.
    pub fn bank_instant(&self, local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
        use chrono::TimeZone;
        self.bank_timezone
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(|| local.and_utc())
    }

    /// Midnight of `date` in the bank's zone, as Unix milliseconds.
    pub fn start_of_day_ms(&self, date: NaiveDate) -> i64 {
        use chrono::TimeZone;
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        self.bank_timezone
            .from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.timestamp_millis())
            .unwrap_or_else(|| midnight.and_utc().timestamp_millis())
    }

    /// The answer to a sign-in while it is throttled until `until_ms`.
    pub fn throttled(&self, until_ms: i64) -> AppError {
        AppError::SignInThrottled {
            retry_after_secs: throttle::retry_after_secs(until_ms, storage::now_ms()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub storage: Storage,
    pub settings: Arc<Settings>,
}

/// The whole application: `/api` and the app's files, with every layer.
pub fn app(state: AppState) -> Router {
    let api = web::with_release(web::no_store(routes::router())).layer(
        axum::middleware::from_fn_with_state(state.clone(), idempotency::idempotent_writes),
    );
    let router = Router::new().nest("/api", api).with_state(state.clone());
    let router = web::static_files(router, &state.settings.dist);
    let router = web::security_headers(router, state.settings.csp.clone());
    router
        // A bug that panics answers a 500 with our error body (and is logged) instead of
        // dropping the connection.
        .layer(CatchPanicLayer::custom(|_panic| {
            AppError::internal("a handler panicked").into_response()
        }))
        // Brotli's own default is quality 11, its slowest, meant for files compressed
        // once; responses are compressed per request, so quality 4 (what CDNs use for
        // dynamic content). The 100,000-customer book: 143 MiB -> 28 MiB brotli in ~10 s.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Every body is limited to BODY_LIMIT but an import's upload, which has its own
        // (configured) limit; both refuse a declared larger length before reading.
        .layer(axum::middleware::from_fn_with_state(
            state.settings.import_max_bytes,
            body_limit,
        ))
        // A body that stops arriving fails its read (408) instead of holding the
        // connection for ever.
        .layer(RequestBodyTimeoutLayer::new(
            state.settings.body_read_timeout,
        ))
        // Before any handler: a write from another site never reaches one.
        .layer(axum::middleware::from_fn_with_state(
            state.settings.behind_proxy,
            auth::same_origin_writes,
        ))
        // Outside the body limit, so its bare 413 becomes an ErrorBody too.
        .layer(axum::middleware::from_fn(error::json_errors))
        // A full queue answers 503 at once rather than letting every request time out.
        .layer(axum::middleware::from_fn_with_state(
            state.settings.shed.clone(),
            serve::shed_load,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The route template, not the raw path: ids stay out of span names.
            let path = req
                .extensions()
                .get::<MatchedPath>()
                .map(MatchedPath::as_str)
                .unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path)
        }))
}

/// The body limit of a request: the import upload's own, else [`BODY_LIMIT`]. A declared
/// length over it is answered 413 before the body is read; a body that grows past it
/// fails its read (413 too).
async fn body_limit(
    axum::extract::State(import_max): axum::extract::State<u64>,
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let limit = if req.method() == axum::http::Method::POST && req.uri().path() == "/api/imports" {
        usize::try_from(import_max).unwrap_or(usize::MAX)
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::PayloadTooLarge.into_response();
    }
    let req = req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error(transparent)]
    Storage(#[from] storage::StorageInitError),
    #[error("cannot create the demo bank: {0}")]
    Demo(AppError),
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Connect, migrate and (on an empty database) create the demo bank.
pub async fn prepare(config: &Config) -> Result<AppState, LaunchError> {
    let storage = Storage::connect(config.database_url.expose()).await?;
    let settings = Settings::from_config(config);
    // An empty database gets the demo bank: its staff always (someone must be able to
    // sign in), and `demo_customers` customers, which may be none.
    // Of several instances started together on it, one creates it and the others wait.
    if storage.is_empty().await.map_err(LaunchError::Demo)? {
        let instance = format!("{}@{}", std::process::id(), storage::now_ms());
        if storage
            .claim_demo_bank(&instance)
            .await
            .map_err(LaunchError::Demo)?
        {
            let as_of = config.demo_as_of.unwrap_or_else(|| settings.today());
            seed_demo_bank(&storage, config.demo_seed, config.demo_customers, as_of)
                .await
                .map_err(LaunchError::Demo)?;
        } else {
            storage
                .wait_for_demo_bank(std::time::Duration::from_secs(3600))
                .await
                .map_err(LaunchError::Demo)?;
        }
    }
    // Complaints stored without deadlines (the demo bank's) get them now, from the
    // stored policy and the bank calendar, as if received at 09:00 bank time.
    let policy = routes::policy::load_policy(&storage)
        .await
        .map_err(LaunchError::Demo)?;
    let filled = storage
        .backfill_complaint_deadlines(|on, severity| {
            let local = on.and_hms_opt(9, 0, 0).expect("09:00 exists");
            let received = settings.bank_instant(local);
            let d = clientbook_domain::calendar::complaint_deadlines(
                local,
                severity,
                clientbook_domain::calendar::Complexity::Standard,
                false,
                &policy.complaints,
                &policy.calendar,
            );
            (
                received.timestamp_millis(),
                settings.bank_instant(d.internal).timestamp_millis(),
                d.regulatory,
            )
        })
        .await
        .map_err(LaunchError::Demo)?;
    if filled > 0 {
        tracing::info!(filled, "complaint deadlines filled in");
    }
    Ok(AppState {
        storage,
        settings: Arc::new(settings),
    })
}

/// Customers per batch of the demo bank: one transaction each, a few megabytes in hand.
pub const DEMO_BATCH: usize = 5_000;

/// Generate and insert the demo bank, streamed: a blocking thread generates batches of
/// [`DEMO_BATCH`] customers while the previous one is inserted (two in flight at most),
/// so a bank of a million customers needs no more memory than one of ten thousand.
/// Returns the customers per tier (default thresholds).
pub async fn seed_demo_bank(
    storage: &Storage,
    seed: u64,
    customers: u32,
    as_of: NaiveDate,
) -> Result<[usize; 5], AppError> {
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<_, AppError>>(1);
    let producer = tokio::task::spawn_blocking(move || {
        let mut generator = demo::Generator::new(seed, customers, as_of);
        while let Some(batch) = generator.next_batch(DEMO_BATCH) {
            let hashes = batch
                .users
                .iter()
                .map(|_| auth::hash_password(demo::DEMO_PASSWORD))
                .collect::<Result<Vec<_>, _>>()
                .map(|h| (batch, h));
            let failed = hashes.is_err();
            if tx.blocking_send(hashes).is_err() || failed {
                break;
            }
        }
    });
    let mut counts = [0; 5];
    let mut inserted = 0usize;
    let mut first_batch = None;
    while let Some(next) = rx.recv().await {
        let (batch, hashes) = next?;
        storage.insert_demo_batch(&batch, &hashes).await?;
        for (n, c) in counts.iter_mut().zip(demo::tier_counts(&batch)) {
            *n += c;
        }
        inserted += batch.customers.len();
        if first_batch.is_none() {
            first_batch = Some(batch);
        }
        if inserted % 100_000 < DEMO_BATCH && customers as usize >= 100_000 {
            tracing::info!(
                inserted,
                elapsed_s = started.elapsed().as_secs(),
                "demo bank under way"
            );
        }
    }
    producer.await.map_err(AppError::internal)?;
    storage.finish_demo_bank(seed, as_of).await?;
    // The pipeline's history and the finished campaign are drawn (with their own seeds)
    // from the first batch: the staff, the shelf and the first customers. After the
    // identity sequences have moved past the demo's explicit ids.
    if let Some(batch) = first_batch {
        demo::pipeline::insert(storage, &batch).await?;
        demo::campaigns::seed(storage, &batch).await?;
    }
    // Last: instances waiting for this one (`Storage::wait_for_demo_bank`) start now.
    storage.demo_bank_ready().await?;
    tracing::info!(
        customers,
        seed,
        %as_of,
        total_ms = started.elapsed().as_millis() as u64,
        ?counts,
        "demo bank created"
    );
    Ok(counts)
}

/// Serve until ctrl-c or SIGTERM, then finish the requests under way.
pub async fn launch(config: Config, listener: tokio::net::TcpListener) -> Result<(), LaunchError> {
    let state = prepare(&config).await?;
    let addr = listener.local_addr().map_err(LaunchError::Serve)?;
    print_banner(&state, addr).await;
    // The big scopes' figures, computed ahead of the first sign-in (after a night's
    // load, or the demo bank just generated by `prepare`).
    routes::figures::refresh::warm(state.storage.clone(), Arc::clone(&state.settings));
    let storage = state.storage.clone();
    let idle_ms = state.settings.session_idle_ms;
    let absolute_ms = state.settings.session_absolute_ms;
    // Sweep expired sessions, stale throttle counts and old devices now and then; any
    // instance may do it.
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = storage.delete_idle_sessions(idle_ms, absolute_ms).await {
                tracing::warn!(error = %e, "session sweep failed");
            }
            if let Err(e) = idempotency::sweep(&storage).await {
                tracing::warn!(error = %e, "idempotency key sweep failed");
            }
        }
    });
    let limits = serve::Limits {
        header_read_timeout: std::time::Duration::from_secs(config.header_read_timeout_secs),
        max_connections: config.max_connections,
    };
    let result = serve::serve(listener, app(state.clone()), limits, shutdown_signal())
        .await
        .map_err(LaunchError::Serve);
    sweeper.abort();
    state.storage.close().await;
    result
}

async fn print_banner(state: &AppState, addr: SocketAddr) {
    let seeded = state.storage.meta("demo_seed").await.ok().flatten();
    println!("Clientbook is running at http://{addr}/");
    if let Some(seed) = seeded {
        println!(
            "Demo bank (seed {seed}): sign in as rm01..rm08, manager01, compliance01 or admin, \
             password `{}`.",
            demo::DEMO_PASSWORD
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
