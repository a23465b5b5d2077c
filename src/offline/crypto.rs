//! WebCrypto: the AES-GCM key derived (HKDF-SHA-256) from the server's offline secret,
//! non-extractable, and records encrypted under it with a fresh random 96-bit IV each.
//! The secret itself is dropped once the key is derived.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, HkdfParams, SubtleCrypto};

/// HKDF's salt and info: fixed, so the same secret gives the same key on every visit.
const SALT: &[u8] = b"clientbook offline v1";
const INFO: &[u8] = b"customer records AES-GCM-256";

fn crypto() -> Result<web_sys::Crypto, JsValue> {
    web_sys::window().ok_or("no window")?.crypto()
}

fn subtle() -> Result<SubtleCrypto, JsValue> {
    Ok(crypto()?.subtle())
}

fn usages(names: &[&str]) -> JsValue {
    names
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect::<js_sys::Array>()
        .into()
}

/// The digits of a hex string as bytes; `None` if it is not hex.
pub fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The AES-GCM key of `secret_hex`: non-extractable, for encrypt and decrypt only.
pub async fn derive_key(secret_hex: &str) -> Result<CryptoKey, JsValue> {
    let bytes = hex_bytes(secret_hex).ok_or("the offline secret is not hex")?;
    let subtle = subtle()?;
    let raw = Uint8Array::from(bytes.as_slice());
    let base: CryptoKey = JsFuture::from(subtle.import_key_with_str(
        "raw",
        &raw,
        "HKDF",
        false,
        &usages(&["deriveKey"]),
    )?)
    .await?
    .unchecked_into();
    let params = HkdfParams::new_with_str(
        "HKDF",
        "SHA-256",
        &Uint8Array::from(INFO),
        &Uint8Array::from(SALT),
    );
    let aes = Object::new();
    Reflect::set(&aes, &"name".into(), &"AES-GCM".into())?;
    Reflect::set(&aes, &"length".into(), &256.into())?;
    let key = JsFuture::from(subtle.derive_key_with_object_and_object(
        &params,
        &base,
        &aes,
        false,
        &usages(&["encrypt", "decrypt"]),
    )?)
    .await?;
    Ok(key.unchecked_into())
}

/// `plain` encrypted: (IV, ciphertext with its tag).
pub async fn encrypt(key: &CryptoKey, plain: &[u8]) -> Result<(Uint8Array, Uint8Array), JsValue> {
    let iv = Uint8Array::new_with_length(12);
    crypto()?.get_random_values_with_js_u8_array(&iv)?;
    let params = AesGcmParams::new("AES-GCM", &iv);
    let data =
        JsFuture::from(subtle()?.encrypt_with_object_and_u8_array(&params, key, plain)?).await?;
    Ok((iv, Uint8Array::new(&data)))
}

/// The plain bytes of (IV, ciphertext); an error if the key is not the one it was
/// encrypted with or the data was changed.
pub async fn decrypt(
    key: &CryptoKey,
    iv: &Uint8Array,
    data: &Uint8Array,
) -> Result<Vec<u8>, JsValue> {
    let params = AesGcmParams::new("AES-GCM", iv);
    let plain =
        JsFuture::from(subtle()?.decrypt_with_object_and_u8_array(&params, key, &data.to_vec())?)
            .await?;
    Ok(Uint8Array::new(&plain).to_vec())
}

/// A random UUID (the idempotency key of a queued write).
pub fn random_uuid() -> String {
    crypto().map(|c| c.random_uuid()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn hex_is_read_two_digits_a_byte() {
        assert_eq!(hex_bytes("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(hex_bytes("0"), None);
        assert_eq!(hex_bytes("zz"), None);
    }
}
