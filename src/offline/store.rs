//! What is kept in the browser for offline work, each record encrypted (AES-GCM) under
//! the key of [`super::crypto`]: the prepared customers (`c:<id>`), the queued writes
//! (`q:<time>:<uuid>`, sent in that order), the changes the server refused (`r:<uuid>`)
//! and the conflicts to resolve (`x:<uuid>`), and who is signed in (`s`, to open the app
//! signed in with no network). Only when a record was saved and when it must be erased
//! are stored in the clear, beside it, and under `owner` the staff id of the user whose
//! records these are. The key itself is kept as a non-extractable `CryptoKey` under `k`
//! (ARCHITECTURE.md, "Offline data").

use super::{crypto, idb};
use clientbook_domain::api::{CustomerDetail, Me};
use clientbook_domain::service::{NewInteraction, NewNote, NewSurvey, SetNextContact};
use clientbook_domain::{CustomerId, ProductId};
use js_sys::{Object, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

thread_local! {
    /// The key in memory for this page's life (never extractable).
    static KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
}

const KEY_RECORD: &str = "k";
const SESSION_RECORD: &str = "s";
const OWNER_RECORD: &str = "owner";

/// What the app needs to open signed in with no network, as the server last said it
/// (never the password, never the session token: that is an HttpOnly cookie).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SealedSession {
    pub me: Me,
    /// The language the user had (a BCP 47 tag).
    pub locale: String,
    pub saved_at_ms: i64,
    /// The policy's `offline.keep_days` when it was saved: the record lasts that long.
    pub keep_days: u32,
}

/// A customer's page as it was prepared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    pub detail: CustomerDetail,
    /// Names (English, Chinese) of the products the customer holds, from the shelf.
    pub products: Vec<(ProductId, String, String)>,
    pub saved_at_ms: i64,
}

/// A change made offline, to send when the connection returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    Contact(NewInteraction),
    Survey(NewSurvey),
    Note(NewNote),
    NextContact(SetNextContact),
}

/// A queued change with its idempotency key (made once, when queued).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub key: String,
    pub customer_id: CustomerId,
    /// The customer's masked name, to say whose change it is.
    pub customer: String,
    pub change: Change,
    pub queued_at_ms: i64,
}

/// A queued change the server refused (scope, or the change itself), kept to be read
/// and copied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub queued: Queued,
    pub reason: String,
    pub at_ms: i64,
}

/// A queued change to a record changed meanwhile on the server: both, to choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub queued: Queued,
    /// The record as the server has it now (the 409's `current`).
    pub theirs: serde_json::Value,
    pub at_ms: i64,
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn has_key() -> bool {
    KEY.with(|k| k.borrow().is_some())
}

/// Derive the key from the server's secret, keep it in memory and persist it as a
/// non-extractable `CryptoKey` (so a reload without network can still read).
pub async fn unlock(secret_hex: &str) -> Result<(), JsValue> {
    let key = crypto::derive_key(secret_hex).await?;
    idb::put(KEY_RECORD, &key).await?;
    KEY.with(|k| *k.borrow_mut() = Some(key));
    Ok(())
}

/// The key from memory, else the persisted one.
async fn key() -> Result<CryptoKey, JsValue> {
    if let Some(k) = KEY.with(|k| k.borrow().clone()) {
        return Ok(k);
    }
    let stored = idb::get(KEY_RECORD)
        .await?
        .ok_or("locked: sign in online first")?;
    let key: CryptoKey = stored.dyn_into()?;
    KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
    Ok(key)
}

async fn seal<T: Serialize>(
    name: &str,
    value: &T,
    expires_at_ms: Option<i64>,
) -> Result<(), JsValue> {
    let plain = serde_json::to_vec(value).map_err(|e| e.to_string())?;
    let (iv, data) = crypto::encrypt(&key().await?, &plain).await?;
    let record = Object::new();
    Reflect::set(&record, &"iv".into(), &iv)?;
    Reflect::set(&record, &"data".into(), &data)?;
    Reflect::set(&record, &"saved_at".into(), &(now_ms() as f64).into())?;
    if let Some(at) = expires_at_ms {
        Reflect::set(&record, &"expires_at".into(), &(at as f64).into())?;
    }
    idb::put(name, &record).await
}

async fn open<T: DeserializeOwned>(record: &JsValue) -> Result<T, JsValue> {
    let iv: Uint8Array = Reflect::get(record, &"iv".into())?.dyn_into()?;
    let data: Uint8Array = Reflect::get(record, &"data".into())?.dyn_into()?;
    let plain = crypto::decrypt(&key().await?, &iv, &data).await?;
    serde_json::from_slice(&plain).map_err(|e| e.to_string().into())
}

