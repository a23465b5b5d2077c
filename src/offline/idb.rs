//! IndexedDB through web-sys: one database, one object store of string keys. Each call
//! is its own transaction, awaited as a promise.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "clientbook-offline";
const STORE: &str = "records";

/// The request's result once it succeeds, or its error.
async fn done(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |ev: web_sys::Event| {
            let result = ev
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let failed = Closure::once_into_js(move |ev: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &ev);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no IndexedDB")?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Ok(done(&req).await?.unchecked_into())
}

async fn request(
    mode: IdbTransactionMode,
    make: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<JsValue, JsValue> {
    let db = open().await?;
    let store = db
        .transaction_with_str_and_mode(STORE, mode)?
        .object_store(STORE)?;
    let result = done(&make(&store)?).await;
    db.close();
    result
}

pub async fn put(key: &str, value: &JsValue) -> Result<(), JsValue> {
    request(IdbTransactionMode::Readwrite, |s| {
        s.put_with_key(value, &key.into())
    })
    .await?;
    Ok(())
}

pub async fn get(key: &str) -> Result<Option<JsValue>, JsValue> {
    let v = request(IdbTransactionMode::Readonly, |s| s.get(&key.into())).await?;
    Ok((!v.is_undefined()).then_some(v))
}

pub async fn delete(key: &str) -> Result<(), JsValue> {
    request(IdbTransactionMode::Readwrite, |s| s.delete(&key.into())).await?;
    Ok(())
}

/// Every record whose key starts with `prefix`, in key order.
pub async fn all(prefix: &str) -> Result<Vec<(String, JsValue)>, JsValue> {
    let keys = request(IdbTransactionMode::Readonly, |s| s.get_all_keys()).await?;
    let keys: Vec<String> = js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| k.starts_with(prefix))
        .collect();
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(v) = get(&key).await? {
            out.push((key, v));
        }
    }
    Ok(out)
}

/// Erase everything (sign-out).
pub async fn clear() -> Result<(), JsValue> {
    request(IdbTransactionMode::Readwrite, |s| s.clear()).await?;
    Ok(())
}
