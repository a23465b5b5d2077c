//! API calls of the home, customers, satisfaction and branch screens.
