//! `use_api()`: the backend the app talks to, provided by the shell once
//! `config.json` is read (`provide_api`).

use leptos::prelude::*;

use crate::api::Api;
use crate::domain::device_keys::DeviceKeys;

/// Makes `api` the backend every page and component reads.
pub fn provide_api(api: Api) {
    provide_context(api);
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

/// Where this device keeps what is written for, or given by, the backend
/// the app talks to (`domain::device_keys`).
pub fn use_device_keys() -> DeviceKeys {
    DeviceKeys::new(use_api().base())
}
