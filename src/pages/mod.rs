//! One file per page of the router.

pub mod book;
pub mod customer;
pub mod login;
pub mod not_found;

pub use book::BookPage;
pub use customer::CustomerPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
