//! API calls of the customer page (customer 360) and its service-work forms.