async fn open_all<T: DeserializeOwned>(prefix: &str) -> Result<Vec<(String, T)>, JsValue> {
    let mut out = Vec::new();
    for (name, record) in idb::all(prefix).await? {
        out.push((name, open(&record).await?));
    }
    Ok(out)
}

pub async fn save_prepared(p: &Prepared, keep_days: u32) -> Result<(), JsValue> {
    let expires = p.saved_at_ms + i64::from(keep_days) * 86_400_000;
    seal(&format!("c:{}", p.detail.customer.id.0), p, Some(expires)).await
}

pub async fn prepared(id: CustomerId) -> Result<Option<Prepared>, JsValue> {
    match idb::get(&format!("c:{}", id.0)).await? {
        Some(record) => open(&record).await.map(Some),
        None => Ok(None),
    }
}

pub async fn all_prepared() -> Result<Vec<Prepared>, JsValue> {
    Ok(open_all("c:").await?.into_iter().map(|(_, p)| p).collect())
}

/// Erase the prepared customers and the sealed session past their keeping time (no key
/// needed).
pub async fn erase_expired() -> Result<u32, JsValue> {
    let mut erased = 0;
    let mut records = idb::all("c:").await?;
    if let Some(session) = idb::get(SESSION_RECORD).await? {
        records.push((SESSION_RECORD.to_owned(), session));
    }
    for (name, record) in records {
        let expires = Reflect::get(&record, &"expires_at".into())?.as_f64();
        if expires.is_some_and(|at| (at as i64) < now_ms()) {
            idb::delete(&name).await?;
            erased += 1;
        }
    }
    Ok(erased)
}

pub async fn enqueue(q: &Queued) -> Result<(), JsValue> {
    seal(&format!("q:{:013}:{}", q.queued_at_ms, q.key), q, None).await
}

pub async fn queue() -> Result<Vec<(String, Queued)>, JsValue> {
    open_all("q:").await
}

pub async fn refuse(r: &Refused) -> Result<(), JsValue> {
    seal(&format!("r:{}", r.queued.key), r, None).await
}

pub async fn refused() -> Result<Vec<(String, Refused)>, JsValue> {
    open_all("r:").await
}

pub async fn add_conflict(c: &Conflict) -> Result<(), JsValue> {
    seal(&format!("x:{}", c.queued.key), c, None).await
}

pub async fn conflicts() -> Result<Vec<(String, Conflict)>, JsValue> {
    open_all("x:").await
}

/// How many records have keys starting with `prefix` (no key needed).
pub async fn count(prefix: &str) -> usize {
    idb::all(prefix).await.map(|v| v.len()).unwrap_or(0)
}

pub async fn remove(name: &str) -> Result<(), JsValue> {
    idb::delete(name).await
}

pub async fn save_session(s: &SealedSession) -> Result<(), JsValue> {
    let expires = s.saved_at_ms + i64::from(s.keep_days) * 86_400_000;
    seal(SESSION_RECORD, s, Some(expires)).await
}

/// The sealed session, if one is kept, not past its time, and the key opens it.
pub async fn session() -> Option<SealedSession> {
    let record = idb::get(SESSION_RECORD).await.ok().flatten()?;
    let expires = Reflect::get(&record, &"expires_at".into()).ok()?.as_f64()?;
    if (expires as i64) < now_ms() {
        return None;
    }
    open(&record).await.ok()
}

/// Forget the sealed session (the session is locked to a meeting: no opening it offline).
pub async fn forget_session() -> Result<(), JsValue> {
    idb::delete(SESSION_RECORD).await
}

/// Whether a key is at hand (in memory, or persisted from an earlier visit).
pub async fn key_at_hand() -> bool {
    key().await.is_ok()
}

/// The staff id of the user whose records these are, if any.
pub async fn owner() -> Option<i64> {
    idb::get(OWNER_RECORD)
        .await
        .ok()
        .flatten()?
        .as_f64()
        .map(|id| id as i64)
}

pub async fn set_owner(user_id: i64) -> Result<(), JsValue> {
    idb::put(OWNER_RECORD, &(user_id as f64).into()).await
}

/// Erase what was read from the server (prepared customers, the sealed session) but
/// keep what the user wrote (queued, refused, conflicting changes), the owner and the
/// key: the session ended on the server, and the same user signing in again sends them.
pub async fn erase_copies() -> Result<(), JsValue> {
    let mut names: Vec<String> = idb::all("c:").await?.into_iter().map(|(n, _)| n).collect();
    names.push(SESSION_RECORD.to_owned());
    for name in names {
        idb::delete(&name).await?;
    }
    Ok(())
}

/// Erase everything kept offline and forget the key (sign-out).
pub async fn erase_all() -> Result<(), JsValue> {
    KEY.with(|k| *k.borrow_mut() = None);
    idb::clear().await
}
