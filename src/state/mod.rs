//! App-wide state shared through context: who is signed in, the language, the policy,
//! the scored book, the bank's clock. Each module has a `provide_*_context` called once by the app and a
//! `use_*` accessor. `customer_view` is the customers list's URL state (plain logic).

pub mod book;
pub mod book_view;
pub mod clock;
pub mod customer_view;
pub mod figures;
pub mod locale;
pub mod policy;
pub mod reassign_search;
pub mod session;

pub use book::{provide_book_context, use_book, BookContext};
pub use clock::{provide_clock_context, use_clock, ClockContext};
pub use locale::{provide_locale_context, use_locale, LocaleContext};
pub use policy::{provide_policy_context, use_policy, PolicyContext};
pub use session::{provide_session_context, use_session, SessionContext};
