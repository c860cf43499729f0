//! `use_config()`: the app's `config.json` (the backend, the title, the
//! default organisation), provided by the shell once it is read.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::AppConfig;

pub fn provide_config(config: Arc<AppConfig>) {
    provide_context(config);
}

pub fn use_config() -> Arc<AppConfig> {
    expect_context::<Arc<AppConfig>>()
}
