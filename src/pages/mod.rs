//! One file per page of the router.

pub mod book;
pub mod login;
pub mod not_found;

pub use book::BookPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
