//! App-wide state shared through context: who is signed in, the language, the policy.
//! Each module has a `provide_*_context` called once by the app and a `use_*` accessor.

pub mod locale;
pub mod policy;
pub mod session;

pub use locale::{provide_locale_context, use_locale, LocaleContext};
pub use policy::{provide_policy_context, use_policy, PolicyContext};
pub use session::{provide_session_context, use_session, SessionContext};
