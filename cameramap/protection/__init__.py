"""What the JSON and HTML edges share to protect submissions: the hashed client key, proof of work,
rate limits, and the CSRF, log-in and proxy set-up (bound to the app in `setup.init_app`)."""
